"""Pending approvals: a reminder after 4 working hours, urgent after 8 with the executor told."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.enums import Level
from flows.services import decisions
from tests.support.factories import Company, make_company
from tests.support.rules import msk, rule_rows, scan_at, submit_at, to_winner_approval


async def _pending_since_friday_noon(
    session_factory: async_sessionmaker[AsyncSession],
) -> tuple[Company, int, list[int]]:
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 13, 10, 0))
    approvals = await to_winner_approval(co, request_id, msk(2026, 3, 13, 12, 0))
    return co, request_id, approvals


async def test_approvers_are_reminded_after_four_working_hours(session_factory):
    co, request_id, approvals = await _pending_since_friday_noon(session_factory)
    await scan_at(co, msk(2026, 3, 13, 15, 59))
    assert await rule_rows(co, "approval_reminder") == []

    await scan_at(co, msk(2026, 3, 13, 16, 0))
    rows = await rule_rows(co, "approval_reminder")
    assert sorted(r.recipient_id for r in rows) == sorted(
        co.id(who) for who in ("pm", "director", "security")
    )
    assert {r.level for r in rows} == {Level.reminder.value}
    assert {r.purpose for r in rows} == {f"approval:{a}" for a in approvals}
    assert {r.params["approval_id"] for r in rows} == set(approvals)
    assert all(r.request_id == request_id for r in rows)


async def test_after_eight_working_hours_approvers_get_urgent_and_the_executor_info(
    session_factory,
):
    co, _, _ = await _pending_since_friday_noon(session_factory)
    await scan_at(co, msk(2026, 3, 13, 16, 0))
    await scan_at(co, msk(2026, 3, 16, 10, 59, 59))
    assert await rule_rows(co, "approval_overdue") == []

    await scan_at(co, msk(2026, 3, 16, 11, 0))
    urgent = await rule_rows(co, "approval_overdue")
    assert len(urgent) == 3 and {r.level for r in urgent} == {Level.urgent.value}
    told = await rule_rows(co, "approval_overdue_executor")
    assert {r.recipient_id for r in told} == {co.id("executor")}
    assert {r.level for r in told} == {Level.info.value}
    assert {r.purpose for r in told} == {None}
    assert all("approval_id" not in r.params for r in told)


async def test_approval_at_10_59_59_cancels_the_11_00_escalation(session_factory):
    co, request_id, approvals = await _pending_since_friday_noon(session_factory)
    async with co.deps.uow() as uow:
        by_role = {a.role: a.id for a in await uow.tender.approvals(request_id)}
    co.clock.set(msk(2026, 3, 16, 10, 59, 59))
    await decisions.decide(co.deps, co.ref("pm"), by_role["project_manager"], approve=True)

    await scan_at(co, msk(2026, 3, 16, 11, 0))
    urgent = await rule_rows(co, "approval_overdue")
    assert co.id("pm") not in {r.recipient_id for r in urgent}
    assert {r.recipient_id for r in urgent} == {co.id("director"), co.id("security")}
    assert len(approvals) == 3


async def test_a_round_closed_by_a_rejection_stops_every_reminder(session_factory):
    co, request_id, _ = await _pending_since_friday_noon(session_factory)
    async with co.deps.uow() as uow:
        by_role = {a.role: a.id for a in await uow.tender.approvals(request_id)}
    co.clock.set(msk(2026, 3, 13, 15, 0))
    await decisions.decide(
        co.deps, co.ref("director"), by_role["executive_director"], approve=False, comment="дорого"
    )
    await scan_at(co, msk(2026, 3, 13, 16, 0))
    await scan_at(co, msk(2026, 3, 16, 11, 0))
    assert await rule_rows(co, "approval_reminder") == []
    assert await rule_rows(co, "approval_overdue") == []
