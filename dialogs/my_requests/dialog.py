"""The «My requests» list and the request card (with its history and confirmations)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.kbd.button import OnClick
from aiogram_dialog.widgets.text import Format, Multi

from bot.i18n import T
from dialogs.my_requests import getters, handlers, preview
from dialogs.my_requests.states import MyRequestsSG, RequestCardSG

# Widget ids (they end up in callback data, so keep them short).
MODE, FILTER, ROW, PREV, NEXT, BACK = "md", "fl", "rq", "pv", "nx", "bk"
ACTION, HISTORY, REFRESH, YES, NO = "ac", "hs", "rf", "ys", "no"
CONTINUE = "cf"


def _page_row(on_prev: OnClick, on_next: OnClick) -> Row:
    return Row(
        Button(Format("‹ {prev_no}/{pages}"), id=PREV, on_click=on_prev, when="has_prev"),
        Button(Format("{next_no}/{pages} ›"), id=NEXT, on_click=on_next, when="has_next"),
    )


def _choice(widget_id: str, items: str, on_click: Any) -> Select[str]:
    return Select(
        Format("{item[label]}"),
        id=widget_id,
        item_id_getter=itemgetter("id"),
        items=items,
        on_click=on_click,
    )


def _list_window() -> Window:
    return Window(
        Multi(
            T("<b>My requests</b>", when="mode_mine"),
            T("<b>Requests in my work</b>", when="mode_work"),
            T("<b>Queue: waiting for an executor</b>", when="mode_queue"),
            Format("{notice}", when="notice"),
            T("Total: {total}", when="has_rows"),
            T("Page {page_no} of {pages}", when="paged"),
            T("No requests here yet.", when=lambda data, _w, _m: not data.get("has_rows")),
            T("Executors' load: {loads}", when="loads"),
        ),
        Row(_choice(MODE, "modes", handlers.on_mode), when="has_modes"),
        Group(_choice(FILTER, "filters", handlers.on_filter), width=3),
        Column(
            Select(
                Format("{item[label]}"),
                id=ROW,
                item_id_getter=itemgetter("id"),
                items="rows",
                type_factory=int,
                on_click=handlers.on_open,
            )
        ),
        Row(
            Button(Format("‹"), id=PREV, on_click=handlers.on_list_prev, when="has_prev"),
            Button(Format("›"), id=NEXT, on_click=handlers.on_list_next, when="has_next"),
        ),
        Cancel(T("⬅️ Back"), id=BACK),
        state=MyRequestsSG.list,
        getter=getters.list_getter,
        preview_data=preview.LIST,
    )


def _card_window() -> Window:
    return Window(
        Multi(
            Format("{notice}", when="notice"),
            Format("{page}"),
            T("Page {page_no} of {pages}", when="paged"),
            sep="\n\n",
        ),
        Button(
            T("✏️ Continue filling in"),
            id=CONTINUE,
            on_click=handlers.on_continue,
            when="may_continue",
        ),
        Column(_choice(ACTION, "actions", handlers.on_action)),
        _page_row(handlers.on_card_prev, handlers.on_card_next),
        Row(
            SwitchTo(T("📜 History"), id=HISTORY, state=RequestCardSG.history, when="found"),
            Button(T("🔄 Refresh"), id=REFRESH, on_click=handlers.on_refresh),
        ),
        Cancel(T("⬅️ Back"), id=BACK),
        state=RequestCardSG.card,
        getter=getters.card_getter,
        preview_data=preview.CARD,
    )


def _history_window() -> Window:
    return Window(
        Multi(Format("{page}"), T("Page {page_no} of {pages}", when="paged"), sep="\n\n"),
        _page_row(handlers.on_history_prev, handlers.on_history_next),
        SwitchTo(T("⬅️ To the card"), id=BACK, state=RequestCardSG.card),
        state=RequestCardSG.history,
        getter=getters.history_getter,
        preview_data=preview.HISTORY,
    )


def _confirm_window() -> Window:
    return Window(
        Format("{question}"),
        Row(
            Button(T("✅ Yes"), id=YES, on_click=handlers.on_confirm),
            SwitchTo(T("✖️ No"), id=NO, state=RequestCardSG.card),
        ),
        state=RequestCardSG.confirm,
        getter=getters.confirm_getter,
        preview_data=preview.CONFIRM,
    )


def my_requests_dialogs() -> list[Dialog]:
    """The list dialog and the card dialog; build once per dispatcher."""
    return [
        Dialog(_list_window(), on_start=handlers.on_list_start),
        Dialog(_card_window(), _history_window(), _confirm_window()),
    ]
