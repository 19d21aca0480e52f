"""Read-only views behind the request lists: the department queue and executors' load."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows import views
from flows.enums import Role
from flows.errors import AccessDenied
from flows.services import requests, tender
from flows.services.tender import BidData
from tests.support.factories import Company, make_company, procurement_draft, transport_draft


async def file(co: Company, *, urgent: bool = False, procurement: bool = False) -> int:
    soon = (co.clock.now() + timedelta(days=1)).date()
    if procurement:
        data = procurement_draft(co, required=soon if urgent else None)
    else:
        data = transport_draft(co, loading=soon if urgent else None)
    saved = await requests.save_draft(co.deps, co.ref("initiator"), data)
    assert saved.id is not None
    await requests.submit(co.deps, co.ref("initiator"), saved.id)
    co.clock.advance(timedelta(minutes=5))
    return saved.id


async def test_the_queue_shows_the_departments_waiting_requests_emergencies_first(
    session_factory,
):
    co = await make_company(session_factory)
    older, newer = await file(co), await file(co)
    urgent = await file(co, urgent=True)
    bought = await file(co, procurement=True)
    taken = await file(co)
    await requests.take(co.deps, co.ref("executor"), taken)

    page = await views.queue(co.deps, co.ref("executor"))

    assert [r.id for r in page.rows] == [urgent, older, newer]
    assert page.total == 3 and Role.executor in page.viewer_roles
    buyer = await views.queue(co.deps, co.ref("buyer"))
    assert [r.id for r in buyer.rows] == [bought]
    head = await views.queue(co.deps, co.ref("head"), offset=1, limit=1)
    assert [r.id for r in head.rows] == [older] and head.total == 3


async def test_only_executors_and_heads_see_the_queue(session_factory):
    co = await make_company(session_factory)
    with pytest.raises(AccessDenied):
        await views.queue(co.deps, co.ref("initiator"))


async def test_the_head_sees_how_many_requests_each_executor_has_in_work(session_factory):
    co = await make_company(session_factory)
    for _ in range(2):
        await requests.take(co.deps, co.ref("executor"), await file(co))
    withdrawn = await file(co)
    await requests.withdraw(co.deps, co.ref("initiator"), withdrawn)
    await file(co)

    loads = await views.executor_load(co.deps, co.ref("head"))

    assert [(load.name, load.open_requests) for load in loads] == [
        ("Executor", 2),
        ("Executor2", 0),
    ]
    with pytest.raises(AccessDenied):
        await views.executor_load(co.deps, co.ref("executor"))


async def test_the_card_names_region_vehicle_and_bidders(session_factory):
    co = await make_company(session_factory)
    request_id, executor = await file(co), co.ref("executor")
    await requests.take(co.deps, executor, request_id)
    deadline = co.clock.now() + timedelta(days=2)
    await tender.start_tender(co.deps, executor, request_id, bid_deadline=deadline)
    carrier = co.carriers[1]
    await tender.add_bid(
        co.deps, executor, request_id, BidData(price_kop=99_00, counterparty_id=carrier.id)
    )

    card = await views.request_card(co.deps, co.ref("initiator"), request_id)

    assert card.region_name == "Кемеровская область"
    assert card.vehicle_type == "Трал"
    assert card.counterparty_names == {carrier.id: "Перевозчик 1"}
