"""Helpers for the notification rule tests: Moscow instants, requests at a given time,
driving a request forward through the services, reading the rules' outbox rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from flows.services import decisions, delivery, requests, tender
from flows.services.tender import BidData
from jobs.scan import ScanReport, scan
from storage.tables import Outbox, User
from tests.support.factories import Company, transport_draft

MSK = ZoneInfo("Europe/Moscow")


def msk(*args: int) -> datetime:
    """A Moscow wall-clock instant, as UTC."""
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


async def submit_at(co: Company, at: datetime, *, loading: date | None = None) -> int:
    """A transport request filed and submitted by the initiator at ``at``."""
    co.clock.set(at)
    draft = await requests.save_draft(
        co.deps, co.ref("initiator"), transport_draft(co, loading=loading)
    )
    assert draft.id is not None
    await requests.submit(co.deps, co.ref("initiator"), draft.id)
    return draft.id


async def scan_at(co: Company, at: datetime) -> ScanReport:
    co.clock.set(at)
    report = await scan(co.deps, at)
    assert report.failed == []
    return report


async def rule_rows(co: Company, rule_key: str | None = None) -> list[Outbox]:
    """Outbox rows written by rules (or by one rule), oldest first."""
    template = f"rule:{rule_key}" if rule_key else None
    async with co.deps.uow() as uow:
        query = select(Outbox).order_by(col(Outbox.id))
        if template:
            query = query.where(Outbox.template == template)
        else:
            query = query.where(col(Outbox.template).startswith("rule:"))
        return list((await uow.session.exec(query)).all())


async def update_user(co: Company, who: str, **fields: Any) -> None:
    async with co.deps.uow() as uow:
        user = await uow.session.get(User, co.id(who))
        assert user is not None
        for name, value in fields.items():
            setattr(user, name, value)
        uow.session.add(user)
        await uow.commit()


async def take(co: Company, request_id: int, at: datetime) -> None:
    co.clock.set(at)
    await requests.take(co.deps, co.ref("executor"), request_id)


async def to_tender(co: Company, request_id: int, at: datetime, deadline: datetime) -> None:
    await take(co, request_id, at)
    await tender.start_tender(co.deps, co.ref("executor"), request_id, bid_deadline=deadline)


async def to_winner_approval(co: Company, request_id: int, at: datetime) -> list[int]:
    """Tender with two bids, winner picked at ``at``; returns the approval ids."""
    await to_tender(co, request_id, at - timedelta(minutes=30), at + timedelta(days=30))
    co.clock.set(at - timedelta(minutes=10))
    bids = [
        await tender.add_bid(
            co.deps, co.ref("executor"), request_id, BidData(price_kop=p, counterparty_id=cp.id)
        )
        for p, cp in zip((140_000_00, 155_000_00), co.carriers, strict=False)
    ]
    co.clock.set(at)
    assert bids[0].id is not None
    await tender.pick_winner(co.deps, co.ref("executor"), request_id, bids[0].id)
    async with co.deps.uow() as uow:
        return [a.id for a in await uow.tender.approvals(request_id) if a.id is not None]


APPROVER = {"project_manager": "pm", "executive_director": "director", "security": "security"}


async def approve_all(co: Company, request_id: int) -> None:
    async with co.deps.uow() as uow:
        approvals = await uow.tender.approvals(request_id)
    for approval in approvals:
        assert approval.id is not None
        who = APPROVER[approval.role]
        await decisions.decide(co.deps, co.ref(who), approval.id, approve=True)


async def to_delivery(co: Company, request_id: int, at: datetime, arrival: date) -> None:
    """Approved, paid and dispatched at ``at`` with the expected arrival date."""
    await to_winner_approval(co, request_id, at - timedelta(hours=1))
    co.clock.set(at)
    await approve_all(co, request_id)
    await delivery.record_payment(co.deps, co.ref("admin"), request_id, payment_ref="ПП 1")
    today = at.astimezone(MSK).date()
    await delivery.dispatch(
        co.deps, co.ref("executor"), request_id, dispatch_date=today, expected_arrival=arrival
    )


async def to_documents(co: Company, request_id: int, at: datetime) -> None:
    """Delivered and received at ``at``: waiting for the closing documents."""
    today = at.astimezone(MSK).date()
    await to_delivery(co, request_id, at, today)
    await delivery.deliver(co.deps, co.ref("executor"), request_id)
    await delivery.confirm_receipt(co.deps, co.ref("initiator"), request_id, receipt="full")
