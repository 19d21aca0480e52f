"""Comparing bids: ranking, shared places, savings against the estimate and the median."""

from __future__ import annotations

from datetime import date

import pytest

from flows.comparison import Offer, compare, median_kop, saving_share


def test_bids_are_ranked_by_price_and_equal_prices_share_a_place() -> None:
    offers = [Offer(1, 150_00), Offer(2, 140_00), Offer(3, 150_00), Offer(4, 160_00)]

    ranked = compare(offers).ranked

    assert [(r.offer.bid_id, r.place) for r in ranked] == [(2, 1), (1, 2), (3, 2), (4, 4)]


def test_at_an_equal_price_the_earlier_delivery_ranks_first() -> None:
    offers = [Offer(1, 100_00, date(2026, 3, 10)), Offer(2, 100_00, date(2026, 3, 5))]

    assert [r.offer.bid_id for r in compare(offers).ranked] == [2, 1]


def test_savings_are_counted_against_the_estimate_and_the_median() -> None:
    offers = [Offer(1, 140_000_00), Offer(2, 148_000_00), Offer(3, 155_000_00)]

    comparison = compare(offers, estimate_kop=150_000_00)

    assert comparison.median_kop == 148_000_00
    assert [(r.vs_estimate_kop, r.vs_median_kop) for r in comparison.ranked] == [
        (10_000_00, 8_000_00),
        (2_000_00, 0),
        (-5_000_00, -7_000_00),
    ]
    assert comparison.best is not None and comparison.best.offer.bid_id == 1


def test_without_an_estimate_there_is_no_saving_against_it() -> None:
    comparison = compare([Offer(1, 100_00)])

    assert comparison.ranked[0].vs_estimate_kop is None
    assert comparison.estimate_kop is None


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two_half_a_kopeck_up() -> None:
    assert median_kop([100, 201]) == 151
    assert median_kop([300, 100, 200, 400]) == 250
    assert median_kop([5]) == 5
    assert median_kop([]) is None


def test_the_earliest_delivery_names_every_bid_that_offers_it() -> None:
    offers = [
        Offer(1, 300_00, date(2026, 3, 9)),
        Offer(2, 200_00, date(2026, 3, 7)),
        Offer(3, 100_00),
        Offer(4, 250_00, date(2026, 3, 7)),
    ]

    comparison = compare(offers)

    assert comparison.earliest_date == date(2026, 3, 7)
    assert comparison.earliest_bid_ids == (2, 4)


def test_no_bids_give_an_empty_comparison() -> None:
    comparison = compare([], estimate_kop=100_00)

    assert comparison.ranked == ()
    assert comparison.best is None and comparison.median_kop is None
    assert comparison.earliest_date is None and comparison.earliest_bid_ids == ()


@pytest.mark.parametrize(
    ("saving", "reference", "share"),
    [(10_000_00, 150_000_00, 1 / 15), (-5_00, 100_00, -0.05), (5_00, None, None), (5, 0, None)],
)
def test_a_saving_as_a_share_of_its_reference(
    saving: int, reference: int | None, share: float | None
) -> None:
    assert saving_share(saving, reference) == share
