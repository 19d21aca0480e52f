"""Approval messages as text: the brief under the headline, and how a decision ended.

Pure functions over the brief stored with the message (see ``flows.approval_brief``), shared
by the outbox renderer, the one-tap handlers and the approvals inbox. Every value is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dialogs.card.fmt import L_, Ctx, format_date, format_instant, format_number, format_rub
from dialogs.card.text import status_text
from flows.approval_views import ApprovalState
from flows.enums import Decision
from flows.errors import N_

PURPOSE_LABELS = {
    "winner": N_("tender winner"),
    "vetting": N_("counterparty check"),
    "change": N_("change of date or amount"),
}


def _date(raw: str | None) -> str:
    return format_date(date.fromisoformat(raw)) if raw else "—"


def approval_details(params: Mapping[str, Any], ctx: Ctx) -> str:
    """The brief of an approval message as HTML lines; empty without a brief."""
    brief = params.get("brief")
    if not isinstance(brief, Mapping):
        return ""
    sections = [_summary(brief, ctx), _counterparty(brief, ctx)]
    if "change" in brief:
        sections.append(_change(brief.get("change") or {}, ctx))
    else:
        sections += [_winner(brief, ctx), _bids(brief, ctx), _money(brief, ctx)]
    return "\n\n".join("\n".join(lines) for lines in sections if lines)


def _summary(brief: Mapping[str, Any], ctx: Ctx) -> list[str]:
    lines = []
    if brief.get("project"):
        lines.append(L_("Project: {project}", ctx, project=brief["project"]))
    route = brief.get("route") or []
    if len(route) == 2:
        lines.append(L_("Route: {start} → {end}", ctx, start=route[0], end=route[1]))
    cargo = brief.get("cargo")
    if cargo:
        weight = cargo.get("weight_kg")
        if weight is not None:
            kg = format_number(weight)
            lines.append(
                L_("Cargo: {cargo}, {kg} kg", ctx, cargo=cargo.get("description", ""), kg=kg)
            )
        else:
            lines.append(L_("Cargo: {cargo}", ctx, cargo=cargo.get("description", "")))
    lines += _items(brief, ctx)
    if brief.get("loading_date"):
        lines.append(L_("Loading date: {date}", ctx, date=_date(brief["loading_date"])))
    if brief.get("required_date"):
        lines.append(L_("Required by: {date}", ctx, date=_date(brief["required_date"])))
    if brief.get("budget_kop") is not None:
        lines.append(L_("Estimated cost: {amount}", ctx, amount=format_rub(brief["budget_kop"])))
    return lines


def _items(brief: Mapping[str, Any], ctx: Ctx) -> list[str]:
    items = brief.get("items") or []
    if not items:
        return []
    shown = "; ".join(f"{name} — {format_number(qty)} {unit}" for name, qty, unit in items)
    if int(brief.get("items_total") or 0) > len(items):
        shown += "; …"
    return [L_("Items ({count}): {items}", ctx, count=brief.get("items_total"), items=shown)]


def _winner(brief: Mapping[str, Any], ctx: Ctx) -> list[str]:
    winner = brief.get("winner")
    if not winner:
        return []
    vat = N_("VAT included") if winner.get("vat", True) else N_("without VAT")
    lines = [
        L_(
            "<b>Winner:</b> {name} — {price} ({vat})",
            ctx,
            name=winner.get("name", ""),
            price=format_rub(int(winner.get("price_kop") or 0)),
            vat=ctx.tr(vat),
        )
    ]
    if winner.get("delivery_date"):
        lines.append(L_("Delivery by {date}", ctx, date=_date(winner["delivery_date"])))
    if winner.get("terms"):
        lines.append(L_("Terms: {terms}", ctx, terms=winner["terms"]))
    if brief.get("single_source_reason"):
        reason = brief["single_source_reason"]
        lines.append(L_("Single bid. Why: {reason}", ctx, reason=reason))
    return lines


def _bids(brief: Mapping[str, Any], ctx: Ctx) -> list[str]:
    bids = brief.get("bids") or []
    if not bids:
        return []
    total = int(brief.get("bids_total") or len(bids))
    lines = [L_("<b>Bids compared ({count}):</b>", ctx, count=total)]
    winner_price = next((price for _n, price, won, _p in bids if won), None)
    for name, price, won, place in bids:
        price_text = format_rub(price)
        line = L_("{place}. {name} — {price}", ctx, place=place, name=name, price=price_text)
        if won:
            line += " ✅"
        elif winner_price is not None and price != winner_price:
            sign = "+" if price > winner_price else "−"
            line += f" ({sign}{format_rub(abs(price - winner_price))})"
        lines.append(line)
    if total > len(bids):
        lines.append("…")
    vs_next = brief.get("vs_next_kop")
    if vs_next is not None and vs_next < 0:
        lines.append(L_("⚠️ A cheaper bid lost by {amount}.", ctx, amount=format_rub(-vs_next)))
    return lines


def _money(brief: Mapping[str, Any], ctx: Ctx) -> list[str]:
    overrun = int(brief.get("overrun_kop") or 0)
    if overrun > 0:
        return [L_("⚠️ <b>Over the budget by {amount}.</b>", ctx, amount=format_rub(overrun))]
    saving = brief.get("vs_budget_kop")
    if saving:
        return [L_("Saving against the budget: {amount}", ctx, amount=format_rub(saving))]
    return []


def _counterparty(brief: Mapping[str, Any], ctx: Ctx) -> list[str]:
    cp = brief.get("counterparty")
    if not cp:
        return []
    return [
        L_(
            "<b>Counterparty to check:</b> {name}, INN {inn}",
            ctx,
            name=cp.get("name", ""),
            inn=cp.get("inn") or "—",
        )
    ]


def _change(change: Mapping[str, Any], ctx: Ctx) -> list[str]:
    lines = [L_("<b>Change asked:</b>", ctx)]
    if change.get("new_date"):
        old, new = _date(change.get("old_date")), _date(change["new_date"])
        lines.append(L_("Required date: {old} → {new}", ctx, old=old, new=new))
    if change.get("new_amount_kop") is not None:
        old_kop = change.get("old_amount_kop")
        old = format_rub(old_kop) if old_kop is not None else "—"
        new = format_rub(change["new_amount_kop"])
        lines.append(L_("Amount: {old} → {new}", ctx, old=old, new=new))
    if change.get("reason"):
        lines.append(L_("Reason: {reason}", ctx, reason=change["reason"]))
    if change.get("over_budget"):
        over = format_rub(int(change.get("over_by_kop") or 0))
        lines.append(
            L_(
                "⚠️ <b>Over the budget by {amount}</b>: the executive director approves too.",
                ctx,
                amount=over,
            )
        )
    return lines


def outcome_line(state: ApprovalState, ctx: Ctx) -> str:
    """How the decision ended, for the message once its buttons are gone; empty if open."""
    at = format_instant(state.decided_at, ctx)
    if state.decision == Decision.approved:
        return L_("✅ Approved: {name}, {at}.", ctx, name=state.decided_by_name, at=at)
    if state.decision == Decision.rejected:
        line = L_("❌ Rejected: {name}, {at}.", ctx, name=state.decided_by_name, at=at)
        if state.comment:
            line += "\n" + L_("Reason: {reason}", ctx, reason=state.comment)
        return line
    if state.decision == Decision.closed:
        return moved_on_line(state, ctx)
    return ""


def closed_by_line(rejected: ApprovalState, ctx: Ctx) -> str:
    """Why an approval closed with its round: someone else rejected."""
    at = format_instant(rejected.decided_at, ctx)
    return L_(
        "— No longer needed: rejected by {name}, {at}.", ctx, name=rejected.decided_by_name, at=at
    )


def moved_on_line(state: ApprovalState, ctx: Ctx) -> str:
    return L_(
        "— No longer needed: request {number} is now «{status}».",
        ctx,
        number=state.number,
        status=status_text(state.request_status, ctx),
    )


def inbox_label(state: ApprovalState, ctx: Ctx) -> str:
    """One row of the approvals inbox: number, what is asked, the amount at stake."""
    brief = state.params.get("brief") or {}
    label = f"{state.number} · {ctx.tr(PURPOSE_LABELS.get(state.purpose, state.purpose))}"
    winner = brief.get("winner") or {}
    change = brief.get("change") or {}
    cp = brief.get("counterparty") or {}
    if state.purpose == "vetting" and cp.get("name"):
        label += f" · {cp['name']}"
    elif change.get("new_amount_kop") is not None:
        label += f" · {format_rub(change['new_amount_kop'])}"
    elif winner.get("price_kop") is not None:
        label += f" · {format_rub(winner['price_kop'])}"
    return label


CANCELLED = N_("❌ Request {number} is cancelled: {name}, {at}.")
KEPT = N_("↩️ The request is kept, not cancelled: {name}, {at}.")
RECEIVED_FULL = N_("✅ Received in full: {name}, {at}.")
RECEIVED_WITH_DISCREPANCY = N_("⚠️ Received with a discrepancy: {name}, {at}.")


def done_line(
    msgid: str,
    ctx: Ctx,
    *,
    name: str,
    at: datetime,
    number: str = "",
    reason: str | None = None,
) -> str:
    """What became of a question with buttons (cancellation, receipt), by whom and when."""
    line = L_(msgid, ctx, name=name, at=format_instant(at, ctx), number=number)
    if reason:
        line += "\n" + L_("Reason: {reason}", ctx, reason=reason)
    return line
