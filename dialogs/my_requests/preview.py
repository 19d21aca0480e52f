"""Sample window data, so every window renders without a database (tests, previews)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from dialogs.card import Ctx, render_card, render_history
from flows.actor import Actor
from flows.views import RequestCard
from storage.tables import Cargo, Request, RoutePoint, TransitionLog

_AT = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
_PAGING = {"page_no": 1, "pages": 2, "paged": True, "has_prev": False, "has_next": True}


def _sample_card() -> RequestCard:
    request = Request(
        id=1,
        number="Т-000123",
        kind="transport",
        status="submitted",
        initiator_id=1,
        loading_date=date(2026, 3, 4),
        estimated_cost_kop=150_000_50,
        is_emergency=True,
        emergency_lead_days=3,
        emergency_deadline=datetime(2026, 3, 4, 6, 0, tzinfo=UTC),
        created_at=_AT,
        updated_at=_AT,
        submitted_at=_AT,
    )
    return RequestCard(
        request=request,
        actor=Actor(1, "Иванов Иван"),
        route=[RoutePoint(request_id=1, seq=0, kind="loading", address="Кемерово")],
        cargo=Cargo(request_id=1, description="Пресс", weight_kg=12_500),
        log=[
            TransitionLog(
                request_id=1,
                at=_AT,
                actor_name="Иванов Иван",
                role="initiator",
                action="submit",
                from_status="draft",
                to_status="submitted",
                source="bot",
            )
        ],
        names={1: "Иванов Иван"},
        next_step="An executor must take the request into work.",
        waiting_for=["executor"],
    )


def _rows() -> list[dict[str, Any]]:
    return [
        {"id": 3, "label": "Т-000123 · 02.03 · подана · 🔥"},
        {"id": 2, "label": "З-000045 · 01.03 · в работе"},
    ]


LIST: dict[str, Any] = {
    "notice": "",
    "rows": _rows(),
    "has_rows": True,
    "total": 10,
    "modes": [{"id": "work", "label": "• 🛠 В работе"}, {"id": "queue", "label": "📥 Очередь"}],
    "has_modes": True,
    "filters": [{"id": "all", "label": "• Все"}, {"id": "active", "label": "Активные"}],
    "mode_mine": False,
    "mode_work": True,
    "mode_queue": False,
    "loads": "",
    **_PAGING,
    "prev_no": 0,
    "next_no": 2,
}
CARD: dict[str, Any] = {
    "notice": "✅ Заявка подана.",
    "page": render_card(_sample_card(), Ctx())[0],
    "found": True,
    "actions": [{"id": "withdraw.2", "label": "↩️ Отозвать"}],
    **_PAGING,
    "prev_no": 0,
    "next_no": 2,
}
HISTORY: dict[str, Any] = {
    "page": render_history(_sample_card(), Ctx())[0],
    **_PAGING,
    "prev_no": 0,
    "next_no": 2,
}
CONFIRM: dict[str, Any] = {"question": "Отозвать заявку Т-000123? Работа по ней прекратится."}
