"""Calendar rules: closing documents at the month end, the monthly summary."""

from __future__ import annotations

from datetime import date

from flows.calendar import WorkingCalendar
from flows.enums import Level
from flows.services import requests
from tests.support.factories import make_company
from tests.support.rules import msk, rule_rows, scan_at, submit_at, to_documents


async def test_missing_documents_are_reminded_the_day_before_and_on_the_last_working_day(
    session_factory,
):
    co = await make_company(session_factory)
    first = await submit_at(co, msk(2026, 3, 16, 9, 0))
    second = await submit_at(co, msk(2026, 3, 16, 9, 5))
    await to_documents(co, first, msk(2026, 3, 20, 12, 0))
    await to_documents(co, second, msk(2026, 3, 20, 13, 0))
    numbers = []
    async with co.deps.uow() as uow:
        for request_id in (first, second):
            request = await uow.requests.get(request_id)
            assert request is not None and request.status == "documents"
            numbers.append(request.number)

    await scan_at(co, msk(2026, 3, 27, 9, 0))
    await scan_at(co, msk(2026, 3, 30, 8, 59))
    assert await rule_rows(co, "documents_month_end") == []

    await scan_at(co, msk(2026, 3, 30, 9, 0))
    await scan_at(co, msk(2026, 3, 30, 17, 0))
    await scan_at(co, msk(2026, 3, 31, 9, 0))
    rows = await rule_rows(co, "documents_month_end")
    assert [r.recipient_id for r in rows] == [co.id("executor")] * 2
    assert [r.params["last_day"] for r in rows] == [False, True]
    assert rows[0].params["numbers"] == numbers and rows[0].params["count"] == 2
    assert rows[0].params["month_end"] == "31.03.2026"
    assert {r.level for r in rows} == {Level.reminder.value}
    assert {r.request_id for r in rows} == {None}


async def test_monthly_summary_goes_to_management_on_the_first_working_day(session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 10, 10, 0))
    await submit_at(co, msk(2026, 3, 16, 10, 0), loading=date(2026, 3, 17))  # an emergency
    withdrawn = await submit_at(co, msk(2026, 3, 18, 10, 0))
    await requests.withdraw(co.deps, co.ref("initiator"), withdrawn)
    await submit_at(co, msk(2026, 2, 27, 10, 0))  # February: not in March's numbers

    await scan_at(co, msk(2026, 3, 31, 17, 0))
    await scan_at(co, msk(2026, 4, 1, 8, 59))
    assert await rule_rows(co, "monthly_summary") == []

    await scan_at(co, msk(2026, 4, 1, 9, 0))
    await scan_at(co, msk(2026, 4, 1, 12, 0))
    await scan_at(co, msk(2026, 4, 2, 9, 0))
    rows = await rule_rows(co, "monthly_summary")
    assert sorted(r.recipient_id for r in rows) == sorted([co.id("director"), co.id("head")])
    params = rows[0].params
    assert params["month"] == "03.2026"
    assert (params["submitted"], params["emergency"], params["emergency_share"]) == (3, 1, 33)
    assert (params["closed"], params["cancelled"], params["open"]) == (0, 1, 3)
    assert params["late"] is False


async def test_the_first_working_day_after_the_new_year_holidays_carries_the_summary(
    session_factory,
):
    co = await make_company(session_factory, at=msk(2026, 12, 1, 9, 0))
    first_day = WorkingCalendar().first_working_day(2027, 1)
    assert first_day > date(2027, 1, 8)
    await scan_at(co, msk(2027, 1, 5, 9, 0))  # the New Year days off
    assert await rule_rows(co, "monthly_summary") == []
    await scan_at(co, WorkingCalendar().working_day_start(first_day))
    rows = await rule_rows(co, "monthly_summary")
    assert {r.params["month"] for r in rows} == {"12.2026"} and len(rows) == 2
