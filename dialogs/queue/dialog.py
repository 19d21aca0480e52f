"""The department's queue for executors and heads, and the head's choice of an executor."""

from __future__ import annotations

from operator import itemgetter

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select
from aiogram_dialog.widgets.text import Format, Multi

import dialogs.queue.actions  # noqa: F401  (registers the card button)
from bot.i18n import T
from dialogs.common.edge import flash_getter
from dialogs.common.widgets import Esc, flashes
from dialogs.queue import getters, handlers
from dialogs.queue.states import AssignSG, QueueSG

# Widget ids (they end up in callback data, so keep them short).
ROW, PREV, NEXT, BACK, EXECUTOR = "rq", "pv", "nx", "bk", "ex"

QUEUE_PREVIEW = {
    "problem": "",
    "rows": [
        {"id": 3, "label": "🔥 Т-000123 · погрузка 04.03"},
        {"id": 2, "label": "З-000045 · нужно к 20.03"},
    ],
    "total": 2,
    "empty": False,
    "is_head": True,
    "is_executor": False,
    "has_prev": False,
    "has_next": False,
    "page_no": 1,
    "pages": 1,
    "paged": False,
}
ASSIGN_PREVIEW = {
    "problem": "",
    "number": "Т-000123",
    "executors": [
        {"id": 1, "label": "Петров Пётр — в работе: 1"},
        {"id": 2, "label": "Сидоров Иван — в работе: 4 · сейчас"},
    ],
    "none": False,
}


def _queue_window() -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        Multi(
            T("<b>Queue: waiting for an executor</b>"),
            T("Total: {total}", when="total"),
            T("Page {page_no} of {pages}", when="paged"),
            T("Nobody is waiting: the queue is empty.", when="empty"),
            T("Open a request to assign an executor.", when="is_head"),
            T("Open a request to take it into work.", when="is_executor"),
            T("🔥 — emergency request."),
        ),
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
            Button(Format("‹"), id=PREV, on_click=handlers.on_prev, when="has_prev"),
            Button(Format("›"), id=NEXT, on_click=handlers.on_next, when="has_next"),
        ),
        Cancel(T("⬅️ Back"), id=BACK),
        state=QueueSG.list,
        getter=getters.queue_getter,
        preview_data=QUEUE_PREVIEW,
    )


def _assign_window() -> Window:
    return Window(
        Esc("problem", prefix="⚠️ "),
        *flashes(),
        T("<b>Assign an executor</b> · {number}", when="number"),
        T("Executors of the department and the requests each has in work:", when="executors"),
        T("The department has no executors. Ask an administrator to add them.", when="none"),
        Column(
            Select(
                Format("{item[label]}"),
                id=EXECUTOR,
                item_id_getter=itemgetter("id"),
                items="executors",
                type_factory=int,
                on_click=handlers.on_executor,
            )
        ),
        Cancel(T("⬅️ Back"), id=BACK),
        state=AssignSG.executor,
        getter=getters.assign_getter,
        preview_data=ASSIGN_PREVIEW,
    )


def queue_dialogs() -> list[Dialog]:
    """The queue dialog and the assignment dialog; build once per dispatcher."""
    return [Dialog(_queue_window()), Dialog(_assign_window(), getter=flash_getter)]
