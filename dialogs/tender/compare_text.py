"""The comparison of a tender's bids as HTML pages: ranked by price, savings against the
estimated cost and the median bid, the earliest date, vetting and source of each bid."""

from __future__ import annotations

from bot.i18n import esc
from dialogs.card import Ctx, format_rub, paginate
from dialogs.card.fmt import L_, format_date, format_instant
from dialogs.tender.labels import SECURITY, SOURCES, VAT
from flows.comparison import Comparison, Offer, Ranked, compare, saving_share
from flows.errors import N_
from flows.lifecycle_views import BidRow, TenderView


def comparison_of(view: TenderView) -> Comparison:
    offers = [Offer(b.bid_id, b.price_kop, b.delivery_date) for b in view.bids]
    return compare(offers, view.estimated_cost_kop)


def _percent(saving: int, reference: int | None) -> str:
    share = saving_share(abs(saving), reference)
    return "" if share is None else f" ({share * 100:.1f}%)".replace(".", ",")


def _against(
    saving: int | None, reference: int | None, cheaper: str, dearer: str, ctx: Ctx
) -> str | None:
    """«дешевле сметы на 10 000,00 ₽ (6,7%)»; nothing when equal or without a reference."""
    if not saving:
        return None
    msgid = cheaper if saving > 0 else dearer
    return L_(msgid, ctx, amount=format_rub(abs(saving))) + _percent(saving, reference)


def _bid_lines(rank: Ranked, bid: BidRow, comparison: Comparison, ctx: Ctx) -> list[str]:
    price = f"{format_rub(bid.price_kop)} {esc(ctx.tr(VAT[bid.vat_included]))}"
    lines = [f"{rank.place}. <b>{esc(bid.name)}</b> — {price}"]
    savings = [
        _against(
            rank.vs_estimate_kop,
            comparison.estimate_kop,
            N_("{amount} below the estimate"),
            N_("{amount} over the estimate"),
            ctx,
        ),
        _against(
            rank.vs_median_kop,
            comparison.median_kop,
            N_("{amount} below the median"),
            N_("{amount} over the median"),
            ctx,
        ),
    ]
    if any(savings):
        lines.append("   " + " · ".join(s for s in savings if s))
    facts = []
    if bid.delivery_date is not None:
        date_text = L_("delivery {date}", ctx, date=format_date(bid.delivery_date))
        if bid.bid_id in comparison.earliest_bid_ids:
            date_text += " " + L_("⚡ earliest", ctx)
        facts.append(date_text)
    facts.append(L_("security: {state}", ctx, state=ctx.tr(SECURITY[bid.security])))
    facts.append(esc(ctx.tr(SOURCES.get(bid.source, bid.source))))
    lines.append("   " + " · ".join(facts))
    if bid.terms:
        lines.append("   " + L_("Terms: {terms}", ctx, terms=bid.terms))
    if bid.comment:
        lines.append("   " + L_("Comment: {comment}", ctx, comment=bid.comment))
    return lines


def _head(view: TenderView, comparison: Comparison, ctx: Ctx) -> list[str]:
    lines = [
        L_("<b>Bids for {number}</b>: {count}", ctx, number=view.number, count=len(view.bids))
    ]
    if view.bid_deadline:
        lines.append(
            L_("Bids accepted until {at}", ctx, at=format_instant(view.bid_deadline, ctx))
        )
    if view.tender_restarts:
        lines.append(L_("Tender restarts: {count}", ctx, count=view.tender_restarts))
    if view.estimated_cost_kop is not None:
        cost = format_rub(view.estimated_cost_kop)
        lines.append(L_("Estimated cost: {amount}", ctx, amount=cost))
    if comparison.median_kop is not None and len(view.bids) > 1:
        lines.append(L_("Median bid: {amount}", ctx, amount=format_rub(comparison.median_kop)))
    if view.winner_rejection:
        lines.append(L_("Winner rejected: {reason}", ctx, reason=view.winner_rejection))
    return lines


def _summary(view: TenderView, comparison: Comparison, ctx: Ctx) -> list[str]:
    by_id = {b.bid_id: b for b in view.bids}
    lines = []
    best = comparison.best
    if best is not None and len(view.bids) > 1:
        bid = by_id[best.offer.bid_id]
        price = format_rub(bid.price_kop)
        lines.append(L_("Best price: {name} — {price}", ctx, name=bid.name, price=price))
    if comparison.earliest_date is not None and len(view.bids) > 1:
        names = ", ".join(by_id[i].name for i in comparison.earliest_bid_ids)
        day = format_date(comparison.earliest_date)
        lines.append(L_("Earliest delivery: {date} ({names})", ctx, date=day, names=names))
    vat_modes = {b.vat_included for b in view.bids}
    if len(vat_modes) > 1:
        lines.append(L_("⚠️ Some prices are without VAT: they are compared as entered.", ctx))
    if view.earlier_bids:
        lines.append(
            L_(
                "Earlier rounds and withdrawn bids: {count} (not compared).",
                ctx,
                count=view.earlier_bids,
            )
        )
    return lines


def render_comparison(view: TenderView, ctx: Ctx, limit: int) -> list[str]:
    """The comparison as HTML pages of at most ``limit`` UTF-16 code units."""
    comparison = comparison_of(view)
    if not view.bids:
        empty = L_("No bids in this round yet. Add them from the request card.", ctx)
        return paginate([_head(view, comparison, ctx), [empty]], limit)
    by_id = {b.bid_id: b for b in view.bids}
    sections = [_head(view, comparison, ctx)]
    sections += [_bid_lines(r, by_id[r.offer.bid_id], comparison, ctx) for r in comparison.ranked]
    sections.append(_summary(view, comparison, ctx))
    return paginate(sections, limit)
