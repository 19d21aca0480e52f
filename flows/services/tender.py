"""The tender: bids, choosing a winner (which opens the approvals), restarts."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flows.actor import ActorRef
from flows.approvals import close_open_decisions, open_winner_round
from flows.enums import Action, CounterpartyKind, Level, Source, Status
from flows.errors import N_, InvalidInput
from flows.outbox import enqueue
from flows.services.context import Deps
from flows.services.engine import commit_transition, prepare
from storage.tables import Bid, Counterparty, Request
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass
class BidData:
    price_kop: int
    counterparty_id: int | None = None
    new_name: str | None = None
    new_inn: str | None = None
    vat_included: bool = True
    terms: str | None = None
    delivery_date: date | None = None
    comment: str | None = None
    source: str = "manual"
    external_id: str | None = None


async def start_tender(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    bid_deadline: datetime,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """Open the tender with a bid deadline. Raises Refused for a past deadline."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.start_tender,
            now=now,
            today=today,
            version=version,
            payload={"bid_deadline": bid_deadline},
        )
        await commit_transition(
            uow,
            prepared,
            to=Status.tender,
            now=now,
            source=source,
            changes={"bid_deadline": bid_deadline},
        )
        await uow.commit()
    logger.info("request %s tender started", request_id)
    return prepared.request


async def _counterparty_for(uow: UnitOfWork, data: BidData, kind: str, now: datetime) -> int:
    if data.counterparty_id is not None:
        if await uow.reference.counterparty(data.counterparty_id) is None:
            raise InvalidInput(N_("That counterparty is not in the directory."))
        return data.counterparty_id
    name, inn = (data.new_name or "").strip(), (data.new_inn or "").strip()
    if not name or not inn.isdigit() or len(inn) not in (10, 12):
        raise InvalidInput(N_("Give the counterparty's name and INN (10 or 12 digits)."))
    existing = await uow.reference.counterparty_by_inn(inn)
    if existing is not None and existing.id is not None:
        return existing.id
    cp = Counterparty(name=name, inn=inn, kind=kind, created_at=now)
    uow.reference.add(cp)
    await uow.reference.flush()
    assert cp.id is not None
    return cp.id


async def add_bid(
    deps: Deps, ref: ActorRef, request_id: int, data: BidData, *, source: Source = Source.bot
) -> Bid:
    """Record a bid of the current tender round.

    Raises InvalidInput for a non-positive price or an unknown counterparty.
    """
    if data.price_kop <= 0:
        raise InvalidInput(N_("The price must be greater than zero."))
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(uow, ref, request_id, Action.add_bid, now=now, today=today)
        request = prepared.request
        kind = (
            CounterpartyKind.carrier if request.kind == "transport" else CounterpartyKind.supplier
        ).value
        cp_id = await _counterparty_for(uow, data, kind, now)
        bid = Bid(
            request_id=request_id,
            counterparty_id=cp_id,
            tender_round=request.tender_restarts,
            price_kop=data.price_kop,
            vat_included=data.vat_included,
            terms=data.terms,
            delivery_date=data.delivery_date,
            comment=data.comment,
            source=data.source,
            external_id=data.external_id,
            created_by=prepared.actor.user_id,
            created_at=now,
        )
        await uow.tender.add(bid)
        await uow.commit()
    return bid


async def pick_winner(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    bid_id: int,
    *,
    single_source_reason: str | None = None,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """Choose the winning bid and send it for approval.

    Raises Refused (no bids, single source without a reason, security rejected the winner).
    """
    return await _choose(
        deps, ref, request_id, bid_id, Action.pick_winner, single_source_reason, version, source
    )


async def repick_winner(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    bid_id: int,
    *,
    single_source_reason: str | None = None,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """After a rejection, choose again among the current bids."""
    return await _choose(
        deps, ref, request_id, bid_id, Action.repick_winner, single_source_reason, version, source
    )


async def _choose(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    bid_id: int,
    action: Action,
    reason: str | None,
    version: int | None,
    source: Source,
) -> Request:
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        payload = {"bid_id": bid_id, "single_source_reason": reason}
        prepared = await prepare(
            uow, ref, request_id, action, now=now, today=today, version=version, payload=payload
        )
        request = prepared.request
        bid = next(b for b in prepared.facts.live_bids if b.id == bid_id)
        single = len(prepared.facts.live_bids) < 2
        overrun = (
            request.estimated_cost_kop is not None and bid.price_kop > request.estimated_cost_kop
        )
        round_ = request.approval_round + 1
        await commit_transition(
            uow,
            prepared,
            to=Status.winner_approval,
            now=now,
            source=source,
            comment=reason if single else None,
            changes={
                "winner_bid_id": bid_id,
                "approval_round": round_,
                "winner_rejection": None,
                "single_source_reason": (reason or "").strip() or None if single else None,
                "budget_overrun": overrun,
                "amount_kop": bid.price_kop,
            },
        )
        await open_winner_round(
            uow, request, bid, round_=round_, overrun=overrun, now=now, today=today
        )
        await uow.commit()
    logger.info("request %s winner bid %s chosen (round %s)", request_id, bid_id, round_)
    return request


async def restart_tender(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    bid_deadline: datetime,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """After a rejection, collect bids anew; earlier bids stay for reference."""
    return await _restart(
        deps, ref, request_id, Action.restart_tender, bid_deadline, None, version, source
    )


async def carrier_refused(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    comment: str,
    bid_deadline: datetime,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The awarded counterparty refused: the tender restarts and everyone involved is told."""
    return await _restart(
        deps, ref, request_id, Action.carrier_refused, bid_deadline, comment, version, source
    )


async def _restart(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    action: Action,
    bid_deadline: datetime,
    comment: str | None,
    version: int | None,
    source: Source,
) -> Request:
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        payload = {"bid_deadline": bid_deadline, "comment": comment}
        prepared = await prepare(
            uow, ref, request_id, action, now=now, today=today, version=version, payload=payload
        )
        request = prepared.request
        if action is Action.carrier_refused and request.winner_bid_id is not None:
            winner = await uow.tender.bid(request.winner_bid_id)
            if winner is not None:
                winner.refused = True
                uow.session.add(winner)
        await close_open_decisions(uow, request_id, now)
        await commit_transition(
            uow,
            prepared,
            to=Status.tender,
            now=now,
            source=source,
            comment=comment,
            changes={
                "tender_restarts": request.tender_restarts + 1,
                "winner_bid_id": None,
                "bid_deadline": bid_deadline,
                "winner_rejection": None,
                "amount_kop": None,
            },
        )
        await _tell_involved(
            uow,
            request,
            now,
            template="tender_restarted",
            params={"number": request.number, "reason": comment or ""},
        )
        await uow.commit()
    logger.info("request %s tender restarted (%s)", request_id, action.value)
    return request


async def _tell_involved(
    uow: UnitOfWork, request: Request, now: datetime, *, template: str, params: dict[str, object]
) -> None:
    project = await uow.reference.project(request.project_id) if request.project_id else None
    recipients = [
        request.initiator_id,
        request.executor_id,
        project.manager_id if project else None,
    ]
    await enqueue(
        uow,
        now=now,
        recipients=recipients,
        template=template,
        params=params,
        request_id=request.id,
        level=Level.info,
    )
