"""A scan reads the items that are due, not the whole database."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from flows.rules.runner import run_rule, scan_setup
from storage.tables import Approval, Request
from tests.support.factories import Company, make_company
from tests.support.rules import msk, scan_at, submit_at

_numbers = itertools.count(1)
NOW = msk(2026, 3, 16, 12, 0)


async def _add_handled_items(co: Company, count: int) -> None:
    """Requests and approvals in every state that is not due at NOW."""
    old = NOW - timedelta(days=20)
    future = NOW + timedelta(days=20)
    shapes = [
        {"status": "closed", "submitted_at": old},
        {"status": "in_work", "submitted_at": old, "executor_id": co.id("executor")},
        {"status": "submitted", "submitted_at": NOW - timedelta(minutes=5)},
        {"status": "tender", "submitted_at": old, "bid_deadline": future},
        {"status": "in_delivery", "submitted_at": old, "expected_arrival": future.date()},
        {"status": "documents", "submitted_at": old, "executor_id": co.id("executor")},
        {"status": "draft"},
    ]
    async with co.deps.uow() as uow:
        for n in range(count):
            request = Request(
                number=f"Т-9{next(_numbers):05d}",
                kind="transport",
                initiator_id=co.id("initiator"),
                loading_date=date(2026, 4, 30),
                created_at=old,
                updated_at=old,
                **shapes[n % len(shapes)],
            )
            uow.session.add(request)
            await uow.session.flush()
            uow.session.add(
                Approval(
                    request_id=request.id,
                    purpose="winner",
                    round=1,
                    role="executive_director",
                    decision="approved",
                    created_at=old,
                )
            )
        await uow.commit()


async def test_rows_read_grow_with_due_items_not_with_the_database(session_factory):
    co = await make_company(session_factory)
    for minute in (0, 5):
        await submit_at(co, msk(2026, 3, 16, 10, minute))
    await _add_handled_items(co, 140)
    small = await scan_at(co, NOW)
    await _add_handled_items(co, 700)
    large = await scan_at(co, NOW + timedelta(seconds=30))

    assert small.run("unassigned").examined == 2
    assert small.examined == large.examined == 2
    assert small.enqueued == 2 and large.enqueued == 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_every_due_query_searches_an_index(db_url, engine, session_factory):
    co = await make_company(session_factory)
    await _add_handled_items(co, 14)
    statements: list[tuple[str, object]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _collect(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    # The first working day of a month, at the month end's eve: every rule queries.
    rules, calendar = await scan_setup(co.deps)
    for at in (msk(2026, 4, 1, 9, 0), msk(2026, 3, 30, 9, 0)):
        for rule in rules:
            if rule.enabled and rule.event_template is None:
                await run_rule(co.deps, rule, calendar, at)
    event.remove(engine.sync_engine, "before_cursor_execute", _collect)

    full_scans = []
    async with engine.connect() as conn:
        for statement, parameters in statements:
            if "FROM requests" not in statement and "FROM approvals" not in statement:
                continue
            plan = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            details = [str(row[-1]) for row in plan]
            if any(d.startswith(("SCAN requests", "SCAN approvals")) for d in details):
                full_scans.append((statement, details))
    assert len(statements) > 10
    assert full_scans == []
