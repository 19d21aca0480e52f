"""Items of a procurement request: the list, ten to a page, and the card of one item."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import (
    Button,
    CurrentPage,
    Group,
    NextPage,
    PrevPage,
    Row,
    Select,
    StubScroll,
)
from aiogram_dialog.widgets.text import Const, Format
from magic_filter import F

from bot.i18n import T, esc
from dialogs.common.edge import buttons_only, flash_error, tr
from dialogs.common.widgets import Html, flashes
from dialogs.new_request import preview
from dialogs.new_request.flow import advance, go_back
from dialogs.new_request.item_fields import (
    PAGE_SIZE,
    SCROLL,
    editing,
    item_field_windows,
    show_item_page,
    step_getter,
)
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.summary_text import item_label
from flows.errors import N_

MAX_ITEMS = 200
LINE_LIMIT = 150
BUTTON_LIMIT = 28


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def items_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    items = dialog_manager.dialog_data["items"]
    pages = max(1, -(-len(items) // PAGE_SIZE))
    scroll = dialog_manager.find(SCROLL)
    assert scroll is not None
    page = min(await scroll.get_page(), pages - 1)
    first = page * PAGE_SIZE
    shown = list(enumerate(items))[first : first + PAGE_SIZE]
    lines = [f"{n + 1}. {esc(_short(item_label(item), LINE_LIMIT))}" for n, item in shown]
    buttons = [(n, f"✏️ {n + 1}. {_short(item['name'], BUTTON_LIMIT)}") for n, item in shown]
    return {
        "lines": "\n".join(lines),
        "buttons": buttons,
        "pages": pages,
        "paged": pages > 1,
        "count": len(items),
    }


async def on_add(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if len(manager.dialog_data["items"]) >= MAX_ITEMS:
        flash_error(
            manager, tr(manager, N_("A request holds at most {count} items."), count=MAX_ITEMS)
        )
        return
    manager.dialog_data.update(item={}, item_idx=None)
    await manager.switch_to(S.item_name)


async def on_items_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if not manager.dialog_data["items"]:
        flash_error(manager, tr(manager, N_("Add at least one item.")))
        return
    await advance(manager, S.items)


async def on_items_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go_back(manager, S.items)


async def on_item(
    callback: CallbackQuery, widget: Any, manager: DialogManager, index: int
) -> None:
    if 0 <= index < len(manager.dialog_data["items"]):
        manager.dialog_data["item_idx"] = index
        await manager.switch_to(S.item)


async def on_item_action(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    action = button.widget_id
    if action in ("id", "ib"):
        index = editing(data)
        if action == "id" and index is not None:
            data["items"].pop(index)
            await show_item_page(manager, index)
        data["item_idx"] = None
        await manager.switch_to(S.items)
        return
    states = {"en": S.item_name, "eq": S.item_qty, "eu": S.item_unit, "es": S.item_spec}
    await manager.switch_to(states[str(action)])


def item_windows() -> list[Window]:
    pager = Row(
        PrevPage(scroll=SCROLL, text=Const("◀")),
        CurrentPage(scroll=SCROLL, text=Format("{current_page1} / {pages}")),
        NextPage(scroll=SCROLL, text=Const("▶")),
        when=F["paged"],
    )
    return [
        Window(
            *flashes(),
            T("<b>Items ({count})</b>\nTap an item to change or remove it."),
            Html("lines"),
            StubScroll(id=SCROLL, pages="pages"),
            Group(
                Select(
                    Format("{item[1]}"),
                    id="il",
                    item_id_getter=lambda row: row[0],
                    items="buttons",
                    type_factory=int,
                    on_click=on_item,
                ),
                width=2,
            ),
            pager,
            Button(T("➕ Add an item"), id="ia", on_click=on_add),
            Row(
                Button(T("◀ Back"), id="bk", on_click=on_items_back),
                Button(T("Next ▶"), id="nx", on_click=on_items_done),
            ),
            buttons_only(),
            state=S.items,
            getter=items_getter,
            preview_data=preview.ITEMS,
        ),
        *item_field_windows(),
        Window(
            *flashes(),
            T("<b>Item {number}</b>\n{label}"),
            Row(
                Button(T("✏️ Name"), id="en", on_click=on_item_action),
                Button(T("✏️ Quantity"), id="eq", on_click=on_item_action),
            ),
            Row(
                Button(T("✏️ Unit"), id="eu", on_click=on_item_action),
                Button(T("✏️ Specification"), id="es", on_click=on_item_action),
            ),
            Button(T("🗑 Remove the item"), id="id", on_click=on_item_action),
            Button(T("◀ To the list"), id="ib", on_click=on_item_action),
            buttons_only(),
            state=S.item,
            getter=step_getter,
            preview_data=preview.ITEM,
        ),
    ]
