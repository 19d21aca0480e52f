"""Payment reference, dispatch with the expected arrival, and the card's one-tap steps
(delivered, close)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Row

from bot.i18n import T, locale_of
from dialogs.common.edge import actor_of, deps_of, text_input, tr
from dialogs.common.parse import EX_DATE, InputError, fmt_date, parse_date, parse_text
from dialogs.common.widgets import Esc, flashes
from dialogs.delivery.states import DispatchSG, PaymentSG
from dialogs.lifecycle.edge import perform, request_of
from dialogs.my_requests.actions import ActionCall
from flows.errors import N_, DomainError
from flows.services import delivery, requests
from locales import render_error

TODAY, BACK, CANCEL = "td", "bk", "cn"
PREVIEW = {"number": "Т-000123", "dispatched": "02.03.2026"}


async def number_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, data = dialog_manager, dialog_manager.dialog_data
    request_id, _version = request_of(manager)
    if "number" not in data:
        try:
            data["number"] = (await requests.require(deps_of(manager), request_id)).number
        except DomainError as error:
            return {"problem": render_error(error, locale_of(manager)), "number": ""}
    dispatched = data.get("dispatched")
    return {
        "problem": "",
        "number": data["number"],
        "dispatched": fmt_date(date.fromisoformat(dispatched)) if dispatched else "",
    }


async def on_reference(message: Message, manager: DialogManager, text: str) -> None:
    reference = parse_text(text, limit=100).strip()
    request_id, version = request_of(manager)
    await perform(
        manager,
        lambda: delivery.record_payment(
            deps_of(manager), actor_of(manager), request_id, payment_ref=reference, version=version
        ),
        tr(manager, N_("✅ The payment is recorded: {reference}."), reference=reference),
    )


async def _set_dispatched(manager: DialogManager, day: date) -> None:
    if day > deps_of(manager).today():
        raise InputError(
            N_("Dispatch is recorded once it happened: the date cannot be in the future."),
            EX_DATE,
        )
    manager.dialog_data["dispatched"] = day.isoformat()
    await manager.switch_to(DispatchSG.arrival)


async def on_dispatched(message: Message, manager: DialogManager, text: str) -> None:
    await _set_dispatched(manager, parse_date(text, deps_of(manager).today()))


async def on_today(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _set_dispatched(manager, deps_of(manager).today())


async def on_arrival(message: Message, manager: DialogManager, text: str) -> None:
    arrival = parse_date(text, deps_of(manager).today())
    dispatched = date.fromisoformat(manager.dialog_data["dispatched"])
    request_id, version = request_of(manager)
    await perform(
        manager,
        lambda: delivery.dispatch(
            deps_of(manager),
            actor_of(manager),
            request_id,
            dispatch_date=dispatched,
            expected_arrival=arrival,
            version=version,
        ),
        tr(manager, N_("✅ Dispatch recorded; expected arrival {date}."), date=fmt_date(arrival)),
    )


async def deliver(call: ActionCall) -> None:
    await delivery.deliver(call.deps, call.actor, call.request_id, version=call.version)


async def close(call: ActionCall) -> None:
    await delivery.close(call.deps, call.actor, call.request_id, version=call.version)


def _frame(*texts: Any) -> list[Any]:
    return [Esc("problem", prefix="⚠️ "), *flashes(), *texts]


def payment_window() -> Window:
    return Window(
        *_frame(
            T("<b>Payment of {number}</b>", when="number"),
            T("Type the payment reference: the payment order number and date."),
        ),
        *text_input(on_reference),
        Cancel(T("⬅️ Back"), id=BACK),
        state=PaymentSG.reference,
        getter=number_getter,
        preview_data=PREVIEW,
    )


def dispatch_windows() -> list[Window]:
    return [
        Window(
            *_frame(
                T("<b>Dispatch of {number}</b>", when="number"),
                T("When was it dispatched? Type the date (for example 05.12) or tap «Today»."),
            ),
            *text_input(on_dispatched),
            Button(T("📅 Today"), id=TODAY, on_click=on_today),
            Cancel(T("⬅️ Back"), id=BACK),
            state=DispatchSG.dispatched,
            getter=number_getter,
            preview_data=PREVIEW,
        ),
        Window(
            *_frame(
                T("<b>Dispatch of {number}</b>", when="number"),
                T("Dispatched: {dispatched}", when="dispatched"),
                T("Expected arrival date (for example 07.12):"),
            ),
            *text_input(on_arrival),
            Row(Back(T("⬅️ Back"), id=BACK), Cancel(T("✖️ Cancel"), id=CANCEL)),
            state=DispatchSG.arrival,
            getter=number_getter,
            preview_data=PREVIEW,
        ),
    ]
