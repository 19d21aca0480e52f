"""Comparing the bids and choosing the winner; a single bid needs a written reason. The same
windows serve picking again after the approvers rejected the winner."""

from __future__ import annotations

import asyncio
import logging
from operator import itemgetter
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.kbd.button import OnClick
from aiogram_dialog.widgets.text import Format

from bot.i18n import T, locale_of
from dialogs.card import TELEGRAM_LIMIT, Ctx, format_rub
from dialogs.common.edge import actor_of, deps_of, flash_error, text_input, tr
from dialogs.common.parse import parse_text
from dialogs.common.widgets import Esc, Html, flashes
from dialogs.lifecycle.edge import perform, request_of
from dialogs.tender.compare_text import comparison_of, render_comparison
from dialogs.tender.states import PickSG
from flows import lifecycle_views
from flows.enums import Status
from flows.errors import N_, DomainError
from flows.lifecycle_views import TenderView
from flows.services import tender
from locales import render_error
from reports.charts import Bar, bar_chart_png

logger = logging.getLogger(__name__)

BID, PREV, NEXT, CHOOSE, BACK = "bd", "pv", "nx", "ch", "bk"
CHART_FROM = 6  # more bids than a chat message compares at a glance
PAGE_ROOM = TELEGRAM_LIMIT - 300  # the notice and the page line above and below the page
LABEL_LENGTH = 30


def _ctx(manager: DialogManager) -> Ctx:
    return Ctx(locale_of(manager), deps_of(manager).company_tz)


async def _view(manager: DialogManager) -> TenderView:
    request_id, _version = request_of(manager)
    return await lifecycle_views.tender_view(deps_of(manager), actor_of(manager), request_id)


def _waiting_for_decision(manager: DialogManager, view: TenderView) -> bool:
    """Picking again makes sense only after the approvers rejected the winner."""
    repick = manager.dialog_data.get("repick", False)
    return bool(repick and view.status == Status.winner_approval and not view.winner_rejection)


async def compare_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    try:
        view = await _view(manager)
    except DomainError as error:
        problem = render_error(error, locale_of(manager))
        return {"problem": problem, "page": "", "may_pick": False, "paged": False}
    pages = render_comparison(view, _ctx(manager), PAGE_ROOM)
    index = min(max(int(manager.dialog_data.get("page", 0)), 0), len(pages) - 1)
    manager.dialog_data["page"] = index
    waiting = _waiting_for_decision(manager, view)
    return {
        "problem": "",
        "page": pages[index],
        "paged": len(pages) > 1,
        "page_no": index + 1,
        "pages": len(pages),
        "has_prev": index > 0,
        "has_next": index + 1 < len(pages),
        "waiting": waiting,
        "may_pick": bool(view.bids) and not waiting,
    }


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    try:
        view = await _view(manager)
    except DomainError as error:
        return {"problem": render_error(error, locale_of(manager)), "bids": [], "number": ""}
    by_id = {b.bid_id: b for b in view.bids}
    bids = []
    for rank in comparison_of(view).ranked:
        bid = by_id[rank.offer.bid_id]
        bids.append(
            {"id": bid.bid_id, "label": f"{rank.place}. {bid.name} — {format_rub(bid.price_kop)}"}
        )
    manager.dialog_data["labels"] = {str(b["id"]): b["label"] for b in bids}
    chosen = manager.dialog_data.get("labels", {}).get(str(manager.dialog_data.get("bid_id")))
    return {"problem": "", "number": view.number, "bids": bids, "chosen": chosen or ""}


async def on_pick_start(start_data: Any, manager: DialogManager) -> None:
    manager.dialog_data["repick"] = manager.current_context().state == PickSG.recompare
    try:
        view = await _view(manager)
    except DomainError:
        return  # the window says why
    if len(view.bids) >= CHART_FROM:
        await _send_chart(manager, view)


