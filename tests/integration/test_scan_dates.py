"""Rules on a date of the request: loading near, bid deadline, expected arrival."""

from __future__ import annotations

from datetime import date, timedelta

from flows.enums import Level
from flows.services import delivery, tender
from tests.support.factories import make_company
from tests.support.rules import (
    approve_all,
    msk,
    rule_rows,
    scan_at,
    submit_at,
    take,
    to_delivery,
    to_tender,
)


async def test_no_executor_a_working_day_before_loading_is_urgent_to_the_head(session_factory):
    co = await make_company(session_factory)
    # Loading on Tuesday 17 March: one working day before is Monday 09:00.
    await submit_at(co, msk(2026, 3, 11, 10, 0), loading=date(2026, 3, 17))
    await scan_at(co, msk(2026, 3, 16, 8, 59))
    assert await rule_rows(co, "loading_near") == []

    await scan_at(co, msk(2026, 3, 16, 9, 0))
    await scan_at(co, msk(2026, 3, 16, 15, 0))
    [row] = await rule_rows(co, "loading_near")
    assert row.recipient_id == co.id("head") and row.level == Level.urgent.value
    assert row.params["loading_date"] == "17.03.2026"


async def test_loading_near_skips_the_weekend_before_a_monday_loading(session_factory):
    co = await make_company(session_factory)
    await submit_at(co, msk(2026, 3, 10, 10, 0), loading=date(2026, 3, 16))
    await scan_at(co, msk(2026, 3, 12, 17, 0))
    assert await rule_rows(co, "loading_near") == []
    await scan_at(co, msk(2026, 3, 13, 9, 0))
    assert len(await rule_rows(co, "loading_near")) == 1


async def test_a_request_with_an_executor_is_not_escalated_for_its_loading_date(
    session_factory,
):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 11, 10, 0), loading=date(2026, 3, 17))
    await take(co, request_id, msk(2026, 3, 11, 10, 30))
    await scan_at(co, msk(2026, 3, 16, 9, 0))
    assert await rule_rows(co) == []


async def test_reaching_the_bid_deadline_reminds_the_executor_to_pick_a_winner(session_factory):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 9, 0))
    await to_tender(co, request_id, msk(2026, 3, 16, 9, 30), msk(2026, 3, 17, 12, 0))
    await scan_at(co, msk(2026, 3, 17, 11, 59))
    assert await rule_rows(co, "bid_deadline") == []

    await scan_at(co, msk(2026, 3, 17, 12, 0))
    [row] = await rule_rows(co, "bid_deadline")
    assert row.recipient_id == co.id("executor") and row.level == Level.reminder.value
    assert row.params["deadline"] == "17.03.2026 12:00" and row.params["bids"] == 0


async def test_a_restarted_tender_gets_a_reminder_for_its_new_deadline(session_factory):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 9, 0))
    await to_tender(co, request_id, msk(2026, 3, 16, 9, 30), msk(2026, 3, 17, 12, 0))
    await scan_at(co, msk(2026, 3, 17, 12, 0))
    bids = [
        await tender.add_bid(
            co.deps,
            co.ref("executor"),
            request_id,
            tender.BidData(price_kop=100_000_00 + n, counterparty_id=cp.id),
        )
        for n, cp in enumerate(co.carriers[:2])
    ]
    co.clock.set(msk(2026, 3, 17, 13, 0))
    await tender.pick_winner(co.deps, co.ref("executor"), request_id, bids[0].id)
    await approve_all(co, request_id)
    await tender.carrier_refused(
        co.deps,
        co.ref("executor"),
        request_id,
        comment="нет машины",
        bid_deadline=msk(2026, 3, 18, 12, 0),
    )
    await scan_at(co, msk(2026, 3, 18, 12, 0))
    rows = await rule_rows(co, "bid_deadline")
    assert [r.params["deadline"] for r in rows] == ["17.03.2026 12:00", "18.03.2026 12:00"]


async def test_an_expected_arrival_passed_without_delivery_is_urgent_to_the_executor(
    session_factory,
):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 9, 0))
    await to_delivery(co, request_id, msk(2026, 3, 16, 15, 0), date(2026, 3, 18))
    await scan_at(co, msk(2026, 3, 18, 17, 59))
    await scan_at(co, msk(2026, 3, 19, 8, 59))
    assert await rule_rows(co, "arrival_overdue") == []

    await scan_at(co, msk(2026, 3, 19, 9, 0))
    [row] = await rule_rows(co, "arrival_overdue")
    assert row.recipient_id == co.id("executor") and row.level == Level.urgent.value
    assert row.params["arrival"] == "18.03.2026"


async def test_a_delivery_recorded_in_time_gets_no_arrival_warning(session_factory):
    co = await make_company(session_factory)
    request_id = await submit_at(co, msk(2026, 3, 16, 9, 0))
    await to_delivery(co, request_id, msk(2026, 3, 16, 15, 0), date(2026, 3, 18))
    co.clock.set(msk(2026, 3, 18, 16, 0))
    await delivery.deliver(co.deps, co.ref("executor"), request_id)
    await scan_at(co, msk(2026, 3, 19, 9, 0) + timedelta(hours=3))
    assert await rule_rows(co, "arrival_overdue") == []
