"""Each guard refuses with its reason, in Russian with its values filled, and allows once met.

Facts are built from SQLModel objects held in memory; no database is involved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from flows import guards as g
from flows.actor import Actor, system_actor
from flows.enums import Role
from flows.errors import Msg
from flows.facts import Facts
from flows.guards import Guard
from locales import catalog_ids, render
from storage.tables import Bid, Counterparty, Request

RU = catalog_ids("ru")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
EXECUTOR = Actor(
    user_id=2, name="Петров", roles=frozenset({Role.executor}), department="logistics"
)


def transport(**changes: Any) -> Request:
    values: dict[str, Any] = {
        "id": 1,
        "number": "Т-000001",
        "kind": "transport",
        "initiator_id": 1,
        "project_id": 7,
        "loading_date": TODAY + timedelta(days=10),
        "required_date": TODAY + timedelta(days=12),
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(changes)
    return Request(**values)


def procurement(**changes: Any) -> Request:
    values: dict[str, Any] = {
        "kind": "procurement",
        "number": "З-000001",
        "loading_date": None,
        "delivery_address": "Кемерово, склад №2",
    }
    values.update(changes)
    return transport(**values)


def bid(bid_id: int, counterparty_id: int = 1, **changes: Any) -> Bid:
    values: dict[str, Any] = {
        "id": bid_id,
        "request_id": 1,
        "counterparty_id": counterparty_id,
        "price_kop": 100_000_00,
        "created_at": NOW,
    }
    values.update(changes)
    return Bid(**values)


def carrier(cp_id: int = 1, **changes: Any) -> Counterparty:
    values: dict[str, Any] = {
        "id": cp_id,
        "name": "ООО «Тяжвоз»",
        "inn": "7700000011",
        "kind": "carrier",
        "created_at": NOW,
    }
    values.update(changes)
    return Counterparty(**values)


def facts(request: Request | None = None, **changes: Any) -> Facts:
    """Facts of a complete transport request in work; ``changes`` override single fields."""
    base = Facts(
        request=request or transport(),
        actor=EXECUTOR,
        now=NOW,
        today=TODAY,
        project_manager_id=5,
        loading_points=1,
        unloading_points=1,
        has_cargo=True,
        items=0,
    )
    return replace(base, **changes)


def with_payload(base: Facts | None = None, **payload: Any) -> Facts:
    return replace(base or facts(), payload=payload)


def assert_refuses(guard: Guard, f: Facts, msgid: str, **params: Any) -> str:
    """The guard refuses with ``msgid``; every value shows in the Russian text."""
    reason = guard(f)
    assert reason is not None, f"{guard.__name__} allowed"
    assert reason.message == msgid
    assert msgid in RU, f"{msgid!r} has no Russian translation"
    for name, value in params.items():
        assert reason.params[name] == value, name
    text = render(reason.message, reason.params, "ru")
    assert CYRILLIC.search(text) and "{" not in text, text
    for value in _flat(reason.params):
        shown = render(value, None, "ru") if isinstance(value, Msg) else str(value)
        if isinstance(value, Msg):
            assert value in RU, f"parameter {value!r} has no Russian translation"
        assert shown in text, f"{shown!r} missing in {text!r}"
    return text


def assert_allows(guard: Guard, f: Facts) -> None:
    assert guard(f) is None, guard(f)


def _flat(params: Mapping[str, Any]) -> list[Any]:
    values: list[Any] = []
    for value in params.values():
        values.extend(value if isinstance(value, tuple) else (value,))
    return values


FIELD_MISSING = "Fill in the field «{field}» before submitting."


@pytest.mark.parametrize(
    ("guard", "missing", "field"),
    [
        (g.has_project, facts(transport(project_id=None)), "project"),
        (g.has_required_date, facts(transport(required_date=None)), "required date"),
        (g.has_loading_date, facts(transport(loading_date=None)), "loading date"),
        (g.has_route, facts(loading_points=0), "loading point"),
        (g.has_route, facts(unloading_points=0), "unloading point"),
        (g.has_cargo, facts(has_cargo=False), "cargo"),
        (g.has_items, facts(procurement(), items=0), "items"),
        (g.has_items, facts(procurement(delivery_address=None), items=2), "delivery address"),
    ],
    ids=lambda v: v if isinstance(v, str) else getattr(v, "__name__", ""),
)
def test_submission_guard_names_the_missing_field(guard: Guard, missing: Facts, field: str):
    assert_refuses(guard, missing, FIELD_MISSING, field=field)


@pytest.mark.parametrize("guard", g.SUBMIT_GUARDS, ids=lambda f: f.__name__)
def test_submission_guard_allows_a_complete_transport_request(guard: Guard):
    assert_allows(guard, facts())


@pytest.mark.parametrize("guard", g.SUBMIT_GUARDS, ids=lambda f: f.__name__)
def test_submission_guard_allows_a_complete_procurement_request(guard: Guard):
    complete = facts(procurement(), loading_points=0, unloading_points=0, has_cargo=False, items=2)
    assert_allows(guard, complete)


@pytest.mark.parametrize(
    "guard", [g.has_loading_date, g.has_route, g.has_cargo], ids=lambda f: f.__name__
)
def test_transport_fields_are_not_asked_of_a_procurement_request(guard: Guard):
    bare = facts(procurement(), loading_points=0, unloading_points=0, has_cargo=False, items=1)
    assert_allows(guard, bare)


def test_items_are_not_asked_of_a_transport_request():
    assert_allows(g.has_items, facts(items=0))


def test_a_loading_date_in_the_past_is_refused_with_the_date():
    past = facts(transport(loading_date=TODAY - timedelta(days=1)))
    text = assert_refuses(
        g.dates_are_sane,
        past,
        "The date {date} has already passed. Choose today or a later date.",
        date="01.03.2026",
    )
    assert "01.03.2026" in text


def test_a_required_date_in_the_past_is_refused_for_procurement():
    past = facts(procurement(required_date=TODAY - timedelta(days=3)))
    assert_refuses(
        g.dates_are_sane,
        past,
        "The date {date} has already passed. Choose today or a later date.",
        date="27.02.2026",
    )


def test_delivery_before_loading_is_refused_with_both_dates():
    crossed = facts(transport(required_date=TODAY + timedelta(days=9)))
    assert_refuses(
        g.dates_are_sane,
        crossed,
        "The delivery date {required} is before the loading date {loading}. Fix one of them.",
        required="11.03.2026",
        loading="12.03.2026",
    )


def test_loading_today_and_delivery_the_same_day_are_sane():
    assert_allows(g.dates_are_sane, facts(transport(loading_date=TODAY, required_date=TODAY)))


def test_an_executor_of_another_department_is_refused_naming_the_right_one():
    buyer = replace(EXECUTOR, department="procurement")
    assert_refuses(
        g.executor_in_department,
        facts(actor=buyer),
        "This request belongs to another department ({department}).",
        department="logistics",
    )
    assert_allows(g.executor_in_department, facts(procurement(), actor=buyer))


def test_an_executor_without_a_department_and_the_system_may_take_any_request():
    assert_allows(g.executor_in_department, facts(actor=replace(EXECUTOR, department=None)))
    assert_allows(g.executor_in_department, facts(actor=system_actor("1c")))


def test_a_tender_needs_a_bid_deadline_in_the_future():
    assert_refuses(g.bid_deadline_given, facts(), "Set the bid deadline for the tender.")
    for deadline in (NOW, NOW - timedelta(minutes=1)):
        assert_refuses(
            g.bid_deadline_given,
            with_payload(bid_deadline=deadline),
            "The bid deadline must be in the future.",
        )
    assert_allows(g.bid_deadline_given, with_payload(bid_deadline=NOW + timedelta(minutes=1)))


def test_a_winner_cannot_be_picked_without_bids():
    assert_refuses(
        g.has_bids,
        facts(),
        "There are no bids yet. Add at least one bid before choosing a winner.",
    )
    assert_refuses(
        g.has_bids,
        facts(bids=(bid(1, refused=True), bid(2, tender_round=1))),
        "There are no bids yet. Add at least one bid before choosing a winner.",
    )
    assert_allows(g.has_bids, facts(bids=(bid(1),)))


def test_the_chosen_bid_must_be_one_of_the_current_round():
    request = transport(tender_restarts=1)
    bids = (bid(1, tender_round=0), bid(2, tender_round=1, refused=True), bid(3, tender_round=1))
    message = "That bid is not among the current bids of this request. Choose another."
    for stale in (1, 2, 99):
        assert_refuses(
            g.chosen_bid_is_live, with_payload(facts(request, bids=bids), bid_id=stale), message
        )
    assert_allows(g.chosen_bid_is_live, with_payload(facts(request, bids=bids), bid_id=3))


def test_a_single_bid_needs_a_written_reason():
    one = facts(bids=(bid(1), bid(2, refused=True)))
    message = "Only one bid was received. Write why this single source is acceptable."
    assert_refuses(g.single_source_explained, with_payload(one, bid_id=1), message)
    assert_refuses(
        g.single_source_explained,
        with_payload(one, bid_id=1, single_source_reason="   "),
        message,
    )
    assert_allows(
        g.single_source_explained,
        with_payload(one, bid_id=1, single_source_reason="Единственный трал в регионе"),
    )
    assert_allows(g.single_source_explained, with_payload(facts(bids=(bid(1), bid(2))), bid_id=1))


def test_a_counterparty_rejected_by_security_cannot_win():
    rejected = carrier(
        security_status="rejected",
        security_reason="Долги по налогам",
        security_valid_until=TODAY + timedelta(days=30),
    )
    f = with_payload(facts(bids=(bid(1),), counterparties={1: rejected}), bid_id=1)

    assert_refuses(
        g.winner_not_rejected_by_security,
        f,
        "Security rejected «{name}»: {reason}. Choose another bid.",
        name="ООО «Тяжвоз»",
        reason="Долги по налогам",
    )


def test_an_expired_security_rejection_no_longer_blocks_the_winner():
    expired = carrier(security_status="rejected", security_valid_until=TODAY - timedelta(days=1))
    f = with_payload(facts(bids=(bid(1),), counterparties={1: expired}), bid_id=1)
    assert_allows(g.winner_not_rejected_by_security, f)


@pytest.mark.parametrize("status", ["unchecked", "pending", "approved"])
def test_a_counterparty_not_rejected_may_win(status: str):
    f = with_payload(
        facts(bids=(bid(1),), counterparties={1: carrier(security_status=status)}), bid_id=1
    )
    assert_allows(g.winner_not_rejected_by_security, f)


def test_picking_again_waits_for_a_rejection_of_the_winner():
    assert_refuses(
        g.winner_was_rejected,
        facts(),
        "The winner is still being approved. Wait for the decision.",
    )
    assert_allows(g.winner_was_rejected, facts(transport(winner_rejection="Дорого")))


@pytest.mark.parametrize("comment", [None, "", "  \n"])
def test_a_comment_must_say_something(comment: str | None):
    assert_refuses(
        g.comment_given, with_payload(comment=comment), "Write the reason in a comment."
    )


def test_a_written_comment_is_enough():
    assert_allows(g.comment_given, with_payload(comment="Заказчик перенёс монтаж"))


def test_payment_needs_a_payment_order_reference():
    message = "Give the payment reference (the payment order number)."
    assert_refuses(g.payment_reference_given, facts(), message)
    assert_refuses(g.payment_reference_given, with_payload(payment_ref=" "), message)
    assert_allows(g.payment_reference_given, with_payload(payment_ref="ПП 42"))


def test_dispatch_needs_both_dates_in_order():
    assert_refuses(
        g.dispatch_dates_given,
        with_payload(dispatch_date=TODAY),
        "Give the dispatch date and the expected arrival date.",
    )
    assert_refuses(
        g.dispatch_dates_given,
        with_payload(dispatch_date=TODAY, expected_arrival=TODAY - timedelta(days=1)),
        "The expected arrival cannot be before the dispatch date.",
    )
    assert_allows(
        g.dispatch_dates_given, with_payload(dispatch_date=TODAY, expected_arrival=TODAY)
    )


@pytest.mark.parametrize("receipt", [None, "", "partly"])
def test_receipt_must_be_full_or_with_a_discrepancy(receipt: str | None):
    assert_refuses(
        g.receipt_described,
        with_payload(receipt=receipt),
        "Say whether everything arrived in full or with a discrepancy.",
    )


def test_a_discrepancy_must_be_described():
    assert_refuses(
        g.receipt_described,
        with_payload(receipt="discrepancy", comment=" "),
        "Describe the discrepancy in a comment.",
    )
    assert_allows(g.receipt_described, with_payload(receipt="discrepancy", comment="Нет 2 мест"))
    assert_allows(g.receipt_described, with_payload(receipt="full"))


def test_closing_needs_every_document_and_names_the_missing_ones():
    text = assert_refuses(
        g.documents_complete,
        facts(missing_documents=("invoice", "act")),
        "Closing documents are missing: {documents}. Attach them, then close.",
        documents=(Msg("invoice"), Msg("act")),
    )
    assert render("invoice", None, "ru") in text and render("act", None, "ru") in text
    assert render("waybill", None, "ru") not in text
    assert_allows(g.documents_complete, facts())


@pytest.mark.parametrize("guard", g.PICK_GUARDS, ids=lambda f: f.__name__)
def test_pick_guards_allow_a_live_bid_among_several(guard: Guard):
    cps = {1: carrier(1, security_status="approved"), 2: carrier(2)}
    f = with_payload(facts(bids=(bid(1, 1), bid(2, 2)), counterparties=cps), bid_id=2)
    assert_allows(guard, f)
