"""Races: people pressing at the same moment, each call in its own unit of work.

Every racer has its own engine (as two bot processes would), so the calls overlap on separate
connections. Each race is run several times to make an occasional failure visible.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from flows.enums import Decision, Status
from flows.errors import AlreadyDecided, Refused
from flows.services import cancel, decisions, requests
from flows.services.context import Deps
from storage import db
from storage.repos.tender import TenderRepo
from storage.tables import Request
from storage.uow import uow_factory
from tests.support import lifecycle as lc
from tests.support.factories import Company, make_company, transport_draft

TRIALS = 10
RACERS = 3
HOLD_S = 0.05


@pytest.fixture
async def co(session_factory) -> Company:
    return await make_company(session_factory)


@pytest.fixture
async def racers(db_url: str, co: Company) -> AsyncIterator[list[Deps]]:
    """Independent Deps, each on an engine of its own, sharing the company's clock."""
    engines: list[AsyncEngine] = [db.create_engine(db_url) for _ in range(RACERS)]
    yield [
        Deps(uow=uow_factory(db.session_factory(e)), clock=co.clock, company_tz="Europe/Moscow")
        for e in engines
    ]
    for engine in engines:
        await engine.dispose()


async def race(*calls: Awaitable[Any], reverse: bool = False) -> list[Any]:
    """Run the calls at once; results and domain errors alike come back in call order.

    ``reverse`` starts them in the opposite order, which usually lets the other one win.
    """
    order = list(range(len(calls)))[:: -1 if reverse else 1]
    started = await asyncio.gather(*(calls[i] for i in order), return_exceptions=True)
    results: list[Any] = [None] * len(calls)
    for i, result in zip(order, started, strict=True):
        results[i] = result
    return results


def only(results: list[Any], kind: type) -> list[Any]:
    return [r for r in results if isinstance(r, kind)]


async def later(call: Awaitable[Any], delay: float) -> Any:
    await asyncio.sleep(delay)
    return await call


def no_surprises(results: list[Any], *expected: type) -> None:
    """Anything raised is one of the expected domain errors, never a database failure."""
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, expected):
            raise result


