"""One-tap decisions from notifications: approve or reject an approval, confirm receipt,
decide on an executor's request to cancel.

Each tap makes one service call, and the service re-checks everything, so a stale, forged or
repeated tap changes nothing. A tap that needs a typed comment opens a short dialog
(``dialogs/decisions``). After a decision every copy of the message shows the outcome in
place of its buttons (``dialogs.approvals.messages``).
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from aiogram_dialog import DialogManager, ShowMode

from bot.callbacks import ApprovalCb, CancelCb, ReceiptCb
from bot.render import card_button, current_locale, keyboard
from dialogs.approvals.messages import DecisionMessages, edit_quietly, tapped_of
from dialogs.approvals.text import CANCELLED, RECEIVED_FULL, done_line
from dialogs.card import Ctx, status_text
from dialogs.card.fmt import format_instant
from dialogs.decisions.states import CancelSG, ReceiptSG, RejectSG
from flows import access_views
from flows.actor import ActorRef
from flows.approval_views import MOVED_ON, ApprovalState, approval_states, decidable
from flows.enums import Action, Decision, Receipt, Status
from flows.errors import N_, AlreadyDecided, Refused
from flows.services import cancel, decisions, delivery
from flows.services.context import Deps
from flows.views import RequestCard, request_card
from locales import render

logger = logging.getLogger(__name__)


def _messages(deps: Deps, bot: Bot) -> DecisionMessages:
    return DecisionMessages(deps, bot, Ctx(current_locale(), deps.company_tz))


def _tapped_data(callback: CallbackQuery) -> list[int]:
    tapped = tapped_of(callback)
    return [tapped.chat_id, tapped.message_id] if tapped else []


# --- approvals ---------------------------------------------------------------------------


async def on_approval(
    callback: CallbackQuery,
    callback_data: ApprovalCb,
    deps: Deps,
    bot: Bot,
    dialog_manager: DialogManager,
) -> None:
    ref, approval_id = ActorRef.telegram(callback.from_user.id), callback_data.id
    messages = _messages(deps, bot)
    try:
        if callback_data.ok:
            outcome = await decisions.decide(deps, ref, approval_id, approve=True)
        else:
            await decidable(deps, ref, approval_id)
    except AlreadyDecided:
        await _already(callback, approval_id, messages)
        return
    if not callback_data.ok:
        await callback.answer()
        data = {"approval_id": approval_id, "tapped": _tapped_data(callback)}
        await dialog_manager.start(RejectSG.comment, data=data, show_mode=ShowMode.SEND)
        return
    await messages.decided(outcome, tapped_of(callback))
    await callback.answer(_("Approved."))


async def _already(callback: CallbackQuery, approval_id: int, messages: DecisionMessages) -> None:
    """A second tap, or a tap after the request moved on: say so and retire the buttons."""
    [state] = await approval_states(messages.deps, [approval_id])
    tapped = tapped_of(callback)
    if state.decision in (Decision.approved, Decision.rejected):
        await messages.approvals([approval_id], tapped=(approval_id, tapped))
        text = await _already_text(callback, state, messages)
    else:
        await messages.moved_on(state, tapped)
        text = _(MOVED_ON)
    await callback.answer(text, show_alert=True)


async def _already_text(
    callback: CallbackQuery, state: ApprovalState, messages: DecisionMessages
) -> str:
    me = await access_views.person(messages.deps, callback.from_user.id)
    at = format_instant(state.decided_at, messages.ctx)
    if state.decided_by == me.user_id:
        return render(N_("Already decided by you at {time}."), {"time": at}, current_locale())
    params = {"name": state.decided_by_name, "time": at}
    return render(N_("Already decided by {name} at {time}."), params, current_locale())


# --- receipt -----------------------------------------------------------------------------


async def _moved_on(callback: CallbackQuery, card: RequestCard, bot: Bot) -> None:
    """The question is answered already or the request moved on: show where it is now."""
    locale = current_locale()
    request = card.request
    assert request.id is not None
    text = render(
        N_("Request {number} is now «{status}»."),
        {"number": request.number, "status": status_text(request.status, Ctx(locale))},
        locale,
    )
    tapped = tapped_of(callback)
    if tapped is not None:
        await edit_quietly(bot, tapped, text, keyboard([card_button(request.id, locale)]))
    await callback.answer(text, show_alert=True)


async def on_receipt(
    callback: CallbackQuery,
    callback_data: ReceiptCb,
    deps: Deps,
    bot: Bot,
    dialog_manager: DialogManager,
) -> None:
    ref, request_id = ActorRef.telegram(callback.from_user.id), callback_data.request_id
    card = await request_card(deps, ref, request_id)
    if card.request.status != Status.delivered:
        await _moved_on(callback, card, bot)
        return
    if Action.confirm_receipt not in card.actions:
        raise Refused(N_("Only the author of the request may do this."))
    version = card.request.version
    if not callback_data.full:
        await callback.answer()
        data = {"request_id": request_id, "version": version, "tapped": _tapped_data(callback)}
        await dialog_manager.start(ReceiptSG.comment, data=data, show_mode=ShowMode.SEND)
        return
    await delivery.confirm_receipt(
        deps, ref, request_id, receipt=Receipt.full.value, version=version
    )
    messages = _messages(deps, bot)
    line = done_line(RECEIVED_FULL, messages.ctx, name=card.actor.name, at=deps.now())
    await messages.notice_done(f"receipt:{request_id}", line, tapped_of(callback))
    await callback.answer(_("Thank you! Receipt confirmed."))


# --- the executor's request to cancel ----------------------------------------------------


async def on_cancel_decision(
    callback: CallbackQuery,
    callback_data: CancelCb,
    deps: Deps,
    bot: Bot,
    dialog_manager: DialogManager,
) -> None:
    ref, request_id = ActorRef.telegram(callback.from_user.id), callback_data.request_id
    card = await request_card(deps, ref, request_id)
    if card.request.status != Status.cancellation_requested:
        await _moved_on(callback, card, bot)
        return
    if Action.approve_cancel not in card.actions:
        raise Refused(N_("Only the project manager of this project may do this."))
    version = card.request.version
    if not callback_data.ok:
        await callback.answer()
        data = {"request_id": request_id, "version": version, "tapped": _tapped_data(callback)}
        await dialog_manager.start(CancelSG.refuse, data=data, show_mode=ShowMode.SEND)
        return
    request = await cancel.approve_cancel(deps, ref, request_id, version=version)
    messages = _messages(deps, bot)
    line = done_line(
        CANCELLED, messages.ctx, name=card.actor.name, at=deps.now(), number=request.number
    )
    await messages.request_closed(request_id, line, tapped_of(callback))
    await callback.answer(_("The request is cancelled."))


def decisions_router() -> Router:
    router = Router(name="decisions")
    router.callback_query.register(on_approval, ApprovalCb.filter())
    router.callback_query.register(on_receipt, ReceiptCb.filter())
    router.callback_query.register(on_cancel_decision, CancelCb.filter())
    return router
