"""Window data of the queue and of the executor choice; each render re-reads the database."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.i18n import locale_of
from dialogs.common.edge import actor_of, deps_of, tr
from dialogs.lifecycle.edge import request_of
from flows import queue_views
from flows.enums import RequestKind
from flows.errors import N_, DomainError
from flows.queue_views import ExecutorLoad, QueueRow
from locales import render_error

PAGE_SIZE = 8
EMERGENCY_MARK = "🔥 "


def row_label(manager: DialogManager, row: QueueRow) -> str:
    """«🔥 Т-000123 · погрузка 16.03» (button text, shown without markup)."""
    day = row.deadline.strftime("%d.%m") if row.deadline else "—"
    if row.kind == RequestKind.transport:
        when = tr(manager, N_("loading {date}"), date=day)
    else:
        when = tr(manager, N_("needed by {date}"), date=day)
    mark = EMERGENCY_MARK if row.is_emergency else ""
    return f"{mark}{row.number} · {when}"


async def queue_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    offset = int(manager.dialog_data.get("offset", 0))
    try:
        page = await queue_views.department_queue(
            deps_of(manager), actor_of(manager), offset=offset, limit=PAGE_SIZE
        )
        if offset and offset >= page.total:
            # The queue shrank since the page was turned: show its last page.
            offset = max(0, (page.total - 1) // PAGE_SIZE * PAGE_SIZE)
            page = await queue_views.department_queue(
                deps_of(manager), actor_of(manager), offset=offset, limit=PAGE_SIZE
            )
    except DomainError as error:
        return {
            "problem": render_error(error, locale_of(manager)),
            "rows": [],
            "total": 0,
            "is_head": False,
        }
    manager.dialog_data["offset"] = offset
    return {
        "problem": "",
        "rows": [{"id": r.request_id, "label": row_label(manager, r)} for r in page.rows],
        "total": page.total,
        "empty": page.total == 0,
        "is_head": page.is_head,
        "is_executor": not page.is_head,
        "has_prev": offset > 0,
        "has_next": offset + PAGE_SIZE < page.total,
        "page_no": offset // PAGE_SIZE + 1,
        "pages": max(1, -(-page.total // PAGE_SIZE)),
        "paged": page.total > PAGE_SIZE,
    }


def load_label(manager: DialogManager, load: ExecutorLoad) -> str:
    label = tr(manager, N_("{name} — in work: {count}"), name=load.name, count=load.open_requests)
    return label + tr(manager, N_(" · current")) if load.is_current else label


async def assign_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    request_id, _version = request_of(manager)
    try:
        choice = await queue_views.assign_choice(deps_of(manager), actor_of(manager), request_id)
    except DomainError as error:
        return {
            "problem": render_error(error, locale_of(manager)),
            "number": "",
            "executors": [],
            "none": False,
        }
    manager.dialog_data["names"] = {str(e.user_id): e.name for e in choice.executors}
    return {
        "problem": "",
        "number": choice.number,
        "executors": [
            {"id": e.user_id, "label": load_label(manager, e)} for e in choice.executors
        ],
        "none": not choice.executors,
    }
