"""States of filing a request. Start at ``NewRequestSG.kind`` (start data may carry
``{"kind": "transport" | "procurement"}`` to skip the choice, ``{"template_id": N}`` to
fill it in from a template, or ``{"request_id": N}`` to go on with one's own draft)."""

from aiogram.fsm.state import State, StatesGroup


class NewRequestSG(StatesGroup):
    kind = State()
    # Transport: route points, cargo, vehicle.
    route = State()
    point_address = State()
    point_region = State()
    point = State()
    cargo_desc = State()
    cargo_weight = State()
    cargo_size = State()
    cargo_places = State()
    cargo_flags = State()
    vehicle = State()
    # Procurement: items and where to deliver them.
    items = State()
    item_name = State()
    item_qty = State()
    item_unit = State()
    item_spec = State()
    item = State()
    address = State()
    # Both kinds.
    loading_date = State()
    required_date = State()
    project = State()
    cost = State()
    attachments = State()
    comment = State()
    summary = State()
    full_text = State()
    confirm = State()
    done = State()
    templates = State()
    template = State()
    template_name = State()
