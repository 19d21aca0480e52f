"""The request card as text: what the request is, where it stands, what happens next.

Pure functions from :class:`flows.views.RequestCard` to HTML pages, shared by the chat, the
notifications and the Mini App. Every value people typed is escaped; pages never exceed the
limit and nothing is cut off.
"""

from __future__ import annotations

from bot.i18n import esc
from dialogs.card.fmt import (
    L_,
    Ctx,
    format_date,
    format_instant,
    format_number,
    format_rub,
)
from dialogs.card.pages import TELEGRAM_LIMIT, paginate
from flows.enums import Decision, RequestKind, Role, Status
from flows.errors import N_
from flows.views import RequestCard
from storage.tables import Approval, Cargo, Request

DECISIONS = {
    Decision.pending: N_("⏳ awaiting decision"),
    Decision.approved: N_("✅ approved"),
    Decision.rejected: N_("❌ rejected"),
    Decision.closed: N_("— no longer needed"),
}
POINT_KINDS = {"loading": N_("Loading"), "unloading": N_("Unloading")}
KINDS = {
    RequestKind.transport: N_("transport request"),
    RequestKind.procurement: N_("procurement request"),
}
ROLES = frozenset(role.value for role in Role)


def render_card(card: RequestCard, ctx: Ctx, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """The card as HTML pages of at most ``limit`` UTF-16 code units each."""
    sections = [
        _header(card, ctx),
        _dates(card.request, ctx),
        _route(card, ctx),
        _cargo(card.cargo, ctx),
        _items(card, ctx),
        _money(card, ctx),
        _bids(card, ctx),
        _approvals(card, ctx),
        _documents(card, ctx),
        _comment(card.request, ctx),
        _next(card, ctx),
    ]
    return paginate(sections, limit)


def status_text(status: str, ctx: Ctx) -> str:
    return ctx.tr(Status(status).value)


def _header(card: RequestCard, ctx: Ctx) -> list[str]:
    request = card.request
    lines = [
        f"<b>{esc(request.number)}</b> · {esc(ctx.tr(KINDS[RequestKind(request.kind)]))}",
        L_("Status: <b>{status}</b>", ctx, status=status_text(request.status, ctx)),
    ]
    if request.is_emergency:
        lines.append(
            L_(
                "🔥 Emergency: less than the standard {days} working days before the "
                "deadline {deadline}.",
                ctx,
                days=request.emergency_lead_days or "—",
                deadline=format_instant(request.emergency_deadline, ctx),
            )
        )
    if card.project_name:
        lines.append(L_("Project: {project}", ctx, project=card.project_name))
    if card.region_name:
        lines.append(L_("Region: {region}", ctx, region=card.region_name))
    name = card.names.get(request.initiator_id, "")
    lines.append(L_("Initiator: {name}", ctx, name=name))
    if request.executor_id:
        executor = card.names.get(request.executor_id, "")
        lines.append(L_("Executor: {name}", ctx, name=executor))
    return lines


def _dates(request: Request, ctx: Ctx) -> list[str]:
    lines = [L_("Created: {at}", ctx, at=format_instant(request.created_at, ctx))]
    if request.submitted_at:
        lines.append(L_("Submitted: {at}", ctx, at=format_instant(request.submitted_at, ctx)))
    if request.loading_date:
        lines.append(L_("Loading date: {date}", ctx, date=format_date(request.loading_date)))
    if request.required_date:
        lines.append(L_("Required by: {date}", ctx, date=format_date(request.required_date)))
    if request.dispatch_date:
        lines.append(L_("Dispatched: {date}", ctx, date=format_date(request.dispatch_date)))
    if request.expected_arrival:
        lines.append(
            L_("Expected arrival: {date}", ctx, date=format_date(request.expected_arrival))
        )
    if request.delivery_address:
        lines.append(L_("Delivery address: {address}", ctx, address=request.delivery_address))
    return lines


def _route(card: RequestCard, ctx: Ctx) -> list[str]:
    if not card.route:
        return []
    lines = [L_("<b>Route</b>", ctx)]
    for number, point in enumerate(card.route, start=1):
        kind = ctx.tr(POINT_KINDS.get(point.kind, point.kind))
        lines.append(f"{number}. {esc(kind)}: {esc(point.address)}")
    if card.vehicle_type:
        lines.append(L_("Vehicle: {vehicle}", ctx, vehicle=card.vehicle_type))
    return lines


def _cargo(cargo: Cargo | None, ctx: Ctx) -> list[str]:
    if cargo is None:
        return []
    lines = [L_("<b>Cargo</b>", ctx), esc(cargo.description)]
    facts = []
    if cargo.weight_kg is not None:
        facts.append(L_("weight {kg} kg", ctx, kg=format_number(cargo.weight_kg)))
    if cargo.places is not None:
        facts.append(L_("places: {places}", ctx, places=cargo.places))
    sizes = (cargo.length_m, cargo.width_m, cargo.height_m)
    if all(size is not None for size in sizes):
        dims = " × ".join(format_number(size or 0) for size in sizes)
        facts.append(L_("{dims} m", ctx, dims=dims))
    if cargo.oversize:
        facts.append(L_("oversize", ctx))
    if cargo.heavy:
        facts.append(L_("heavy", ctx))
    if facts:
        lines.append(" · ".join(facts))
    return lines


def _items(card: RequestCard, ctx: Ctx) -> list[str]:
    if not card.items:
        return []
    lines = [L_("<b>Items</b> ({count})", ctx, count=len(card.items))]
    for number, item in enumerate(card.items, start=1):
        line = f"{number}. {esc(item.name)} — {format_number(item.quantity)} {esc(item.unit)}"
        lines.append(f"{line} ({esc(item.spec)})" if item.spec else line)
    return lines


def _money(card: RequestCard, ctx: Ctx) -> list[str]:
    request, lines = card.request, []
    if request.estimated_cost_kop is not None:
        cost = format_rub(request.estimated_cost_kop)
        lines.append(L_("Estimated cost: {amount}", ctx, amount=cost))
    if request.amount_kop is not None:
        lines.append(L_("Agreed price: {amount}", ctx, amount=format_rub(request.amount_kop)))
    if request.payment_ref:
        lines.append(L_("Payment: {reference}", ctx, reference=request.payment_ref))
    if card.attachments:
        lines.append(L_("Attachments: {count}", ctx, count=len(card.attachments)))
    return lines


def _bids(card: RequestCard, ctx: Ctx) -> list[str]:
    request = card.request
    live = [b for b in card.bids if not b.refused and b.tender_round == request.tender_restarts]
    if not live and not request.bid_deadline:
        return []
    lines = [L_("<b>Bids</b>: {count}", ctx, count=len(live))]
    if request.bid_deadline:
        deadline = format_instant(request.bid_deadline, ctx)
        lines.append(L_("Bids accepted until {at}", ctx, at=deadline))
    if live:
        prices = sorted(b.price_kop for b in live)
        lines.append(
            L_(
                "from {low} to {high}",
                ctx,
                low=format_rub(prices[0]),
                high=format_rub(prices[-1]),
            )
        )
    winner = next((b for b in card.bids if b.id == request.winner_bid_id), None)
    if winner is not None:
        name = card.counterparty_names.get(winner.counterparty_id, "")
        price = format_rub(winner.price_kop)
        lines.append(L_("Winner: {name} — {price}", ctx, name=name, price=price))
    if request.tender_restarts:
        lines.append(L_("Tender restarts: {count}", ctx, count=request.tender_restarts))
    return lines


def _approvals(card: RequestCard, ctx: Ctx) -> list[str]:
    shown = [a for a in card.approvals if a.decision != Decision.closed]
    if not shown:
        return []
    return [L_("<b>Approvals</b>", ctx), *(_approval_line(a, card, ctx) for a in shown)]


def _approval_line(approval: Approval, card: RequestCard, ctx: Ctx) -> str:
    who = ctx.tr(approval.role)
    if approval.approver_id is not None:
        who = f"{who} ({card.names.get(approval.approver_id, '')})"
    decision = ctx.tr(DECISIONS.get(Decision(approval.decision), approval.decision))
    line = f"{esc(who)}: {esc(decision)}"
    if approval.decided_by is not None and approval.decided_by != approval.approver_id:
        line += f", {esc(card.names.get(approval.decided_by, ''))}"
    if approval.comment:
        line += f": «{esc(approval.comment)}»"
    return line


def _documents(card: RequestCard, ctx: Ctx) -> list[str]:
    if not card.documents:
        return []
    lines = [L_("<b>Closing documents</b>", ctx)]
    for document in card.documents:
        mark = "✅" if document.received else "⬜"
        lines.append(f"{mark} {esc(ctx.tr(document.doc_type))}")
    return lines


def _comment(request: Request, ctx: Ctx) -> list[str]:
    lines = []
    if request.comment:
        lines.append(L_("Comment: {comment}", ctx, comment=request.comment))
    if request.winner_rejection:
        lines.append(L_("Winner rejected: {reason}", ctx, reason=request.winner_rejection))
    if request.cancel_reason:
        lines.append(L_("Cancellation reason: {reason}", ctx, reason=request.cancel_reason))
    if request.receipt_comment:
        lines.append(L_("On receipt: {comment}", ctx, comment=request.receipt_comment))
    return lines


def _next(card: RequestCard, ctx: Ctx) -> list[str]:
    lines = [L_("<b>What next</b>", ctx), esc(ctx.tr(card.next_step))]
    # waiting_for holds people's names, or a role where nobody in particular is awaited.
    waiting = [ctx.tr(who) if who in ROLES else who for who in card.waiting_for if who]
    if waiting:
        lines.append(L_("Waiting for: {who}", ctx, who=", ".join(waiting)))
    return lines
