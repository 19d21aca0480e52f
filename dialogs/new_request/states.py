"""States of filing a request. Start at ``NewRequestSG.kind`` (start data may carry
``{"kind": "transport" | "procurement"}`` to skip the choice, or ``{"template_id": N}``)."""

from aiogram.fsm.state import State, StatesGroup


class NewRequestSG(StatesGroup):
    kind = State()
