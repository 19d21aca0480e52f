"""Cargo of a transport request: description, weight, size, places, flags; the vehicle type."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format

from bot.i18n import T
from dialogs.common.edge import buttons_only, deps_of, text_input
from dialogs.common.parse import (
    InputError,
    parse_dimensions,
    parse_places,
    parse_text,
    parse_weight,
)
from dialogs.common.widgets import flashes
from dialogs.new_request import preview
from dialogs.new_request.flow import advance
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.steps import back_button, skip_button, step_window
from dialogs.new_request.summary_text import Tr, fmt_size, fmt_weight
from flows import reference_views
from flows.errors import N_


def _cargo(data: dict[str, Any]) -> dict[str, Any]:
    cargo: dict[str, Any] = data.setdefault("cargo", {})
    return cargo


async def on_description(message: Message, manager: DialogManager, text: str) -> None:
    _cargo(manager.dialog_data)["description"] = parse_text(text, limit=2000)
    await advance(manager, S.cargo_desc)


async def on_weight(message: Message, manager: DialogManager, text: str) -> None:
    _cargo(manager.dialog_data)["weight_kg"] = parse_weight(text)
    await advance(manager, S.cargo_weight)


async def on_size(message: Message, manager: DialogManager, text: str) -> None:
    length, width, height = parse_dimensions(text)
    _cargo(manager.dialog_data).update(length_m=length, width_m=width, height_m=height)
    await advance(manager, S.cargo_size)


async def on_places(message: Message, manager: DialogManager, text: str) -> None:
    _cargo(manager.dialog_data)["places"] = parse_places(text)
    await advance(manager, S.cargo_places)


def _clear_size(data: dict[str, Any]) -> None:
    _cargo(data).update(length_m=None, width_m=None, height_m=None)


def _clear_places(data: dict[str, Any]) -> None:
    _cargo(data)["places"] = None


def _weight_shown(data: dict[str, Any], tr: Tr) -> str | None:
    weight = _cargo(data).get("weight_kg")
    return fmt_weight(weight, tr) if weight else None


async def flags_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    cargo = _cargo(dialog_manager.dialog_data)
    marks = {True: "✅", False: "⬜"}
    return {
        "oversize": marks[bool(cargo.get("oversize"))],
        "heavy": marks[bool(cargo.get("heavy"))],
    }


async def on_flag(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    cargo = _cargo(manager.dialog_data)
    name = "oversize" if button.widget_id == "fo" else "heavy"
    cargo[name] = not cargo.get(name)


async def on_flags_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await advance(manager, S.cargo_flags)


async def vehicle_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    chosen = dialog_manager.dialog_data.get("vehicle_type_id")
    rows = await reference_views.vehicle_types(deps_of(dialog_manager))
    return {"vehicles": [(v.id, ("✅ " if v.id == chosen else "") + v.name) for v in rows]}


async def on_vehicle(
    callback: CallbackQuery, widget: Any, manager: DialogManager, vid: int
) -> None:
    manager.dialog_data["vehicle_type_id"] = vid
    await advance(manager, S.vehicle)


async def on_vehicle_text(message: Message, manager: DialogManager, text: str) -> None:
    query = parse_text(text, limit=100).strip().casefold()
    rows = await reference_views.vehicle_types(deps_of(manager))
    found = [v for v in rows if query in v.name.casefold()]
    if len(found) != 1:
        raise InputError(N_("Choose the vehicle type with a button below."))
    manager.dialog_data["vehicle_type_id"] = found[0].id
    await advance(manager, S.vehicle)


def _clear_vehicle(data: dict[str, Any]) -> None:
    data["vehicle_type_id"] = None


def cargo_windows() -> list[Window]:
    return [
        step_window(
            S.cargo_desc,
            T("<b>Cargo</b>\nWhat is carried: name, packing, anything the carrier must know."),
            on_description,
            lambda data, tr: _cargo(data).get("description"),
        ),
        step_window(
            S.cargo_weight,
            T(
                "<b>Weight of the cargo</b>\nIn tonnes or kilograms, for example «12.5 t» "
                "or «12 500 kg»."
            ),
            on_weight,
            _weight_shown,
            preview_data=preview.WEIGHT,
        ),
        step_window(
            S.cargo_size,
            T(
                "<b>Size of the cargo</b>\nLength × width × height in metres, for example "
                "«12 × 3 × 2.5»."
            ),
            on_size,
            lambda data, tr: fmt_size(_cargo(data), tr),
            clear=_clear_size,
        ),
        step_window(
            S.cargo_places,
            T("<b>Number of places</b>\nHow many pieces or packages, for example «3»."),
            on_places,
            lambda data, tr: _cargo(data).get("places"),
            clear=_clear_places,
        ),
        Window(
            *flashes(),
            T("<b>Oversize and heavy cargo</b>\nTap to switch on or off, then «Next»."),
            Button(T("{oversize} Oversize"), id="fo", on_click=on_flag),
            Button(T("{heavy} Heavy"), id="fh", on_click=on_flag),
            Row(back_button(), Button(T("Next ▶"), id="nx", on_click=on_flags_done)),
            buttons_only(),
            state=S.cargo_flags,
            getter=flags_getter,
            preview_data=preview.FLAGS,
        ),
        Window(
            *flashes(),
            T("<b>Vehicle type</b>\nChoose the type the cargo needs."),
            ScrollingGroup(
                Select(
                    Format("{item[1]}"),
                    id="vt",
                    item_id_getter=lambda row: row[0],
                    items="vehicles",
                    type_factory=int,
                    on_click=on_vehicle,
                ),
                id="vts",
                width=2,
                height=6,
                hide_on_single_page=True,
            ),
            *text_input(on_vehicle_text),
            Row(back_button(), skip_button(_clear_vehicle, N_("Any type ▶"))),
            state=S.vehicle,
            getter=vehicle_getter,
            preview_data=preview.VEHICLES,
        ),
    ]
