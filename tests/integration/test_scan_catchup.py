"""Downtime, races and stale rows: every message once, late ones marked, handled ones dropped."""

from __future__ import annotations

import asyncio

from sqlmodel import col, select

from flows.services import requests
from flows.services.context import Deps
from jobs.scan import scan
from storage import db
from storage.tables import Outbox
from storage.uow import uow_factory
from tests.support.factories import make_company
from tests.support.rules import msk, rule_rows, scan_at, submit_at


async def test_first_scan_after_downtime_catches_up_once_and_marks_it_late(session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 16, 10, 0))

    report = await scan_at(co, msk(2026, 3, 17, 12, 0))
    await scan_at(co, msk(2026, 3, 17, 12, 0, 30))
    [row] = await rule_rows(co, "unassigned")
    assert report.late == 1
    assert row.params["late"] is True and row.params["due"] == "16.03.2026 11:00"

    await scan_at(co, msk(2026, 3, 17, 13, 0, 10))
    rows = await rule_rows(co, "unassigned")
    assert [(r.params["step"], r.params["late"]) for r in rows] == [(10, True), (11, False)]


async def test_a_missed_monthly_summary_is_sent_late_the_next_day(session_factory):
    co = await make_company(session_factory)
    await scan_at(co, msk(2026, 4, 2, 10, 0))
    rows = await rule_rows(co, "monthly_summary")
    assert len(rows) == 2 and {r.params["late"] for r in rows} == {True}


async def test_a_waiting_escalation_is_cancelled_once_the_request_is_taken(session_factory):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 10, 0))
    await scan_at(co, msk(2026, 3, 16, 11, 0))  # the dispatcher is down: the row waits
    co.clock.set(msk(2026, 3, 16, 11, 30))
    await requests.take(co.deps, co.ref("executor"), request_id)

    report = await scan_at(co, msk(2026, 3, 16, 11, 31))
    [row] = await rule_rows(co, "unassigned")
    assert report.cancelled == 1 and row.status == "cancelled"


async def test_a_waiting_repeat_is_replaced_by_the_next_one(session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    await scan_at(co, msk(2026, 3, 16, 11, 0))
    await scan_at(co, msk(2026, 3, 16, 12, 0))
    rows = await rule_rows(co, "unassigned")
    assert [(r.params["step"], r.status) for r in rows] == [(0, "cancelled"), (1, "pending")]


async def test_scans_racing_in_two_processes_write_each_message_once(db_url, session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    await submit_at(co, msk(2026, 3, 16, 10, 5))
    engines = [db.create_engine(db_url) for _ in range(2)]
    try:
        now = msk(2026, 3, 16, 12, 0)
        deps = [Deps(uow=uow_factory(db.session_factory(e)), clock=co.clock) for e in engines]
        reports = await asyncio.gather(*(scan(d, now) for d in deps), scan(deps[0], now))
    finally:
        for engine in engines:
            await engine.dispose()

    assert [r.failed for r in reports] == [[], [], []]
    rows = await rule_rows(co, "unassigned")
    assert len(rows) == 2 == sum(r.enqueued for r in reports)
    async with co.deps.uow() as uow:
        keys = (
            await uow.session.exec(
                select(Outbox.dedupe_key).where(col(Outbox.template).startswith("rule:"))
            )
        ).all()
    assert len(keys) == len(set(keys))
