"""Drive a request through the services to a given stage, and read back what was written.

Every step goes through the public services, exactly as the bot would call them; reads
open their own unit of work, so they see only what was committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from flows.actor import ActorRef
from flows.drafts import DraftData
from flows.enums import Decision, Role, Source
from flows.services import access, decisions, delivery, requests, tender
from flows.services.tender import BidData
from storage.tables import Approval, Bid, ChangeRequest, Counterparty, Request, TransitionLog
from tests.support.factories import Company, transport_draft

# Who in the factory company holds each approving role.
APPROVER_OF = {
    Role.project_manager.value: "pm",
    Role.executive_director.value: "director",
    Role.security.value: "security",
}
PRICES = (140_000_00, 155_000_00)


async def submitted(co: Company, who: str = "initiator", draft: DraftData | None = None) -> int:
    saved = await requests.save_draft(co.deps, co.ref(who), draft or transport_draft(co))
    assert saved.id is not None
    await requests.submit(co.deps, co.ref(who), saved.id)
    return saved.id


async def in_work(co: Company, who: str = "initiator", executor: str = "executor") -> int:
    request_id = await submitted(co, who)
    await requests.take(co.deps, co.ref(executor), request_id)
    return request_id


async def in_tender(
    co: Company,
    who: str = "initiator",
    prices: Sequence[int] = PRICES,
    carriers: Sequence[Counterparty] | None = None,
) -> tuple[int, list[Bid]]:
    request_id = await in_work(co, who)
    deadline = co.clock.now() + timedelta(days=2)
    await tender.start_tender(co.deps, co.ref("executor"), request_id, bid_deadline=deadline)
    bids = await add_bids(co, request_id, prices, carriers)
    return request_id, bids


async def add_bids(
    co: Company,
    request_id: int,
    prices: Sequence[int],
    carriers: Sequence[Counterparty] | None = None,
) -> list[Bid]:
    carriers = carriers or co.carriers
    return [
        await tender.add_bid(
            co.deps, co.ref("executor"), request_id, BidData(price_kop=p, counterparty_id=cp.id)
        )
        for p, cp in zip(prices, carriers, strict=False)
    ]


async def in_winner_approval(
    co: Company,
    who: str = "initiator",
    prices: Sequence[int] = PRICES,
    carriers: Sequence[Counterparty] | None = None,
    single_source_reason: str | None = None,
) -> tuple[int, list[Bid]]:
    request_id, bids = await in_tender(co, who, prices, carriers)
    assert bids[0].id is not None
    await tender.pick_winner(
        co.deps,
        co.ref("executor"),
        request_id,
        bids[0].id,
        single_source_reason=single_source_reason,
    )
    return request_id, bids


async def approve_pending(co: Company, request_id: int) -> None:
    """Every pending winner approval of the request approved by whoever holds its seat."""
    for approval in await approvals(co, request_id, decision=Decision.pending):
        who = approver_name(co, approval)
        assert approval.id is not None
        await decisions.decide(co.deps, co.ref(who), approval.id, approve=True)


def approver_name(co: Company, approval: Approval) -> str:
    if approval.approver_id is not None:
        return next(name for name, user in co.users.items() if user.id == approval.approver_id)
    return APPROVER_OF[approval.role]


async def awaiting_payment(co: Company, who: str = "initiator") -> int:
    request_id, _ = await in_winner_approval(co, who)
    await approve_pending(co, request_id)
    return request_id


async def in_delivery(co: Company, request_id: int) -> None:
    """From awaiting payment: paid by the 1C sync, then dispatched today."""
    await delivery.record_payment(
        co.deps, ActorRef.service("1c"), request_id, payment_ref="ПП 42", source=Source.integration
    )
    today = co.deps.today()
    await delivery.dispatch(
        co.deps,
        co.ref("executor"),
        request_id,
        dispatch_date=today,
        expected_arrival=today + timedelta(days=2),
    )


async def request_row(co: Company, request_id: int) -> Request:
    async with co.deps.uow() as uow:
        request = await uow.requests.get(request_id)
    assert request is not None
    return request


async def approvals(
    co: Company, request_id: int, *, decision: str | None = None, purpose: str | None = None
) -> list[Approval]:
    async with co.deps.uow() as uow:
        rows = await uow.tender.approvals(request_id, purpose=purpose)
    return [a for a in rows if decision is None or a.decision == decision]


async def log_rows(co: Company, request_id: int) -> list[TransitionLog]:
    async with co.deps.uow() as uow:
        return list(await uow.requests.log(request_id))


async def bids_of(co: Company, request_id: int) -> list[Bid]:
    async with co.deps.uow() as uow:
        return list(await uow.tender.bids(request_id))


async def counterparty(co: Company, cp_id: int | None) -> Counterparty:
    assert cp_id is not None
    async with co.deps.uow() as uow:
        cp = await uow.reference.counterparty(cp_id)
    assert cp is not None
    return cp


async def change_row(co: Company, change_id: int | None) -> ChangeRequest:
    assert change_id is not None
    async with co.deps.uow() as uow:
        change = await uow.tender.change(change_id)
    assert change is not None
    return change


async def set_roles(co: Company, who: str, roles: set[Role], *, active: bool = True) -> None:
    await access.set_roles(co.deps, co.ref("admin"), co.id(who), roles, active=active)


async def new_carriers(co: Company, count: int = 2) -> list[Counterparty]:
    """Carriers security has never vetted, so a winner among them needs a vetting."""
    made = []
    async with co.deps.uow() as uow:
        for _ in range(count):
            number = await uow.requests.next_number("test:carrier")
            cp = Counterparty(
                name=f"Перевозчик Н{number}",
                inn=f"{7_800_000_000 + number}",
                kind="carrier",
                created_at=co.clock.now(),
            )
            uow.reference.add(cp)
            made.append(cp)
        await uow.commit()
    return made
