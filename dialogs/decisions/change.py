"""The executor asks to change the required date and/or the amount, with a reason.

Before sending, the person sees who will approve: the project manager, and the executive
director too when the new amount is over the budget.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Row
from magic_filter import F

from bot.i18n import T, esc, locale_of
from dialogs.card import format_rub
from dialogs.common.edge import (
    actor_of,
    deps_of,
    flash_error,
    flash_getter,
    text_input,
    tr,
)
from dialogs.common.parse import ensure_not_past, fmt_date, parse_date, parse_money
from dialogs.common.widgets import flashes
from dialogs.decisions.common import (
    card_of,
    finish,
    required_reason,
    result_window,
    start_int,
)
from dialogs.decisions.states import ChangeSG
from flows.errors import N_, DomainError
from flows.services import cancel
from locales import render_error

logger = logging.getLogger(__name__)

NEW_DATE, NEW_AMOUNT, REASON = "new_date", "new_amount_kop", "reason"
PREVIEW = {
    "number": "Т-000123",
    "required": "19.03.2026",
    "amount": "140 000,00 ₽",
    "budget": "150 000,00 ₽",
    "new_date": "25.03.2026",
    "new_amount": "160 000,00 ₽",
    "reason": "Перевозчик поднял цену",
    "over": True,
    "over_by": "10 000,00 ₽",
}


async def change_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, data = dialog_manager, dialog_manager.dialog_data
    card = await card_of(manager)
    request = card.request
    budget, new_amount = request.estimated_cost_kop, data.get(NEW_AMOUNT)
    over_by = new_amount - budget if new_amount is not None and budget is not None else 0
    new_date = data.get(NEW_DATE)
    return {
        "number": request.number,
        "required": fmt_date(request.required_date) if request.required_date else "—",
        "amount": format_rub(request.amount_kop) if request.amount_kop is not None else "—",
        "budget": format_rub(budget) if budget is not None else "—",
        "new_date": fmt_date(date.fromisoformat(new_date)) if new_date else "",
        "new_amount": format_rub(new_amount) if new_amount is not None else "",
        "reason": data.get(REASON, ""),
        "over": over_by > 0,
        "over_by": format_rub(over_by) if over_by > 0 else "",
    }


async def on_date(message: Message, manager: DialogManager, text: str) -> None:
    today = deps_of(manager).today()
    manager.dialog_data[NEW_DATE] = ensure_not_past(parse_date(text, today), today).isoformat()
    await manager.switch_to(ChangeSG.amount)


async def on_keep_date(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[NEW_DATE] = None
    await manager.switch_to(ChangeSG.amount)


async def on_amount(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data[NEW_AMOUNT] = parse_money(text)
    await manager.switch_to(ChangeSG.reason)


async def on_keep_amount(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[NEW_AMOUNT] = None
    if not manager.dialog_data.get(NEW_DATE):
        flash_error(manager, tr(manager, N_("Give a new date or a new amount.")))
        return
    await manager.switch_to(ChangeSG.reason)


async def on_reason(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data[REASON] = required_reason(text)
    await manager.switch_to(ChangeSG.confirm)


async def on_send(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data, request_id = manager.dialog_data, start_int(manager, "request_id")
    new_date = data.get(NEW_DATE)
    try:
        change = await cancel.request_change(
            deps_of(manager),
            actor_of(manager),
            request_id,
            reason=data[REASON],
            new_required_date=date.fromisoformat(new_date) if new_date else None,
            new_amount_kop=data.get(NEW_AMOUNT),
        )
    except DomainError as error:
        logger.info("change of request %s refused: %s", request_id, error.log_text)
        await finish(manager, ChangeSG.done, "⚠️ " + esc(render_error(error, locale_of(manager))))
        return
    done = (
        N_("✅ Sent to the project manager and the executive director for approval.")
        if change.over_budget
        else N_("✅ Sent to the project manager for approval.")
    )
    await finish(manager, ChangeSG.done, esc(tr(manager, done)))


def _confirm_window() -> Window:
    return Window(
        T("<b>Change request {number}</b>"),
        T("New required date: {new_date} (now {required})", when=F["new_date"]),
        T("New amount: {new_amount} (agreed now {amount}, budget {budget})", when=F["new_amount"]),
        T("Reason: {reason}"),
        T(
            "⚠️ The new amount is over the budget by {over_by}: the project manager and the "
            "executive director will both approve it.",
            when=F["over"],
        ),
        T("The project manager will approve it.", when=~F["over"]),
        Row(Back(T("◀ Back"), id="bk"), Button(T("📤 Send"), id="sd", on_click=on_send)),
        Cancel(T("✖️ Do not change"), id="cn"),
        state=ChangeSG.confirm,
        getter=change_getter,
        preview_data=PREVIEW,
    )


def change_dialog() -> Dialog:
    return Dialog(
        Window(
            *flashes(),
            T(
                "<b>Change request {number}</b>\nNew required date? Now: {required}.\n"
                "Type a date (for example 25.03), or keep the date."
            ),
            *text_input(on_date),
            Button(T("Keep the date ▶"), id="kd", on_click=on_keep_date),
            Cancel(T("✖️ Do not change"), id="cn"),
            state=ChangeSG.date,
            getter=change_getter,
            preview_data=PREVIEW,
        ),
        Window(
            *flashes(),
            T(
                "New amount in rubles? Agreed now: {amount}; budget: {budget}.\n"
                "Type the amount (for example 160 000), or keep the amount."
            ),
            *text_input(on_amount),
            Row(
                Back(T("◀ Back"), id="bk"),
                Button(T("Keep the amount ▶"), id="ka", on_click=on_keep_amount),
            ),
            state=ChangeSG.amount,
            getter=change_getter,
            preview_data=PREVIEW,
        ),
        Window(
            *flashes(),
            T("Why is the change needed? Write the reason in one message."),
            *text_input(on_reason),
            Back(T("◀ Back"), id="bk"),
            state=ChangeSG.reason,
            getter=change_getter,
            preview_data=PREVIEW,
        ),
        _confirm_window(),
        result_window(ChangeSG.done),
        getter=flash_getter,
    )
