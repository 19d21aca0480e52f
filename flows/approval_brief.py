"""The brief an approval message carries: the request's summary, the winning bid with the
comparison of bids, the counterparty to vet or the change asked for.

It is built in the transaction that asks for the decision and stored in the outbox row's
parameters, so every copy of the message, the approvals inbox and the text shown after the
decision read the same snapshot (JSON values only).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flows.comparison import Offer, compare
from flows.enums import ApprovalPurpose
from storage.tables import Approval, Bid, Request
from storage.uow import UnitOfWork

MAX_BIDS = 5
MAX_ITEMS = 5


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


async def approval_brief(uow: UnitOfWork, request: Request, approval: Approval) -> dict[str, Any]:
    """The snapshot an approval message shows (JSON values only)."""
    assert request.id is not None
    project = await uow.reference.project(request.project_id) if request.project_id else None
    brief: dict[str, Any] = {
        "kind": request.kind,
        "project": f"{project.code} {project.name}" if project else None,
        "loading_date": _day(request.loading_date),
        "required_date": _day(request.required_date),
        "budget_kop": request.estimated_cost_kop,
    }
    brief.update(await _subject(uow, request.id))
    if approval.purpose == ApprovalPurpose.change:
        brief["change"] = await _change(uow, request, approval)
        return brief
    brief.update(await _tender(uow, request))
    if approval.purpose == ApprovalPurpose.vetting and approval.counterparty_id is not None:
        cp = await uow.reference.counterparty(approval.counterparty_id)
        if cp is not None:
            brief["counterparty"] = {
                "name": cp.name,
                "inn": cp.inn,
                "kind": cp.kind,
            }
    return brief


async def _subject(uow: UnitOfWork, request_id: int) -> dict[str, Any]:
    """Route and cargo of a transport request, the first items of a procurement one."""
    route = await uow.requests.route(request_id)
    loading = [p.address for p in route if p.kind == "loading"]
    unloading = [p.address for p in route if p.kind == "unloading"]
    cargo = await uow.requests.cargo(request_id)
    items = await uow.requests.items(request_id)
    return {
        "route": [loading[0], unloading[-1]] if loading and unloading else [],
        "cargo": {"description": cargo.description, "weight_kg": cargo.weight_kg}
        if cargo
        else None,
        "items": [[i.name, i.quantity, i.unit] for i in items[:MAX_ITEMS]],
        "items_total": len(items),
    }


async def _tender(uow: UnitOfWork, request: Request) -> dict[str, Any]:
    assert request.id is not None
    bids = [
        b
        for b in await uow.tender.bids(request.id)
        if not b.refused and b.tender_round == request.tender_restarts
    ]
    by_id = {b.id: b for b in bids if b.id is not None}
    offers = [Offer(bid_id, b.price_kop, b.delivery_date) for bid_id, b in by_id.items()]
    ranked = compare(offers, request.estimated_cost_kop).ranked
    names: dict[int, str] = {}
    for bid in bids:
        cp = await uow.reference.counterparty(bid.counterparty_id)
        names[bid.counterparty_id] = cp.name if cp else "—"
    won = next((r for r in ranked if r.offer.bid_id == request.winner_bid_id), None)
    shown = list(ranked[:MAX_BIDS])
    if won is not None and won not in shown:
        shown[-1] = won
    others = [r.offer.price_kop for r in ranked if r is not won]
    return {
        "round": request.approval_round,
        "winner": _bid(by_id[won.offer.bid_id], names) if won else None,
        "bids": [
            [
                names.get(by_id[r.offer.bid_id].counterparty_id, "—"),
                r.offer.price_kop,
                r is won,
                r.place,
            ]
            for r in shown
        ],
        "bids_total": len(ranked),
        "vs_next_kop": min(others) - won.offer.price_kop if won and others else None,
        "vs_budget_kop": won.vs_estimate_kop if won else None,
        "vs_median_kop": won.vs_median_kop if won else None,
        "overrun_kop": max(0, -(won.vs_estimate_kop or 0)) if won else 0,
        "single_source_reason": request.single_source_reason,
    }


def _bid(bid: Bid, names: dict[int, str]) -> dict[str, Any]:
    return {
        "name": names.get(bid.counterparty_id, "—"),
        "price_kop": bid.price_kop,
        "vat": bid.vat_included,
        "terms": bid.terms,
        "delivery_date": _day(bid.delivery_date),
    }


async def _change(uow: UnitOfWork, request: Request, approval: Approval) -> dict[str, Any]:
    change = await uow.tender.change(approval.change_id)
    if change is None:
        return {}
    budget = request.estimated_cost_kop
    over_by = None
    if change.new_amount_kop is not None and budget is not None:
        over_by = max(0, change.new_amount_kop - budget)
    return {
        "new_date": _day(change.new_required_date),
        "old_date": _day(request.required_date),
        "new_amount_kop": change.new_amount_kop,
        "old_amount_kop": request.amount_kop,
        "over_budget": change.over_budget,
        "over_by_kop": over_by,
        "reason": change.reason,
    }
