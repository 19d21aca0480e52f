"""Bid deadlines: starting the tender, restarting it after a rejection, and the awarded
counterparty's refusal (a comment, then the new deadline)."""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Cancel, Column, Select
from aiogram_dialog.widgets.text import Format, Multi
from magic_filter import F

from bot.i18n import T, locale_of
from dialogs.card.fmt import Ctx, format_short
from dialogs.common.edge import actor_of, deps_of, text_input, tr
from dialogs.common.parse import parse_text
from dialogs.common.widgets import Esc, flashes
from dialogs.lifecycle.edge import back_to_card, perform, request_of
from dialogs.tender.parse import parse_deadline
from dialogs.tender.states import DeadlineSG
from flows import lifecycle_views
from flows.enums import Status
from flows.errors import N_, DomainError
from flows.services import tender
from locales import render_error

OPTION, BACK = "op", "bk"
QUICK_DAYS = (1, 2, 3)
OPTION_LABELS = {
    1: N_("in 1 working day · {at}"),
    2: N_("in 2 working days · {at}"),
    3: N_("in 3 working days · {at}"),
}
PREVIEW = {
    "number": "Т-000123",
    "mode_start": True,
    "open": True,
    "blocked": False,
    "restarts": 0,
    "options": [{"id": "1", "label": "через 1 рабочий день · 03.03 10:00"}],
}


def _ctx(manager: DialogManager) -> Ctx:
    return Ctx(locale_of(manager), deps_of(manager).company_tz)


async def deadline_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    request_id, _version = request_of(manager)
    state = manager.current_context().state
    try:
        view = await lifecycle_views.tender_view(deps_of(manager), actor_of(manager), request_id)
    except DomainError as error:
        return {"problem": render_error(error, locale_of(manager)), "number": "", "open": False}
    # Restarting makes sense only after the approvers rejected the winner.
    blocked = (
        state == DeadlineSG.restart
        and view.status == Status.winner_approval
        and not view.winner_rejection
    )
    options = await lifecycle_views.deadline_options(deps_of(manager), QUICK_DAYS)
    return {
        "problem": "",
        "number": view.number,
        "mode_start": state == DeadlineSG.start,
        "mode_restart": state == DeadlineSG.restart,
        "mode_refused": state in (DeadlineSG.refused, DeadlineSG.refused_deadline),
        "blocked": blocked,
        "open": not blocked,
        "restarts": view.tender_restarts,
        "options": [
            {"id": str(days), "label": tr(manager, OPTION_LABELS[days], at=_short(manager, at))}
            for days, at in zip(QUICK_DAYS, options, strict=True)
        ],
    }


def _short(manager: DialogManager, at: datetime) -> str:
    return format_short(at, _ctx(manager))


async def _apply(manager: DialogManager, deadline: datetime) -> None:
    deps, actor = deps_of(manager), actor_of(manager)
    request_id, version = request_of(manager)
    state, at = manager.current_context().state, _short(manager, deadline)
    if state == DeadlineSG.start:
        done = tr(manager, N_("✅ The tender is open: bids until {at}."), at=at)
        await perform(
            manager,
            lambda: tender.start_tender(
                deps, actor, request_id, bid_deadline=deadline, version=version
            ),
            done,
        )
        return
    if state == DeadlineSG.restart:
        done = tr(manager, N_("✅ The tender is restarted: bids until {at}."), at=at)
        await perform(
            manager,
            lambda: tender.restart_tender(
                deps, actor, request_id, bid_deadline=deadline, version=version
            ),
            done,
        )
        return
    comment = str(manager.dialog_data.get("comment", ""))
    request = await perform(
        manager,
        lambda: tender.carrier_refused(
            deps, actor, request_id, comment=comment, bid_deadline=deadline, version=version
        ),
        None,
    )
    if request is not None:
        text = N_(
            "✅ The refusal is recorded and everyone involved is told. "
            "Tender restart {count}: bids until {at}."
        )
        await back_to_card(manager, tr(manager, text, count=request.tender_restarts, at=at))


async def on_option(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    days = int(item_id)
    (deadline,) = await lifecycle_views.deadline_options(deps_of(manager), (days,))
    await _apply(manager, deadline)


async def on_deadline_text(message: Message, manager: DialogManager, text: str) -> None:
    deps = deps_of(manager)
    day, at = parse_deadline(text, deps.today())
    await _apply(manager, await lifecycle_views.deadline_at(deps, day, at))


async def on_comment(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["comment"] = parse_text(text, limit=1000)
    await manager.switch_to(DeadlineSG.refused_deadline)


def _titles() -> Multi:
    return Multi(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>Tender for {number}</b>", when="mode_start"),
        T("<b>New round of the tender for {number}</b>", when="mode_restart"),
        T("<b>{number}: the awarded counterparty refused</b>", when="mode_refused"),
    )


def _deadline_window(state: State) -> Window:
    return Window(
        _titles(),
        T("Tender restarts so far: {restarts}.", when="restarts"),
        T("The winner is still being approved. Wait for the decision.", when="blocked"),
        T(
            "Until when are bids accepted? Choose below or type a date and time, for "
            "example «05.12 15:00». A date alone means the end of that working day.",
            when="open",
        ),
        Column(
            Select(
                Format("{item[label]}"),
                id=OPTION,
                item_id_getter=itemgetter("id"),
                items="options",
                on_click=on_option,
            ),
            when="open",
        ),
        *text_input(on_deadline_text),
        Cancel(T("⬅️ Back"), id=BACK),
        state=state,
        getter=deadline_getter,
        preview_data=PREVIEW,
    )


def _comment_window() -> Window:
    return Window(
        _titles(),
        T(
            "What happened? The comment goes to everyone involved, and the tender starts "
            "again with a new bid deadline.",
            when=F["number"],
        ),
        *text_input(on_comment),
        Cancel(T("⬅️ Back"), id=BACK),
        state=DeadlineSG.refused,
        getter=deadline_getter,
        preview_data=PREVIEW | {"mode_start": False, "mode_refused": True},
    )


def deadline_windows() -> list[Window]:
    return [
        _deadline_window(DeadlineSG.start),
        _deadline_window(DeadlineSG.restart),
        _comment_window(),
        _deadline_window(DeadlineSG.refused_deadline),
    ]
