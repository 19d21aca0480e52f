"""Read-only views for the executor's chat: the tender with its bids, the counterparty
directory, bid deadlines by the company calendar, the closing documents checklist.

No view writes; each opens its own short read transaction and returns plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flows.actor import ActorRef
from flows.enums import CounterpartyKind, DocType, RequestKind, SecurityStatus
from flows.services.context import Deps, load_calendar
from flows.services.engine import get_request, load_actor
from storage.tables import Counterparty

# What the executor sees of a counterparty's vetting.
VETTED, PENDING, REJECTED, EXPIRED, UNCHECKED = (
    "vetted",
    "pending",
    "rejected",
    "expired",
    "unchecked",
)
DIRECTORY_LIMIT = 40


def security_state(cp: Counterparty, today: date) -> str:
    """vetted / pending / rejected / expired / unchecked, as of ``today``."""
    status = cp.security_status
    if status == SecurityStatus.pending:
        return PENDING
    if status not in (SecurityStatus.approved, SecurityStatus.rejected):
        return UNCHECKED
    if cp.security_valid_until is not None and cp.security_valid_until < today:
        return EXPIRED
    return VETTED if status == SecurityStatus.approved else REJECTED


def counterparty_kind(request_kind: str) -> str:
    """Transport hires carriers, procurement buys from suppliers."""
    if request_kind == RequestKind.transport:
        return CounterpartyKind.carrier.value
    return CounterpartyKind.supplier.value


@dataclass(frozen=True)
class CounterpartyRow:
    id: int
    name: str
    inn: str | None
    security: str


@dataclass(frozen=True)
class BidRow:
    bid_id: int
    counterparty_id: int
    name: str
    inn: str | None
    security: str
    price_kop: int
    vat_included: bool
    terms: str | None
    delivery_date: date | None
    comment: str | None
    source: str  # manual | platform


@dataclass
class TenderView:
    request_id: int
    number: str
    kind: str
    status: str
    version: int
    estimated_cost_kop: int | None
    bid_deadline: datetime | None
    tender_restarts: int
    winner_bid_id: int | None
    winner_rejection: str | None
    bids: list[BidRow] = field(default_factory=list)  # the current round's live bids
    earlier_bids: int = 0  # bids of earlier rounds or withdrawn, kept for reference


async def tender_view(deps: Deps, ref: ActorRef, request_id: int) -> TenderView:
    """The tender of one request. Raises AccessDenied, NotFound."""
    today = deps.today()
    async with deps.uow() as uow:
        await load_actor(uow, ref, today)
        request = await get_request(uow, request_id)
        all_bids = await uow.tender.bids(request_id)
        current = request.tender_restarts
        live = [b for b in all_bids if not b.refused and b.tender_round == current]
        rows = []
        for bid in live:
            cp = await uow.reference.counterparty(bid.counterparty_id)
            if cp is None or bid.id is None:
                continue
            rows.append(
                BidRow(
                    bid_id=bid.id,
                    counterparty_id=bid.counterparty_id,
                    name=cp.name,
                    inn=cp.inn,
                    security=security_state(cp, today),
                    price_kop=bid.price_kop,
                    vat_included=bid.vat_included,
                    terms=bid.terms,
                    delivery_date=bid.delivery_date,
                    comment=bid.comment,
                    source=bid.source,
                )
            )
    return TenderView(
        request_id=request_id,
        number=request.number,
        kind=request.kind,
        status=request.status,
        version=request.version,
        estimated_cost_kop=request.estimated_cost_kop,
        bid_deadline=request.bid_deadline,
        tender_restarts=request.tender_restarts,
        winner_bid_id=request.winner_bid_id,
        winner_rejection=request.winner_rejection,
        bids=rows,
        earlier_bids=len(all_bids) - len(rows),
    )


def _matches(cp: Counterparty, search: str) -> bool:
    needle = search.strip().lower().replace("ё", "е")
    return needle in cp.name.lower().replace("ё", "е") or needle in (cp.inn or "")


async def counterparties(
    deps: Deps, ref: ActorRef, request_id: int, search: str | None = None
) -> list[CounterpartyRow]:
    """Carriers (for transport) or suppliers (for procurement) of the directory, by name,
    narrowed by a part of the name or INN. Raises AccessDenied, NotFound."""
    today = deps.today()
    async with deps.uow() as uow:
        await load_actor(uow, ref, today)
        request = await get_request(uow, request_id)
        rows = await uow.reference.counterparties(counterparty_kind(request.kind))
    found = [cp for cp in rows if cp.id is not None and (not search or _matches(cp, search))]
    return [
        CounterpartyRow(cp.id or 0, cp.name, cp.inn, security_state(cp, today))
        for cp in found[:DIRECTORY_LIMIT]
    ]


async def deadline_options(deps: Deps, days: Sequence[int] = (1, 2, 3)) -> list[datetime]:
    """Bid deadlines ``days`` working days from now, by the company calendar."""
    async with deps.uow() as uow:
        calendar = await load_calendar(uow, deps.company_tz)
    now = deps.now()
    return [calendar.add_working_days(now, n) for n in days]


async def deadline_at(deps: Deps, day: date, at: time | None) -> datetime:
    """The instant of ``at`` on ``day`` in the company's zone; without a time, the end of
    that day's working hours."""
    if at is None:
        async with deps.uow() as uow:
            calendar = await load_calendar(uow, deps.company_tz)
        return calendar.working_day_end(day)
    return datetime.combine(day, at, tzinfo=ZoneInfo(deps.company_tz))


@dataclass(frozen=True)
class Checklist:
    request_id: int
    number: str
    status: str
    received: dict[str, bool]  # by document type, in the order of DocType

    @property
    def missing(self) -> list[str]:
        return [doc for doc, done in self.received.items() if not done]


async def documents_checklist(deps: Deps, ref: ActorRef, request_id: int) -> Checklist:
    """Which closing documents are in. Raises AccessDenied, NotFound."""
    async with deps.uow() as uow:
        await load_actor(uow, ref, deps.today())
        request = await get_request(uow, request_id)
        documents = {d.doc_type: d.received for d in await uow.tender.documents(request_id)}
    received = {doc.value: documents.get(doc.value, False) for doc in DocType}
    return Checklist(request_id, request.number, request.status, received)
