"""The first window: transport, procurement or a template; who may file at all."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from magic_filter import F

from bot.i18n import T, locale_of
from dialogs.common.edge import actor_of, buttons_only, deps_of, flash_error
from dialogs.common.widgets import Esc, flashes
from dialogs.new_request import preview
from dialogs.new_request.data import PROCUREMENT, TRANSPORT, from_draft, new_data
from dialogs.new_request.flow import enter, open_summary, replace_data, steps_of
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.templates import use_template
from flows.errors import DomainError
from flows.reference_views import ensure_may_file, own_draft
from flows.services import templates
from locales import render_error


async def begin(manager: DialogManager, kind: str) -> None:
    """Start filling in a request of ``kind``; a change of kind starts a blank one."""
    if manager.dialog_data.get("kind") != kind:
        await replace_data(manager, new_data(kind))
    await enter(manager, steps_of(manager.dialog_data)[0])


async def on_start(start_data: Any, manager: DialogManager) -> None:
    params = start_data if isinstance(start_data, dict) else {}
    try:
        await ensure_may_file(deps_of(manager), actor_of(manager))
    except DomainError:
        return  # the kind window explains the refusal
    if params.get("request_id") is not None:
        await resume_draft(manager, int(params["request_id"]))
    elif params.get("template_id") is not None:
        await use_template(manager, int(params["template_id"]))
    elif params.get("kind") in (TRANSPORT, PROCUREMENT):
        await begin(manager, params["kind"])


async def resume_draft(manager: DialogManager, request_id: int) -> None:
    """Go on with a draft saved earlier (opened from its card)."""
    try:
        number, draft = await own_draft(deps_of(manager), actor_of(manager), request_id)
    except DomainError as error:
        flash_error(manager, error)
        return
    await replace_data(manager, {**from_draft(draft), "request_id": request_id, "number": number})
    await open_summary(manager)


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    deps, ref = deps_of(dialog_manager), actor_of(dialog_manager)
    try:
        await ensure_may_file(deps, ref)
    except DomainError as error:
        refusal = render_error(error, locale_of(dialog_manager))
        return {"refusal": refusal, "allowed": False, "has_templates": False}
    own = await templates.list_templates(deps, ref)
    return {"refusal": None, "allowed": True, "has_templates": bool(own)}


async def on_kind(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    try:
        await ensure_may_file(deps_of(manager), actor_of(manager))
    except DomainError as error:
        flash_error(manager, error)
        return
    await begin(manager, TRANSPORT if button.widget_id == "kt" else PROCUREMENT)


def kind_window() -> Window:
    allowed = F["allowed"]
    return Window(
        *flashes(),
        T("<b>New request</b>\nWhat is it for?", when=allowed),
        Esc("refusal", prefix="⛔ "),
        Button(T("🚚 Transport"), id="kt", on_click=on_kind, when=allowed),
        Button(T("📦 Procurement of materials"), id="kp", on_click=on_kind, when=allowed),
        SwitchTo(T("📋 From a template"), id="kT", state=S.templates, when=F["has_templates"]),
        Cancel(T("✖ Close")),
        buttons_only(),
        state=S.kind,
        getter=kind_getter,
        preview_data=preview.KIND,
    )