async def _send_chart(manager: DialogManager, view: TenderView) -> None:
    by_id = {b.bid_id: b for b in view.bids}
    comparison = comparison_of(view)
    best = comparison.best.offer.bid_id if comparison.best else None
    bars = [
        Bar(
            f"{r.place}. {by_id[r.offer.bid_id].name}"[:LABEL_LENGTH],
            r.offer.price_kop / 100,
            highlight=r.offer.bid_id == best,
        )
        for r in comparison.ranked
    ]
    estimate = view.estimated_cost_kop
    png = await asyncio.to_thread(
        bar_chart_png,
        bars,
        title=tr(manager, N_("Bids for {number}"), number=view.number),
        value_label=tr(manager, N_("price, ₽")),
        reference=None if estimate is None else estimate / 100,
        reference_label=tr(manager, N_("estimated cost")),
    )
    chat = manager.middleware_data["event_chat"]
    caption = tr(manager, N_("Bids for {number} by price."), number=view.number)
    await manager.middleware_data["bot"].send_photo(
        chat.id, BufferedInputFile(png, filename="bids.png"), caption=caption
    )
    # The window goes under the chart instead of replacing the card above it.
    manager.show_mode = ShowMode.SEND


def _turn(step: int) -> OnClick:
    async def turn(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
        manager.dialog_data["page"] = int(manager.dialog_data.get("page", 0)) + step

    return turn


async def _choose(manager: DialogManager, bid_id: int, reason: str | None) -> None:
    deps, actor = deps_of(manager), actor_of(manager)
    request_id, version = request_of(manager)
    service = tender.repick_winner if manager.dialog_data.get("repick") else tender.pick_winner
    label = manager.dialog_data.get("labels", {}).get(str(bid_id), "")
    done = tr(manager, N_("✅ The winner is chosen: {bid}. Approvals are requested."), bid=label)
    await perform(
        manager,
        lambda: service(
            deps, actor, request_id, bid_id, single_source_reason=reason, version=version
        ),
        done,
    )


def _still_here(manager: DialogManager) -> bool:
    return manager.has_context() and manager.current_context().state.group is PickSG


async def on_bid(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, bid_id: int
) -> None:
    manager.dialog_data["bid_id"] = bid_id
    await _choose(manager, bid_id, None)
    if not _still_here(manager):
        return
    view = await _view(manager)
    if len(view.bids) < 2:
        # The service asks for the reason of a single source: the next window takes it.
        await manager.switch_to(PickSG.reason)


async def on_reason(message: Message, manager: DialogManager, text: str) -> None:
    bid_id = manager.dialog_data.get("bid_id")
    if bid_id is None:
        flash_error(manager, tr(manager, N_("Choose the bid first.")))
        await manager.switch_to(PickSG.pick)
        return
    await _choose(manager, int(bid_id), parse_text(text, limit=1000))


def _compare_window(state: State) -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        Html("page"),
        T("Page {page_no} of {pages}", when="paged"),
        T("The winner is still being approved. Wait for the decision.", when="waiting"),
        Row(
            Button(Format("‹ {page_no}"), id=PREV, on_click=_turn(-1), when="has_prev"),
            Button(Format("{page_no} ›"), id=NEXT, on_click=_turn(1), when="has_next"),
        ),
        SwitchTo(T("🏆 Choose the winner"), id=CHOOSE, state=PickSG.pick, when="may_pick"),
        Cancel(T("⬅️ Back"), id=BACK),
        state=state,
        getter=compare_getter,
        preview_data={"page": "<b>Предложения по Т-000123</b>: 3", "may_pick": True},
    )


def _pick_window() -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>Winner for {number}</b>: choose the bid.", when="number"),
        Column(
            Select(
                Format("{item[label]}"),
                id=BID,
                item_id_getter=itemgetter("id"),
                items="bids",
                type_factory=int,
                on_click=on_bid,
            )
        ),
        SwitchTo(T("⬅️ Back"), id=BACK, state=PickSG.compare),
        state=PickSG.pick,
        getter=pick_getter,
        preview_data={"number": "Т-000123", "bids": [{"id": 1, "label": "1. ООО Ромашка"}]},
    )


def _reason_window() -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>Single source</b> · {chosen}", when="chosen"),
        T(
            "Write why this single bid is acceptable (no other offers, urgency, a unique "
            "supplier). The approvers will read it."
        ),
        *text_input(on_reason),
        SwitchTo(T("⬅️ Back"), id=BACK, state=PickSG.pick),
        state=PickSG.reason,
        getter=pick_getter,
        preview_data={"chosen": "1. ООО Ромашка — 140 000,00 ₽"},
    )


def pick_windows() -> list[Window]:
    return [
        _compare_window(PickSG.compare),
        _compare_window(PickSG.recompare),
        _pick_window(),
        _reason_window(),
    ]
