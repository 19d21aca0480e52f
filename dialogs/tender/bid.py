"""Adding a bid: the counterparty from the directory (searchable) or a new one by name and
INN, the price with or without VAT, terms, delivery date and a comment, then a summary."""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Row, ScrollingGroup, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.i18n import T
from dialogs.card import format_rub
from dialogs.common.edge import actor_of, deps_of, flash_notice, text_input, tr
from dialogs.common.parse import ensure_not_past, parse_date, parse_money, parse_text
from dialogs.common.widgets import Esc, flashes
from dialogs.lifecycle.edge import perform, request_of
from dialogs.tender.bid_data import PREVIEW, bid_getter, directory_getter
from dialogs.tender.parse import parse_inn
from dialogs.tender.states import BidSG
from flows.errors import N_
from flows.services import tender
from flows.services.tender import BidData

# Widget ids (they end up in callback data, so keep them short).
CP, NEW, CLEAR, VAT_TOGGLE, SKIP, SAVE = "cp", "nw", "cl", "vt", "sk", "sv"
BACK, CANCEL = "bk", "cn"
BID_KEYS = ("cp_id", "cp_name", "new_name", "new_inn", "price_kop", "terms", "delivery", "comment")


async def on_search(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["search"] = parse_text(text, limit=50).strip()


async def on_clear(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("search", None)


async def on_counterparty(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, cp_id: int
) -> None:
    data = manager.dialog_data
    data.update(cp_id=cp_id, cp_name=data.get("names", {}).get(str(cp_id), ""))
    data.pop("new_name", None)
    data.pop("new_inn", None)
    await manager.switch_to(BidSG.price)


async def on_name(message: Message, manager: DialogManager, text: str) -> None:
    data = manager.dialog_data
    data["new_name"] = parse_text(text, limit=300).strip()
    data.pop("cp_id", None)
    data.pop("cp_name", None)
    await manager.switch_to(BidSG.inn)


async def on_inn(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["new_inn"] = parse_inn(text)
    await manager.switch_to(BidSG.price)


async def on_vat(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["vat"] = not manager.dialog_data.get("vat", True)


async def on_price(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["price_kop"] = parse_money(text)
    await manager.switch_to(BidSG.terms)


async def on_price_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    known = manager.dialog_data.get("cp_id") is not None
    await manager.switch_to(BidSG.counterparty if known else BidSG.inn)


async def on_terms(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["terms"] = parse_text(text, limit=1000)
    await manager.next()


async def on_delivery(message: Message, manager: DialogManager, text: str) -> None:
    today = deps_of(manager).today()
    day = ensure_not_past(parse_date(text, today), today)
    manager.dialog_data["delivery"] = day.isoformat()
    await manager.next()


async def on_comment(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["comment"] = parse_text(text, limit=1000)
    await manager.next()


async def on_skip(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await manager.next()


def _bid_data(data: dict[str, Any]) -> BidData:
    delivery = data.get("delivery")
    return BidData(
        price_kop=int(data["price_kop"]),
        counterparty_id=data.get("cp_id"),
        new_name=data.get("new_name"),
        new_inn=data.get("new_inn"),
        vat_included=bool(data.get("vat", True)),
        terms=data.get("terms"),
        delivery_date=date.fromisoformat(delivery) if delivery else None,
        comment=data.get("comment"),
        source="manual",
    )


async def on_save(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    request_id, _version = request_of(manager)
    bid_data = _bid_data(data)
    bid = await perform(
        manager,
        lambda: tender.add_bid(deps_of(manager), actor_of(manager), request_id, bid_data),
        None,
    )
    if bid is None:
        return
    name = data.get("cp_name") or data.get("new_name") or ""
    for key in (*BID_KEYS, "search"):
        data.pop(key, None)
    data["vat"] = True
    text = N_("✅ Bid saved: {name} — {price}. Add another one or go back to the request.")
    flash_notice(manager, tr(manager, text, name=name, price=format_rub(bid.price_kop)))
    await manager.switch_to(BidSG.counterparty)


def _step(
    state: Any,
    *texts: Any,
    on_text: Any,
    skip: bool = False,
    back: Any = None,
    extra: tuple[Any, ...] = (),
) -> Window:
    keys = [*extra, *([Button(T("Skip ›"), id=SKIP, on_click=on_skip)] if skip else [])]
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>New bid for {number}</b>", when="number"),
        *texts,
        *text_input(on_text),
        *keys,
        Row(back or Back(T("⬅️ Back"), id=BACK), Cancel(T("✖️ Cancel"), id=CANCEL)),
        state=state,
        getter=bid_getter,
        preview_data=PREVIEW,
    )


def _directory_window() -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>New bid for {number}</b>", when="number"),
        T("Choose the carrier from the directory or add a new one.", when="carrier"),
        T("Choose the supplier from the directory or add a new one.", when="supplier"),
        T("To search, type a part of the name or the INN.", when="number"),
        T("Search: «{search}»", when="search"),
        T("Nothing found.", when="nothing"),
        ScrollingGroup(
            Select(
                Format("{item[label]}"),
                id=CP,
                item_id_getter=itemgetter("id"),
                items="counterparties",
                type_factory=int,
                on_click=on_counterparty,
            ),
            id="cps",
            width=1,
            height=6,
            hide_on_single_page=True,
        ),
        *text_input(on_search),
        Button(T("✖️ Clear the search"), id=CLEAR, on_click=on_clear, when="search"),
        SwitchTo(T("➕ New counterparty"), id=NEW, state=BidSG.name, when="number"),
        Cancel(T("⬅️ To the request"), id=BACK),
        state=BidSG.counterparty,
        getter=directory_getter,
        preview_data=PREVIEW,
    )


def _confirm_window() -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>New bid for {number}</b>", when="number"),
        T("Counterparty: {name}", when="name"),
        T("INN: {inn}", when="inn"),
        T("Price: {price} ({vat})", when="price"),
        T("Terms: {terms}", when="terms"),
        T("Delivery: {delivery}", when="delivery"),
        T("Comment: {comment}", when="comment"),
        Button(T("✅ Save the bid"), id=SAVE, on_click=on_save, when="price"),
        Row(Back(T("⬅️ Back"), id=BACK), Cancel(T("✖️ Cancel"), id=CANCEL)),
        state=BidSG.confirm,
        getter=bid_getter,
        preview_data=PREVIEW,
    )


def bid_windows() -> list[Window]:
    return [
        _directory_window(),
        _step(
            BidSG.name,
            T("The counterparty's name:"),
            on_text=on_name,
            back=SwitchTo(T("⬅️ Back"), id=BACK, state=BidSG.counterparty),
        ),
        _step(BidSG.inn, T("INN of «{name}» (10 or 12 digits):"), on_text=on_inn),
        _step(
            BidSG.price,
            T("Counterparty: {name}"),
            T("The price of the bid, ₽ ({vat}):"),
            on_text=on_price,
            extra=(Button(T("🔁 Switch to «{vat_toggle}»"), id=VAT_TOGGLE, on_click=on_vat),),
            back=Button(T("⬅️ Back"), id=BACK, on_click=on_price_back),
        ),
        _step(
            BidSG.terms,
            T("Terms (payment, vehicle, loading), or skip:"),
            on_text=on_terms,
            skip=True,
        ),
        _step(
            BidSG.delivery,
            T("Delivery date (for example 05.12), or skip:"),
            on_text=on_delivery,
            skip=True,
        ),
        _step(BidSG.comment, T("A comment, or skip:"), on_text=on_comment, skip=True),
        _confirm_window(),
    ]
