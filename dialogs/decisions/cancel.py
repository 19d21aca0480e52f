"""Cancellation with a reason: the executor asks, the project manager cancels directly or
keeps the request the executor asked to cancel."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Cancel

from bot.i18n import T, esc, locale_of
from dialogs.approvals.messages import DecisionMessages
from dialogs.approvals.text import CANCELLED, KEPT, done_line
from dialogs.common.edge import actor_of, deps_of, flash_getter, text_input, tr
from dialogs.common.widgets import flashes
from dialogs.decisions.common import (
    card_of,
    finish,
    messages_of,
    required_reason,
    result_window,
    start_int,
    start_value,
    tapped_ref,
)
from dialogs.decisions.states import CancelSG
from flows import access_views
from flows.approval_views import open_purposes
from flows.delivery_log import SentRef
from flows.errors import N_, DomainError
from flows.services import cancel
from locales import render_error
from storage.tables import Request

logger = logging.getLogger(__name__)

PREVIEW = {"number": "Т-000123"}
Step = Callable[[DialogManager, int, str], Awaitable[str]]


async def number_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    card = await card_of(manager)
    return {"number": card.request.number}


async def _ask(manager: DialogManager, request_id: int, reason: str) -> str:
    await cancel.request_cancel(
        deps_of(manager),
        actor_of(manager),
        request_id,
        reason=reason,
        version=start_value(manager, "version"),
    )
    return N_("✅ Your request to cancel went to the project manager.")


async def _direct(manager: DialogManager, request_id: int, reason: str) -> str:
    request = await cancel.cancel(
        deps_of(manager),
        actor_of(manager),
        request_id,
        reason=reason,
        version=start_value(manager, "version"),
    )
    await announce_cancelled(messages_of(manager), manager, request, tapped=tapped_ref(manager))
    return N_("❌ The request is cancelled.")


async def _refuse(manager: DialogManager, request_id: int, reason: str) -> str:
    await cancel.reject_cancel(
        deps_of(manager),
        actor_of(manager),
        request_id,
        comment=reason,
        version=start_value(manager, "version"),
    )
    messages = messages_of(manager)
    name = await _name(manager)
    line = done_line(KEPT, messages.ctx, name=name, at=messages.deps.now(), reason=reason)
    tapped = tapped_ref(manager)
    for purpose in await open_purposes(messages.deps, request_id):
        if purpose.startswith("cancel:"):
            await messages.notice_done(purpose, line, tapped)
            tapped = None
    return N_("↩️ The request stays in work; the executor is told.")


async def _name(manager: DialogManager) -> str:
    user = manager.middleware_data["event_from_user"]
    return (await access_views.person(deps_of(manager), user.id)).name


async def announce_cancelled(
    messages: DecisionMessages,
    manager: DialogManager,
    request: Request,
    tapped: SentRef | None = None,
) -> None:
    """Every message of the cancelled request with buttons says so and loses them."""
    assert request.id is not None
    name = await _name(manager)
    line = done_line(
        CANCELLED, messages.ctx, name=name, at=messages.deps.now(), number=request.number
    )
    await messages.request_closed(request.id, line, tapped)


def _on_reason(step: Step) -> Callable[[Message, DialogManager, str], Awaitable[None]]:
    async def on_reason(message: Message, manager: DialogManager, text: str) -> None:
        reason = required_reason(text)
        request_id = start_int(manager, "request_id")
        try:
            done = await step(manager, request_id, reason)
        except DomainError as error:
            logger.info("cancellation step on request %s refused: %s", request_id, error.log_text)
            text = "⚠️ " + esc(render_error(error, locale_of(manager)))
            await finish(manager, CancelSG.done, text)
            return
        await finish(manager, CancelSG.done, esc(tr(manager, done)))

    return on_reason


def _reason_window(state: State, prompt: T, step: Step) -> Window:
    return Window(
        *flashes(),
        prompt,
        *text_input(_on_reason(step)),
        Cancel(T("✖️ Back, do nothing"), id="cn"),
        state=state,
        getter=number_getter,
        preview_data=PREVIEW,
    )


def cancel_dialog() -> Dialog:
    return Dialog(
        _reason_window(
            CancelSG.ask,
            T(
                "<b>Ask to cancel request {number}</b>\nWhy should it be cancelled? Write "
                "the reason in one message; the project manager decides."
            ),
            _ask,
        ),
        _reason_window(
            CancelSG.direct,
            T(
                "<b>Cancel request {number}</b>\nThe request will be cancelled for good and "
                "its open approvals closed. Write the reason in one message."
            ),
            _direct,
        ),
        _reason_window(
            CancelSG.refuse,
            T(
                "<b>Keep request {number}</b>\nWhy is the cancellation refused? Write it in "
                "one message; the executor will see it."
            ),
            _refuse,
        ),
        result_window(CancelSG.done),
        getter=flash_getter,
    )