def hold_after(cls: type, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the transaction open a moment after ``cls.name`` ran, so racers surely overlap."""
    original: Callable[..., Awaitable[Any]] = getattr(cls, name)

    async def held(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = await original(self, *args, **kwargs)
        await asyncio.sleep(HOLD_S)
        return result

    monkeypatch.setattr(cls, name, held)


def seat(approvals: list[Any], role: str) -> Any:
    return next(a for a in approvals if a.role == role and a.decision == Decision.pending)


async def test_the_same_decision_pressed_twice_at_once_is_recorded_once(co, racers):
    for _ in range(TRIALS):
        request_id, _ = await lc.in_winner_approval(co)
        ed = seat(await lc.approvals(co, request_id), "executive_director")

        results = await race(
            *(decisions.decide(d, co.ref("director"), ed.id, approve=True) for d in racers)
        )

        no_surprises(results, AlreadyDecided)
        assert len(only(results, decisions.Outcome)) == 1
        assert len(only(results, AlreadyDecided)) == RACERS - 1
        rows = [r for r in await lc.log_rows(co, request_id) if r.action == "approve_winner"]
        assert [r.actor_id for r in rows] == [co.id("director")]
        decided = [a for a in await lc.approvals(co, request_id) if a.id == ed.id]
        assert [(a.decision, a.decided_by) for a in decided] == [
            (Decision.approved, co.id("director"))
        ]


async def test_all_approvers_pressing_at_once_move_the_request_exactly_once(co, racers):
    for _ in range(TRIALS):
        carriers = await lc.new_carriers(co)
        request_id, _ = await lc.in_winner_approval(co, carriers=carriers)
        pending = await lc.approvals(co, request_id)
        assert len(pending) == RACERS  # project manager, director and security's vetting
        version = (await lc.request_row(co, request_id)).version

        results = await race(
            *(
                decisions.decide(d, co.ref(lc.approver_name(co, a)), a.id, approve=True)
                for d, a in zip(racers, pending, strict=True)
            )
        )

        no_surprises(results)
        assert sum(r.moved for r in results) == 1
        assert {a.decision for a in await lc.approvals(co, request_id)} == {Decision.approved}
        request = await lc.request_row(co, request_id)
        assert request.status == Status.awaiting_payment
        assert request.version == version + 1
        log = await lc.log_rows(co, request_id)
        assert [r.to_status for r in log].count(Status.awaiting_payment) == 1
        assert [r.action for r in log].count("approve_winner") == 3


async def test_two_executors_taking_at_once_leave_one_taker_and_name_him_to_the_other(co, racers):
    for _ in range(TRIALS):
        request_id = await lc.submitted(co)

        results = await race(
            requests.take(racers[0], co.ref("executor"), request_id),
            requests.take(racers[1], co.ref("executor2"), request_id),
        )

        no_surprises(results, Refused)
        (won,) = only(results, Request)
        (lost,) = only(results, Refused)
        winner = next(u for u in co.users.values() if u.id == won.executor_id)
        assert lost.message == "Already taken into work by {name}."
        assert lost.params == {"name": winner.full_name}
        request = await lc.request_row(co, request_id)
        assert (request.status, request.executor_id) == (Status.in_work, winner.id)
        assert [r.action for r in await lc.log_rows(co, request_id)].count("take") == 1


async def test_a_rejection_and_an_approval_at_once_settle_consistently(co, racers, monkeypatch):
    hold_after(TenderRepo, "decide", monkeypatch)
    orders = set()
    for trial in range(TRIALS):
        request_id, _ = await lc.in_winner_approval(co)
        approvals = await lc.approvals(co, request_id)
        pm, ed = seat(approvals, "project_manager"), seat(approvals, "executive_director")

        results = await race(
            decisions.decide(racers[0], co.ref("pm"), pm.id, approve=True),
            decisions.decide(racers[1], co.ref("director"), ed.id, approve=False, comment="Нет"),
            reverse=trial % 2 == 1,
        )

        no_surprises(results, AlreadyDecided)
        approved, rejected = results
        assert isinstance(rejected, decisions.Outcome) and rejected.moved
        after = {a.id: a for a in await lc.approvals(co, request_id)}
        assert after[ed.id].decision == Decision.rejected
        if isinstance(approved, AlreadyDecided):  # the rejection came first
            assert approved.message == "This decision is no longer needed: the request moved on."
            assert after[pm.id].decision == Decision.closed
        else:
            assert after[pm.id].decision == Decision.approved
        orders.add(isinstance(approved, AlreadyDecided))
        assert Decision.pending not in {a.decision for a in after.values()}
        request = await lc.request_row(co, request_id)
        assert request.status == Status.winner_approval and request.winner_rejection == "Нет"
    assert orders == {True, False}, "only one order was exercised"


async def test_a_cancellation_and_approvals_at_once_end_cancelled_without_deadlock(
    co, racers, monkeypatch
):
    # Both sides hold their first write for a moment: a service that wrote approvals before
    # the request while another locked the request first would deadlock here.
    hold_after(TenderRepo, "decide", monkeypatch)
    hold_after(TenderRepo, "close_pending", monkeypatch)
    decided_first = set()
    for trial in range(TRIALS // 2):
        request_id, _ = await lc.in_winner_approval(co)
        approvals = await lc.approvals(co, request_id)
        pm, ed = seat(approvals, "project_manager"), seat(approvals, "executive_director")

        # Whichever side starts a moment late reaches the lock second; alternate the sides.
        cancelling = cancel.cancel(racers[1], co.ref("pm"), request_id, reason="Заморожен")
        deciding = decisions.decide(racers[0], co.ref("director"), ed.id, approve=True)
        results = await race(
            deciding if trial % 2 else later(deciding, HOLD_S / 2),
            later(cancelling, HOLD_S / 2) if trial % 2 else cancelling,
            decisions.decide(racers[2], co.ref("pm"), pm.id, approve=True),
        )

        no_surprises(results, AlreadyDecided)
        decided_first.add(isinstance(results[0], decisions.Outcome))
        assert (await lc.request_row(co, request_id)).status == Status.cancelled
        decisions_left = {a.decision for a in await lc.approvals(co, request_id)}
        assert Decision.pending not in decisions_left
    assert decided_first == {True, False}, "only one order was exercised"


async def test_requests_filed_at_once_get_distinct_numbers_even_the_very_first(co, racers):
    drafts = [transport_draft(co) for _ in racers]

    results = await race(
        *(
            requests.save_draft(d, co.ref(who), draft)
            for d, who, draft in zip(racers, ("initiator", "pm", "initiator"), drafts, strict=True)
        )
    )

    no_surprises(results)
    assert sorted(r.number for r in results) == ["Т-000001", "Т-000002", "Т-000003"]
