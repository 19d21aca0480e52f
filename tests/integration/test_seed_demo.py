"""``tonnage seed-demo`` fills an empty database through the real services, on both engines."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select

from cli.seeding import seed_demo
from flows.enums import Action, Status
from flows.transitions import TABLE
from storage.db import is_sqlite
from storage.tables import Counterparty, Request, TransitionLog, User
from tests.support.factories import make_company

NOW = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
ZONE = "Europe/Moscow"
KEEPS_STATUS = {
    Action.approve_change,
    Action.reject_change,
    Action.request_change,
    Action.add_bid,
    Action.attach_document,
}


async def _seed(url: str, count: int) -> str:
    return await seed_demo(url, requests=count, seed=7, now=NOW, company_tz=ZONE, progress=None)


def _expected_target(row: TransitionLog, before_cancel: Status | None) -> set[Status]:
    source, action = Status(row.from_status), Action(row.action)
    transition = TABLE.get((source, action))
    assert transition is not None, f"{action} is not allowed from {source}"
    if transition.target is not None:
        return {transition.target}
    if action is Action.approve_winner:
        return {Status.winner_approval, Status.awaiting_payment}
    if action is Action.reject_cancel:
        assert before_cancel is not None
        return {before_cancel}
    assert action in KEEPS_STATUS, f"no rule for the computed target of {action}"
    return {source}


def _replay(rows: list[TransitionLog]) -> Status:
    """Apply the log from a draft; every step must be a move the transition table allows."""
    status, before_cancel = Status.draft, None
    for row in rows:
        assert row.from_status == status, f"log row {row.id} starts from {row.from_status}"
        assert Status(row.to_status) in _expected_target(row, before_cancel), row
        if row.action == Action.request_cancel:
            before_cancel = status
        status = Status(row.to_status)
    return status


async def _logs(session_factory) -> tuple[list[Request], dict[int, list[TransitionLog]]]:
    async with session_factory() as session:
        requests = list((await session.exec(select(Request))).all())
        query = select(TransitionLog).order_by(col(TransitionLog.id))
        rows = (await session.exec(query)).all()
    logs: dict[int, list[TransitionLog]] = defaultdict(list)
    for row in rows:
        logs[row.request_id].append(row)
    return requests, logs


def _emergency_share_by_month(requests: list[Request]) -> list[float]:
    months: dict[str, list[bool]] = defaultdict(list)
    for request in requests:
        if request.submitted_at is not None:
            month = request.submitted_at.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m")
            months[month].append(bool(request.is_emergency))
    return [sum(flags) / len(flags) for _, flags in sorted(months.items())]


async def test_demo_requests_reach_every_status_through_the_transition_table(
    db_url, session_factory
):
    count = 300 if is_sqlite(db_url) else 60
    summary = await _seed(db_url, count)
    requests, logs = await _logs(session_factory)

    assert len(requests) == count
    assert {Status(r.status) for r in requests} == set(Status)
    assert {r.kind for r in requests} == {"transport", "procurement"}
    for request in requests:
        rows = logs.get(request.id or 0, [])
        assert _replay(rows) == request.status, request.number
        assert [r.at for r in rows] == sorted(r.at for r in rows)
        assert all(r.at <= NOW for r in rows)
    shares = _emergency_share_by_month(requests)
    assert shares[0] > shares[-1]
    assert "closed" in summary and "Users by role" in summary


async def test_seeding_twice_adds_nothing_the_second_time(db_url, session_factory):
    await _seed(db_url, 20)
    async with session_factory() as session:
        before = [
            (await session.exec(select(func.count()).select_from(table))).one()
            for table in (Request, TransitionLog, User, Counterparty)
        ]

    again = await _seed(db_url, 20)

    async with session_factory() as session:
        after = [
            (await session.exec(select(func.count()).select_from(table))).one()
            for table in (Request, TransitionLog, User, Counterparty)
        ]
    assert after == before
    assert "already seeded" in again


async def test_a_database_with_other_data_is_left_alone(db_url, session_factory):
    await make_company(session_factory)

    answer = await _seed(db_url, 20)

    async with session_factory() as session:
        requests = (await session.exec(select(func.count()).select_from(Request))).one()
    assert requests == 0
    assert "not demo data" in answer
