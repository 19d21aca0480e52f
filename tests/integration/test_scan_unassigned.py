"""A submitted request nobody takes escalates to the head every working hour."""

from __future__ import annotations

from datetime import time, timedelta

from flows.enums import Level
from flows.rules.model import RuleEdits
from flows.rules.settings import edit_rule
from flows.rules.templates import render_rule
from flows.services import requests
from tests.support.factories import make_company
from tests.support.rules import msk, rule_rows, scan_at, submit_at, take, update_user


async def test_request_submitted_friday_evening_escalates_monday_morning(session_factory):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 13, 17, 30))

    for quiet_moment in (msk(2026, 3, 13, 18, 30), msk(2026, 3, 15, 12), msk(2026, 3, 16, 9, 29)):
        await scan_at(co, quiet_moment)
    assert await rule_rows(co) == []

    await scan_at(co, msk(2026, 3, 16, 9, 30))
    [row] = await rule_rows(co, "unassigned")
    assert row.recipient_id == co.id("head")
    assert row.request_id == request_id
    assert row.level == Level.urgent.value
    assert row.params["late"] is False and row.params["hours"] == 1
    assert row.due_at == msk(2026, 3, 16, 9, 30)
    assert render_rule(row.template, row.params, "ru").startswith("Заявка <b>Т-")


async def test_a_public_holiday_shifts_the_escalation_again(session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 5, 8, 17, 30))
    await scan_at(co, msk(2026, 5, 11, 9, 30))  # Monday, but the Victory Day day off
    assert await rule_rows(co) == []
    await scan_at(co, msk(2026, 5, 12, 9, 30))
    assert len(await rule_rows(co, "unassigned")) == 1


async def test_escalation_repeats_every_working_hour_until_an_executor_is_assigned(
    session_factory,
):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 10, 0))
    for hour in (11, 11, 12, 13):
        await scan_at(co, msk(2026, 3, 16, hour, 0, 20))
    rows = await rule_rows(co, "unassigned")
    assert [r.params["step"] for r in rows] == [0, 1, 2]
    assert [r.params["hours"] for r in rows] == [1, 2, 3]

    co.clock.set(msk(2026, 3, 16, 13, 30))
    await requests.assign(co.deps, co.ref("head"), request_id, co.id("executor"))
    await scan_at(co, msk(2026, 3, 16, 14, 0))
    await scan_at(co, msk(2026, 3, 17, 12, 0))
    assert len(await rule_rows(co, "unassigned")) == 3


async def test_request_taken_into_work_at_59_minutes_gets_no_escalation(session_factory):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 10, 0))
    await scan_at(co, msk(2026, 3, 16, 10, 58))
    await take(co, request_id, msk(2026, 3, 16, 10, 59))
    await scan_at(co, msk(2026, 3, 16, 11, 0))
    await scan_at(co, msk(2026, 3, 16, 15, 0))
    assert await rule_rows(co) == []


async def test_quiet_hours_delay_the_escalation_to_nine_in_the_recipients_zone(session_factory):
    co = await make_company(session_factory)
    await update_user(co, "head", tz="Europe/London", quiet_start=time(21), quiet_end=time(9))
    await submit_at(co, msk(2026, 3, 13, 17, 30))
    await scan_at(co, msk(2026, 3, 16, 9, 30))
    await scan_at(co, msk(2026, 3, 16, 11, 59, 59))
    assert await rule_rows(co) == []

    await scan_at(co, msk(2026, 3, 16, 12, 0))  # 09:00 in London
    [row] = await rule_rows(co, "unassigned")
    assert row.params["late"] is False


async def test_an_urgent_rule_set_to_override_quiet_hours_sends_at_once(session_factory):
    co = await make_company(session_factory)
    await update_user(co, "head", tz="Europe/London", quiet_start=time(21), quiet_end=time(9))
    await edit_rule(co.deps, "unassigned", RuleEdits(quiet_override=True))
    await submit_at(co, msk(2026, 3, 13, 17, 30))
    await scan_at(co, msk(2026, 3, 16, 9, 30))
    assert len(await rule_rows(co, "unassigned")) == 1


async def test_every_head_of_the_department_is_told_and_nobody_else(session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    await scan_at(co, msk(2026, 3, 16, 11, 0) + timedelta(seconds=5))
    assert [r.recipient_id for r in await rule_rows(co)] == [co.id("head")]


async def test_a_disabled_rule_writes_nothing(session_factory):
    co = await make_company(session_factory)
    await edit_rule(co.deps, "unassigned", RuleEdits(enabled=False))
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    report = await scan_at(co, msk(2026, 3, 16, 12, 0))
    assert report.run("unassigned") is None
    assert await rule_rows(co) == []
