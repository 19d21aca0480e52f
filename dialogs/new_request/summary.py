"""The summary with an edit button per field, and the request in full, page by page."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    CurrentPage,
    Group,
    NextPage,
    PrevPage,
    Row,
    StubScroll,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Const, Format
from magic_filter import F

from bot.i18n import T
from dialogs.common.edge import buttons_only, deps_of, flash_error, tr
from dialogs.common.parse import InputError
from dialogs.common.widgets import Html, flashes
from dialogs.new_request import preview
from dialogs.new_request.data import PROCUREMENT, TRANSPORT, check_ready
from dialogs.new_request.flow import edit, save
from dialogs.new_request.names import names_for
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.summary_text import full_pages, summary
from flows.errors import N_

FULL_SCROLL = "fp"
# Edit buttons: widget id → (label, state, kind or None for both).
EDITS: dict[str, tuple[str, Any, str | None]] = {
    "er": (N_("✏️ Route"), S.route, TRANSPORT),
    "ei": (N_("✏️ Items"), S.items, PROCUREMENT),
    "ed": (N_("✏️ Cargo"), S.cargo_desc, TRANSPORT),
    "ew": (N_("✏️ Weight"), S.cargo_weight, TRANSPORT),
    "es": (N_("✏️ Size"), S.cargo_size, TRANSPORT),
    "ep": (N_("✏️ Places"), S.cargo_places, TRANSPORT),
    "ef": (N_("✏️ Oversize / heavy"), S.cargo_flags, TRANSPORT),
    "ev": (N_("✏️ Vehicle"), S.vehicle, TRANSPORT),
    "el": (N_("✏️ Loading date"), S.loading_date, TRANSPORT),
    "eq": (N_("✏️ Delivery date"), S.required_date, TRANSPORT),
    "eR": (N_("✏️ Required date"), S.required_date, PROCUREMENT),
    "eA": (N_("✏️ Delivery address"), S.address, PROCUREMENT),
    "ej": (N_("✏️ Project"), S.project, None),
    "ec": (N_("✏️ Cost"), S.cost, None),
    "ea": (N_("✏️ Attachments"), S.attachments, None),
    "em": (N_("✏️ Comment"), S.comment, None),
}


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    names = await names_for(dialog_manager, data)
    shown = summary(data, names, partial(tr, dialog_manager))
    kind = data["kind"]
    return {
        "body": shown.html,
        "cut": shown.cut,
        TRANSPORT: kind == TRANSPORT,
        PROCUREMENT: kind == PROCUREMENT,
    }


async def on_edit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await edit(manager, EDITS[str(button.widget_id)][1])


async def on_submit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Check what can be checked here, then ask for the final confirmation."""
    try:
        check_ready(manager.dialog_data, deps_of(manager).today())
    except InputError as error:
        flash_error(manager, error)
        return
    if await save(manager):
        await manager.switch_to(S.confirm)


async def full_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    names = await names_for(dialog_manager, data)
    pages = full_pages(data, names, partial(tr, dialog_manager))
    scroll = dialog_manager.find(FULL_SCROLL)
    assert scroll is not None
    page = min(await scroll.get_page(), len(pages) - 1)
    return {"page": pages[page], "pages": len(pages), "paged": len(pages) > 1}


def _edit_buttons() -> Group:
    buttons = [
        Button(T(label), id=widget_id, on_click=on_edit, when=F[kind] if kind else None)
        for widget_id, (label, _, kind) in EDITS.items()
    ]
    return Group(*buttons, width=2)


def summary_windows() -> list[Window]:
    return [
        Window(
            *flashes(),
            Html("body"),
            _edit_buttons(),
            SwitchTo(T("📄 Show in full"), id="sf", state=S.full_text, when=F["cut"]),
            SwitchTo(T("💾 Save as a template"), id="st", state=S.template_name),
            Button(T("✅ Submit"), id="ss", on_click=on_submit),
            Cancel(T("✖ Close (the draft is kept)"), id="sc"),
            buttons_only(),
            state=S.summary,
            getter=summary_getter,
            preview_data=preview.SUMMARY,
        ),
        Window(
            Html("page"),
            StubScroll(id=FULL_SCROLL, pages="pages"),
            Row(
                PrevPage(scroll=FULL_SCROLL, text=Const("◀")),
                CurrentPage(scroll=FULL_SCROLL, text=Format("{current_page1} / {pages}")),
                NextPage(scroll=FULL_SCROLL, text=Const("▶")),
                when=F["paged"],
            ),
            SwitchTo(T("◀ To the summary"), id="fb", state=S.summary),
            buttons_only(),
            state=S.full_text,
            getter=full_getter,
            preview_data=preview.FULL,
        ),
    ]
