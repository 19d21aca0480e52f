"""Templates in the filing dialog: keep the current request as one, start from one, delete one."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, ScrollingGroup, Select, SwitchTo
from aiogram_dialog.widgets.text import Format
from magic_filter import F

from bot.i18n import T, locale_of
from dialogs.common.edge import (
    actor_of,
    buttons_only,
    deps_of,
    flash_error,
    flash_notice,
    text_input,
    tr,
)
from dialogs.common.parse import parse_text
from dialogs.common.widgets import Esc, Html, flashes
from dialogs.new_request import preview
from dialogs.new_request.data import TRANSPORT, from_draft, to_draft
from dialogs.new_request.flow import open_summary, replace_data
from dialogs.new_request.names import names_for
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.summary_text import summary
from flows.errors import N_, DomainError
from flows.services import templates
from flows.services.templates import NAME_LIMIT
from locales import render_error

ICONS = {TRANSPORT: "🚚"}


async def use_template(manager: DialogManager, template_id: int) -> None:
    """Fill the request in from a template and show the summary."""
    try:
        info, draft = await templates.load_template(
            deps_of(manager), actor_of(manager), template_id
        )
    except DomainError as error:
        flash_error(manager, error)
        await manager.switch_to(S.templates)
        return
    await replace_data(manager, from_draft(draft))
    flash_notice(
        manager,
        tr(
            manager,
            N_("Filled in from the template «{name}». Set the dates and check the rest."),
            name=info.name,
        ),
    )
    await open_summary(manager)


async def templates_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    own = await templates.list_templates(deps_of(dialog_manager), actor_of(dialog_manager))
    rows = [(t.id, f"{ICONS.get(t.kind, '📦')} {t.name}") for t in own]
    return {"templates": rows, "empty": not rows}


async def template_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    template_id = dialog_manager.dialog_data.get("template_id")
    try:
        info, draft = await templates.load_template(
            deps_of(dialog_manager), actor_of(dialog_manager), int(template_id or 0)
        )
    except DomainError as error:
        problem = render_error(error, locale_of(dialog_manager))
        return {"name": "", "body": "", "found": False, "problem": problem}
    data = from_draft(draft)
    names = await names_for(dialog_manager, data)
    body = summary(data, names, partial(tr, dialog_manager)).html
    return {"name": info.name, "body": body, "found": True, "problem": None}


async def on_pick(
    callback: CallbackQuery, widget: Any, manager: DialogManager, template_id: int
) -> None:
    manager.dialog_data["template_id"] = template_id
    await manager.switch_to(S.template)


async def on_use(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await use_template(manager, int(manager.dialog_data.get("template_id") or 0))


async def on_delete(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    template_id = int(manager.dialog_data.pop("template_id", 0) or 0)
    try:
        await templates.delete_template(deps_of(manager), actor_of(manager), template_id)
    except DomainError as error:
        flash_error(manager, error)
    else:
        flash_notice(manager, tr(manager, N_("The template is deleted.")))
    await manager.switch_to(S.templates)


async def on_name(message: Message, manager: DialogManager, text: str) -> None:
    name = parse_text(text, limit=NAME_LIMIT)
    info = await templates.save_template(
        deps_of(manager), actor_of(manager), name, to_draft(manager.dialog_data)
    )
    flash_notice(manager, tr(manager, N_("Saved as the template «{name}»."), name=info.name))
    await manager.switch_to(S.summary)


def template_windows() -> list[Window]:
    return [
        Window(
            *flashes(),
            T(
                "<b>Your templates</b>\nChoose one to fill the request in from it.",
                when=~F["empty"],
            ),
            T(
                "You have no templates yet. Save one from the summary of a request.",
                when=F["empty"],
            ),
            ScrollingGroup(
                Select(
                    Format("{item[1]}"),
                    id="tl",
                    item_id_getter=lambda row: row[0],
                    items="templates",
                    type_factory=int,
                    on_click=on_pick,
                ),
                id="tls",
                width=1,
                height=8,
                hide_on_single_page=True,
            ),
            SwitchTo(T("◀ Back"), id="tb", state=S.kind),
            buttons_only(),
            state=S.templates,
            getter=templates_getter,
            preview_data=preview.TEMPLATES,
        ),
        Window(
            *flashes(),
            T("<b>Template «{name}»</b>", when=F["found"]),
            Html("body"),
            Esc("problem", prefix="⚠️ "),
            Button(T("✅ Fill in from it"), id="tu", on_click=on_use, when=F["found"]),
            Button(T("🗑 Delete the template"), id="td", on_click=on_delete, when=F["found"]),
            SwitchTo(T("◀ Back"), id="tb", state=S.templates),
            buttons_only(),
            state=S.template,
            getter=template_getter,
            preview_data=preview.TEMPLATE,
        ),
        Window(
            *flashes(),
            T(
                "Name the template (up to {limit} characters), "
                "for example «Slings to warehouse 2»."
            ),
            *text_input(on_name),
            SwitchTo(T("◀ Back"), id="tb", state=S.summary),
            state=S.template_name,
            getter={"limit": NAME_LIMIT},
            preview_data=preview.TEMPLATE_NAME,
        ),
    ]
