"""Money is exact to the kopeck and instants are aware UTC, on SQLite and PostgreSQL alike.

Amounts are integer kopecks; every value is written in one session and read back through
another, and sums are computed by the database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, literal, select
from sqlalchemy.exc import StatementError
from sqlmodel import col

from flows.enums import Status
from flows.services import cancel, tender
from flows.services.tender import BidData
from storage.tables import Bid, Outbox
from tests.support import lifecycle as lc
from tests.support.factories import Company, make_company

MSK = ZoneInfo("Europe/Moscow")
# The largest amount the product must carry: ten billion roubles.
BIG_KOP = 10_000_000_000_00


@pytest.fixture
async def co(session_factory) -> Company:
    return await make_company(session_factory)


async def _sum_prices(co: Company, request_id: int) -> int:
    async with co.deps.uow() as uow:
        query = select(func.sum(Bid.price_kop)).where(col(Bid.request_id) == request_id)
        return (await uow.session.exec(query)).one()[0]


async def test_ten_and_twenty_kopecks_sum_to_exactly_thirty(co):
    request_id, _ = await lc.in_tender(co, prices=(10, 20))

    total = await _sum_prices(co, request_id)

    assert total == 30 and isinstance(total, int)
    assert 0.1 + 0.2 != 0.3  # what storing roubles as floats would have given


def _numbers(count: int) -> Any:
    """A recursive CTE of 1..count, understood by both engines."""
    numbers = select(literal(1).label("n")).cte("numbers", recursive=True)
    return numbers.union_all(select(numbers.c.n + 1).where(numbers.c.n < count))


async def test_a_million_single_kopecks_sum_to_ten_thousand_roubles_exactly(co):
    request_id, (bid,) = await lc.in_tender(co, prices=(1,))
    stored, repeats = 1_000, 1_000
    columns = ["request_id", "counterparty_id", "price_kop", "created_at", "tender_round"]
    copies = select(
        literal(request_id),
        literal(bid.counterparty_id),
        literal(1),
        literal(bid.created_at, Bid.__table__.c.created_at.type),
        literal(0),
    ).where(_numbers(stored - 1).c.n > 0)
    async with co.deps.uow() as uow:
        await uow.session.exec(insert(Bid).from_select(columns, copies))
        await uow.commit()

    # Each stored kopeck counted a thousand times: a million additions done by the database.
    numbers = _numbers(repeats)
    async with co.deps.uow() as uow:
        query = (
            select(func.sum(Bid.price_kop))
            .select_from(Bid)
            .join(numbers, literal(True))
            .where(col(Bid.request_id) == request_id)
        )
        total = (await uow.session.exec(query)).one()[0]

    assert total == stored * repeats == 1_000_000 and isinstance(total, int)
    assert await _sum_prices(co, request_id) == stored
    assert sum([0.01] * stored * repeats) != 10_000.0  # the same sum in float roubles drifts


async def test_amounts_up_to_ten_billion_roubles_are_kept_to_the_kopeck(co):
    prices = (BIG_KOP + 1, BIG_KOP - 1, 99)
    request_id, _ = await lc.in_tender(co, prices=prices)

    assert sorted(b.price_kop for b in await lc.bids_of(co, request_id)) == sorted(prices)
    assert await _sum_prices(co, request_id) == sum(prices)


async def test_estimate_and_agreed_amount_survive_a_round_trip(co):
    request_id, bids = await lc.in_winner_approval(co, prices=(149_999_99, 150_000_01))

    request = await lc.request_row(co, request_id)

    assert request.estimated_cost_kop == 150_000_00
    assert request.amount_kop == 149_999_99 == bids[0].price_kop
    assert request.budget_overrun is False


async def test_a_change_one_kopeck_over_the_estimate_counts_as_over_budget(co):
    request_id = await lc.awaiting_payment(co)

    over = await cancel.request_change(
        co.deps, co.ref("executor"), request_id, reason="Топливо", new_amount_kop=150_000_01
    )

    assert (await lc.change_row(co, over.id)).over_budget is True
    assert (await lc.change_row(co, over.id)).new_amount_kop == 150_000_01


@pytest.mark.parametrize("price", [0.3, 1500.5, True])
async def test_an_amount_that_is_not_whole_kopecks_is_refused(co, price):
    request_id, _ = await lc.in_tender(co, prices=())

    with pytest.raises((StatementError, TypeError)):
        await tender.add_bid(
            co.deps,
            co.ref("executor"),
            request_id,
            BidData(price_kop=price, counterparty_id=co.carriers[0].id),
        )

    assert await lc.bids_of(co, request_id) == []


# --- time ----------------------------------------------------------------------------------


def _outbox(due_at: datetime, template: str = "probe") -> Outbox:
    return Outbox(template=template, params={}, created_at=due_at, due_at=due_at)


async def _store(co: Company, *rows: Outbox) -> list[int]:
    async with co.deps.uow() as uow:
        for row in rows:
            uow.session.add(row)
        await uow.session.flush()
        ids = [row.id for row in rows]
        await uow.commit()
    return [i for i in ids if i is not None]


async def _read(co: Company, row_id: int) -> Outbox:
    async with co.deps.uow() as uow:
        row = await uow.session.get(Outbox, row_id)
    assert row is not None
    return row


async def test_an_instant_comes_back_as_the_same_aware_utc_instant(co):
    moscow = datetime(2026, 3, 2, 10, 30, 15, 123456, tzinfo=MSK)
    (row_id,) = await _store(co, _outbox(moscow))

    row = await _read(co, row_id)

    assert row.due_at == moscow
    assert row.due_at.tzinfo is not None and row.due_at.utcoffset() == timedelta(0)
    assert row.due_at == datetime(2026, 3, 2, 7, 30, 15, 123456, tzinfo=UTC)


async def test_instants_from_other_zones_compare_and_order_by_the_real_moment(co):
    base = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    vladivostok = (base + timedelta(minutes=1)).astimezone(timezone(timedelta(hours=10)))
    moscow = (base - timedelta(minutes=1)).astimezone(MSK)
    ids = await _store(co, _outbox(vladivostok, "late"), _outbox(moscow, "early"))

    async with co.deps.uow() as uow:
        due = select(Outbox.template).where(col(Outbox.due_at) <= base.astimezone(MSK))
        early = (await uow.session.exec(due)).all()
        ordered = (
            await uow.session.exec(
                select(Outbox.template).where(col(Outbox.id).in_(ids)).order_by(col(Outbox.due_at))
            )
        ).all()
        latest = (await uow.session.exec(select(func.max(Outbox.due_at)))).one()[0]

    assert [r[0] for r in early] == ["early"]
    assert [r[0] for r in ordered] == ["early", "late"]
    assert latest == vladivostok and latest.utcoffset() == timedelta(0)


async def test_a_naive_datetime_is_refused_and_nothing_is_written(co):
    naive = datetime(2026, 3, 2, 10, 0)

    with pytest.raises(StatementError) as caught:
        await _store(co, _outbox(naive))

    assert isinstance(caught.value.orig, ValueError)
    async with co.deps.uow() as uow:
        assert (await uow.session.exec(select(func.count()).select_from(Outbox))).one()[0] == 0


async def test_a_naive_datetime_is_refused_in_a_bulk_update_too(co):
    request_id = await lc.in_work(co)

    async with co.deps.uow() as uow:
        request = await uow.requests.get(request_id)
        assert request is not None
        with pytest.raises(StatementError):
            await uow.requests.update_versioned(
                request_id, request.version, {"bid_deadline": datetime(2026, 3, 5, 12, 0)}
            )


async def test_service_timestamps_are_aware_utc_after_a_round_trip(co):
    request_id = await lc.in_work(co)
    co.clock.set(datetime(2026, 3, 2, 15, 45, tzinfo=MSK))
    deadline = datetime(2026, 3, 4, 18, 0, tzinfo=MSK)
    await tender.start_tender(co.deps, co.ref("executor"), request_id, bid_deadline=deadline)

    request = await lc.request_row(co, request_id)
    log = await lc.log_rows(co, request_id)

    assert request.status == Status.tender
    assert request.bid_deadline == deadline and request.bid_deadline.tzinfo is not None
    assert request.bid_deadline.utcoffset() == timedelta(0)
    for stamp in (request.created_at, request.updated_at, request.submitted_at, log[-1].at):
        assert stamp is not None and stamp.utcoffset() == timedelta(0)
    assert log[-1].at == datetime(2026, 3, 2, 12, 45, tzinfo=UTC)
