"""One scheduler across processes sharing a database: a lease, renewed, taken over on expiry."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from flows.lease import lease_holder
from flows.services.context import Deps
from jobs.leader import Leader
from jobs.scheduler import SCHEDULER_LEASE, JobsConfig, RuleJobs, start_jobs
from storage import db
from storage.uow import uow_factory
from tests.support.factories import make_company
from tests.support.rules import msk, rule_rows, submit_at

ROOT = Path(__file__).resolve().parents[2]
TTL = timedelta(seconds=60)


async def test_only_one_of_two_processes_holds_the_lease_until_it_expires(session_factory):
    co = await make_company(session_factory, at=msk(2026, 3, 16, 9, 0))
    first = Leader(co.deps, SCHEDULER_LEASE, ttl=TTL, holder="first")
    second = Leader(co.deps, SCHEDULER_LEASE, ttl=TTL, holder="second")
    assert await first.refresh() is True
    assert await second.refresh() is False

    co.clock.advance(timedelta(seconds=45))
    assert await first.refresh() is True  # renewed until 09:01:45
    co.clock.advance(timedelta(seconds=45))
    assert await second.refresh() is False
    assert first.is_leader and not second.is_leader

    co.clock.advance(timedelta(seconds=16))  # the first died without renewing
    assert not first.is_leader
    assert await second.refresh() is True
    assert await first.refresh() is False
    holder = await lease_holder(co.deps, SCHEDULER_LEASE)
    assert holder == ("second", co.clock.now() + TTL)


async def test_a_leader_that_resigns_hands_over_at_once(session_factory):
    co = await make_company(session_factory)
    first = Leader(co.deps, SCHEDULER_LEASE, ttl=TTL, holder="first")
    second = Leader(co.deps, SCHEDULER_LEASE, ttl=TTL, holder="second")
    await first.refresh()
    await first.resign()
    assert await second.refresh() is True


async def test_two_schedulers_send_no_duplicate_and_the_survivor_takes_over(
    db_url, session_factory
):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    engine = db.create_engine(db_url)
    try:
        other_deps = Deps(uow=uow_factory(db.session_factory(engine)), clock=co.clock)
        first = RuleJobs(co.deps, Leader(co.deps, SCHEDULER_LEASE, ttl=TTL, holder="first"))
        second = RuleJobs(
            other_deps, Leader(other_deps, SCHEDULER_LEASE, ttl=TTL, holder="second")
        )
        co.clock.set(msk(2026, 3, 16, 11, 0))
        scanned = []
        for _ in range(4):  # both tick every 20 s for a minute
            scanned.append([await first.tick() is not None, await second.tick() is not None])
            co.clock.advance(timedelta(seconds=20))
        assert scanned == [[True, False]] * 4

        # The first process dies; the second takes over when the lease runs out.
        co.clock.set(msk(2026, 3, 16, 12, 0))
        report = await second.tick()
        assert report is not None and report.enqueued == 1
    finally:
        await engine.dispose()
    rows = await rule_rows(co, "unassigned")
    assert [r.params["step"] for r in rows] == [0, 1]


def _probe(url: str, now: str, start_at: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.lease_probe",
            url,
            "probe",
            now,
            "60",
            str(start_at),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _answers(processes: list[subprocess.Popen[str]]) -> list[str]:
    answers = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        answers.append(out.strip())
    return answers


async def test_real_processes_racing_for_the_lease_elect_exactly_one(db_url, session_factory):
    await make_company(session_factory)
    now = msk(2026, 3, 16, 9, 0)
    start_at = time.time() + 3
    racers = [_probe(db_url, now.isoformat(), start_at) for _ in range(3)]
    answers = await asyncio.to_thread(_answers, racers)
    assert sorted(answers) == ["follower", "follower", "leader"]

    # Half a minute on, the lease still stands; past its 60 s, a newcomer takes it over.
    later = [_probe(db_url, (now + timedelta(seconds=s)).isoformat(), 0) for s in (30, 61)]
    assert await asyncio.to_thread(_answers, later) == ["follower", "leader"]


async def test_started_jobs_scan_on_their_timer_and_release_the_lease_on_stop(
    session_factory,
):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    co.clock.set(msk(2026, 3, 16, 11, 0))
    config = JobsConfig(
        scan_every=timedelta(seconds=0.2),
        lease_ttl=timedelta(seconds=60),
        renew_every=timedelta(seconds=0.1),
    )
    handle = start_jobs(co.deps, settings=None, config=config)
    try:
        for _ in range(100):
            if await rule_rows(co, "unassigned"):
                break
            await asyncio.sleep(0.1)
    finally:
        await handle.stop()
    assert len(await rule_rows(co, "unassigned")) == 1
    assert await lease_holder(co.deps, SCHEDULER_LEASE) is None
