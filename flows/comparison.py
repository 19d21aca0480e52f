"""Comparing the bids of a tender: ranking by price, savings against the estimated cost and
against the median bid, the earliest delivery date.

Pure functions over plain values (kopecks, dates), shared by the chat, the approval messages,
the reports and the Mini App. A saving is ``reference - price``: positive when the bid is
cheaper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Offer:
    """One bid as the comparison sees it."""

    bid_id: int
    price_kop: int
    delivery_date: date | None = None


@dataclass(frozen=True)
class Ranked:
    offer: Offer
    place: int  # 1 is the cheapest; equal prices share a place
    vs_estimate_kop: int | None  # saving against the estimated cost, None without one
    vs_median_kop: int  # saving against the median bid


@dataclass(frozen=True)
class Comparison:
    ranked: tuple[Ranked, ...]
    median_kop: int | None
    estimate_kop: int | None
    earliest_date: date | None
    earliest_bid_ids: tuple[int, ...]

    @property
    def best(self) -> Ranked | None:
        return self.ranked[0] if self.ranked else None


def median_kop(prices: Sequence[int]) -> int | None:
    """The median price; for an even count the mean of the middle two, half a kopeck up."""
    if not prices:
        return None
    ordered = sorted(prices)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle] + 1) // 2


def saving_share(saving_kop: int | None, reference_kop: int | None) -> float | None:
    """The saving as a share of the reference price (0.1 is 10%), None without a reference."""
    if saving_kop is None or reference_kop is None or reference_kop <= 0:
        return None
    return saving_kop / reference_kop


def _places(prices: Sequence[int]) -> list[int]:
    places: list[int] = []
    for index, price in enumerate(prices):
        same = bool(places) and price == prices[index - 1]
        places.append(places[-1] if same else index + 1)
    return places


def compare(offers: Sequence[Offer], estimate_kop: int | None = None) -> Comparison:
    """Rank the offers by price, then by the earlier delivery date, then by the earlier bid."""
    ordered = sorted(offers, key=lambda o: (o.price_kop, o.delivery_date or date.max, o.bid_id))
    median = median_kop([o.price_kop for o in ordered])
    ranked = tuple(
        Ranked(
            offer=offer,
            place=place,
            vs_estimate_kop=None if estimate_kop is None else estimate_kop - offer.price_kop,
            vs_median_kop=(median or 0) - offer.price_kop,
        )
        for offer, place in zip(ordered, _places([o.price_kop for o in ordered]), strict=True)
    )
    dates = [o.delivery_date for o in ordered if o.delivery_date is not None]
    earliest = min(dates) if dates else None
    return Comparison(
        ranked=ranked,
        median_kop=median,
        estimate_kop=estimate_kop,
        earliest_date=earliest,
        earliest_bid_ids=tuple(
            o.bid_id for o in ordered if earliest is not None and o.delivery_date == earliest
        ),
    )
