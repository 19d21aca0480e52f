"""Questions about one item of a procurement request: name, quantity, unit, spec."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format
from magic_filter import F

from bot.i18n import T
from dialogs.common.edge import deps_of, text_input
from dialogs.common.parse import parse_quantity, parse_text
from dialogs.common.widgets import flashes
from dialogs.new_request import preview
from dialogs.new_request.flow import go_back, save
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.summary_text import fmt_number, item_label
from flows import reference_views

PAGE_SIZE = 10
SCROLL = "ip"  # the item list's page scroll


def editing(data: dict[str, Any]) -> int | None:
    return data.get("item_idx")


def _target(data: dict[str, Any]) -> dict[str, Any]:
    index = editing(data)
    return data["items"][index] if index is not None else data.setdefault("item", {})


async def _next(manager: DialogManager, state: Any) -> None:
    """After a field: back to the item card when editing one, else the next question."""
    await manager.switch_to(S.item if editing(manager.dialog_data) is not None else state)


async def show_item_page(manager: DialogManager, index: int) -> None:
    """Turn the list to the page holding item ``index`` (clamped to the list)."""
    scroll = manager.find(SCROLL)
    assert scroll is not None
    last = max(len(manager.dialog_data["items"]) - 1, 0)
    await scroll.set_page(min(index, last) // PAGE_SIZE)


async def _finish_item(manager: DialogManager) -> None:
    data = manager.dialog_data
    if editing(data) is None:
        data["items"].append(data.pop("item"))
        await save(manager)
        await show_item_page(manager, len(data["items"]) - 1)
        await manager.switch_to(S.items)
    else:
        await manager.switch_to(S.item)


async def on_name(message: Message, manager: DialogManager, text: str) -> None:
    _target(manager.dialog_data)["name"] = parse_text(text, limit=500)
    await _next(manager, S.item_qty)


async def on_quantity(message: Message, manager: DialogManager, text: str) -> None:
    quantity = parse_quantity(text)
    target = _target(manager.dialog_data)
    target["quantity"] = quantity.value
    if quantity.unit:
        target["unit"] = quantity.unit
    await _next(manager, S.item_spec if quantity.unit else S.item_unit)


async def on_unit_text(message: Message, manager: DialogManager, text: str) -> None:
    _target(manager.dialog_data)["unit"] = parse_text(text, limit=32).strip()
    await _next(manager, S.item_spec)


async def on_unit(callback: CallbackQuery, widget: Any, manager: DialogManager, uid: int) -> None:
    units = {u.id: u.name for u in await reference_views.units(deps_of(manager))}
    if uid in units:
        _target(manager.dialog_data)["unit"] = units[uid]
        await _next(manager, S.item_spec)


async def on_spec(message: Message, manager: DialogManager, text: str) -> None:
    _target(manager.dialog_data)["spec"] = parse_text(text, limit=500)
    await _finish_item(manager)


async def on_no_spec(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    _target(manager.dialog_data)["spec"] = None
    await _finish_item(manager)


async def on_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    data.pop("item", None)
    if editing(data) is not None:
        await manager.switch_to(S.item)
    elif not data["items"]:
        await go_back(manager, S.items)
    else:
        await manager.switch_to(S.items)


async def step_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    index = editing(data)
    item = _target(data)
    units = await reference_views.units(deps_of(dialog_manager))
    quantity = item.get("quantity")
    return {
        "number": (index if index is not None else len(data["items"])) + 1,
        "label": item_label(item) if {"name", "quantity", "unit"} <= item.keys() else "",
        "name": item.get("name"),
        "quantity": fmt_number(quantity) if quantity else None,
        "unit": item.get("unit"),
        "spec": item.get("spec"),
        "units": [(u.id, u.name) for u in units],
    }


def _step(state: Any, prompt: T, *widgets: Any) -> Window:
    return Window(
        *flashes(),
        T("<b>Item {number}</b>"),
        prompt,
        *widgets,
        Button(T("✖ Cancel"), id="ic", on_click=on_cancel),
        state=state,
        getter=step_getter,
        preview_data=preview.ITEM,
    )


def item_field_windows() -> list[Window]:
    return [
        _step(
            S.item_name,
            T("Name of the item, for example «Sling 10 t».\nNow: {name}", when=F["name"]),
            T("Name of the item, for example «Sling 10 t».", when=~F["name"]),
            *text_input(on_name),
        ),
        _step(
            S.item_qty,
            T("Quantity: a number, with the unit if you like, for example «10» or «2.5 m³»."),
            T("Now: {quantity}", when=F["quantity"]),
            *text_input(on_quantity),
        ),
        _step(
            S.item_unit,
            T("Unit: choose below or type it."),
            T("Now: {unit}", when=F["unit"]),
            ScrollingGroup(
                Select(
                    Format("{item[1]}"),
                    id="un",
                    item_id_getter=lambda r: r[0],
                    items="units",
                    type_factory=int,
                    on_click=on_unit,
                ),
                id="uns",
                width=4,
                height=4,
                hide_on_single_page=True,
            ),
            *text_input(on_unit_text),
        ),
        _step(
            S.item_spec,
            T("Specification or article number, if it matters."),
            T("Now: {spec}", when=F["spec"]),
            Button(T("No specification ▶"), id="sk", on_click=on_no_spec),
            *text_input(on_spec),
        ),
    ]
