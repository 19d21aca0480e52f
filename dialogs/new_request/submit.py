"""The final confirmation with the emergency verdict, the submission and its result."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel
from aiogram_dialog.widgets.text import Format
from magic_filter import F

from bot.i18n import T
from dialogs.common.edge import actor_of, buttons_only, deps_of, flash_error, tr
from dialogs.common.parse import InputError, fmt_date
from dialogs.common.widgets import flashes
from dialogs.my_requests.states import RequestCardSG
from dialogs.new_request import preview
from dialogs.new_request.data import TRANSPORT, check_ready, deadline_of
from dialogs.new_request.fields import set_date
from dialogs.new_request.flow import BACK, TO_CONFIRM, edit, open_summary, save
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.summary_text import fmt_number
from flows.errors import N_, DomainError
from flows.reference_views import emergency_preview
from flows.services import requests

logger = logging.getLogger(__name__)


def _deadline_state(data: dict[str, Any]) -> Any:
    return S.loading_date if data["kind"] == TRANSPORT else S.required_date


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    deadline = deadline_of(data)
    if deadline is None:  # cleared meanwhile; the summary says what is missing
        return {"known": False, "number": data.get("number") or ""}
    preview = await emergency_preview(deps_of(dialog_manager), data["kind"], deadline)
    verdict = preview.verdict
    transport = data["kind"] == TRANSPORT
    return {
        "known": True,
        "number": data.get("number") or "",
        "emergency": verdict.is_emergency,
        "transport": transport,
        "days": fmt_number(max(verdict.available_working_days, 0)),
        "lead": verdict.lead_days,
        "deadline": fmt_date(deadline),
        "safe": fmt_date(preview.safe_date),
        "can_move": verdict.is_emergency and preview.safe_date > deadline,
        "move_label": tr(
            dialog_manager, N_("📅 Move to {date}"), date=fmt_date(preview.safe_date)
        ),
    }


async def on_confirm(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Save the draft as it stands and submit it; a refusal keeps the person here."""
    data = manager.dialog_data
    deps, ref = deps_of(manager), actor_of(manager)
    try:
        check_ready(data, deps.today())
    except InputError as error:
        flash_error(manager, error)
        return
    if not await save(manager):
        return
    try:
        request, verdict = await requests.submit(deps, ref, data["request_id"])
    except DomainError as error:
        logger.info("request %s not submitted: %s", data["request_id"], error.log_text)
        flash_error(manager, error)
        return
    data["result"] = {
        "id": request.id,
        "number": request.number,
        "status": request.status,
        "emergency": verdict.is_emergency,
    }
    await manager.switch_to(S.done)


async def on_move(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Take the first date that is not an emergency."""
    data = manager.dialog_data
    deadline = deadline_of(data)
    if deadline is None:
        return
    preview = await emergency_preview(deps_of(manager), data["kind"], deadline)
    data[BACK] = TO_CONFIRM
    key = "loading_date" if data["kind"] == TRANSPORT else "required_date"
    try:
        await set_date(manager, key, preview.safe_date)
    except InputError as error:
        flash_error(manager, error)


async def on_change_date(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await edit(manager, _deadline_state(manager.dialog_data), back=TO_CONFIRM)


async def on_to_summary(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await open_summary(manager)


async def done_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    result = dialog_manager.dialog_data.get("result") or {}
    status = tr(dialog_manager, result.get("status") or "submitted")
    return {
        "number": result.get("number", ""),
        "status": status,
        "emergency": bool(result.get("emergency")),
    }


async def on_open_card(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    result = manager.dialog_data.get("result") or {}
    await manager.start(RequestCardSG.card, data={"request_id": result.get("id")})


def submit_windows() -> list[Window]:
    emergency, calm = F["emergency"], ~F["emergency"] & F["known"]
    transport, procurement = F["transport"], ~F["transport"]
    return [
        Window(
            *flashes(),
            T("<b>Submit request {number}?</b>"),
            T(
                "🚨 Emergency request: {days} working days left before the loading date "
                "{deadline}, the standard lead time is {lead}.",
                when=emergency & transport,
            ),
            T(
                "🚨 Emergency request: {days} working days left before the required date "
                "{deadline}, the standard lead time is {lead}.",
                when=emergency & procurement,
            ),
            T(
                "The first date that is not an emergency is {safe}. You may move the date "
                "or submit as it is.",
                when=emergency,
            ),
            T(
                "✅ Not an emergency: {days} working days before the loading date {deadline}, "
                "the standard lead time is {lead}.",
                when=calm & transport,
            ),
            T(
                "✅ Not an emergency: {days} working days before the required date {deadline}, "
                "the standard lead time is {lead}.",
                when=calm & procurement,
            ),
            Button(T("✅ Submit"), id="cs", on_click=on_confirm, when=F["known"]),
            Button(Format("{move_label}"), id="cm", on_click=on_move, when=F["can_move"]),
            Button(T("📅 Change the date"), id="cd", on_click=on_change_date),
            Button(T("◀ To the summary"), id="cb", on_click=on_to_summary),
            buttons_only(),
            state=S.confirm,
            getter=confirm_getter,
            preview_data=preview.CONFIRM,
        ),
        Window(
            T("✅ Request <b>{number}</b> is submitted.\nStatus: {status}."),
            T("🚨 It counts as an emergency request.", when=F["emergency"]),
            Button(T("📄 Open the request"), id="do", on_click=on_open_card),
            Cancel(T("Done"), id="dc"),
            buttons_only(),
            state=S.done,
            getter=done_getter,
            preview_data=preview.DONE,
        ),
    ]
