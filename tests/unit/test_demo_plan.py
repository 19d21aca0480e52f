"""The demo company's lists and the plan of its requests, without a database."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from cli.seeding.plan import HELD_STATUSES, Plan, make_plans
from cli.seeding.reference import CARRIERS, REGION_BY_KEY, SUPPLIERS, inn_and_kpp, inn_check_digit
from cli.seeding.summary import safe_url
from flows.calendar import WorkingCalendar
from flows.enums import Status

END = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
START = END - timedelta(days=182)


def _plans(count: int, seed: int = 7) -> list[Plan]:
    return make_plans(random.Random(seed), count, WorkingCalendar(), START, END)


def test_inn_check_digit_matches_a_real_organisation():
    assert inn_check_digit("770708389") == 3  # 7707083893, a real bank's INN


def test_every_demo_counterparty_has_a_well_formed_unique_inn_and_kpp():
    numbers = [
        inn_and_kpp(REGION_BY_KEY[spec.region].tax_code, serial)
        for serial, spec in enumerate((*CARRIERS, *SUPPLIERS), start=1)
    ]
    for inn, kpp in numbers:
        assert len(inn) == 10 and inn.isdigit() and int(inn[-1]) == inn_check_digit(inn[:9])
        assert len(kpp) == 9 and kpp.isdigit() and kpp[:4] == inn[:4]
    assert len({inn for inn, _ in numbers}) == len(numbers)


def test_plans_are_the_same_for_the_same_seed_and_filed_in_time_order():
    first, again = _plans(60), _plans(60)
    assert [(p.created_at, p.kind, p.emergency, p.bids) for p in first] == [
        (p.created_at, p.kind, p.emergency, p.bids) for p in again
    ]
    assert [p.created_at for p in first] == sorted(p.created_at for p in first)
    assert first[0].created_at >= START and first[-1].created_at < END


def test_the_newest_requests_are_held_at_every_status_but_closed():
    held = {p.hold for p in _plans(300) if p.hold is not None}
    assert held == set(HELD_STATUSES) == set(Status) - {Status.closed}


def test_emergencies_fall_and_tenders_rise_over_the_period():
    plans = _plans(300)
    early, late = plans[:50], plans[-50:]
    assert sum(p.emergency for p in early) / 50 > 0.75
    assert sum(p.emergency for p in late) / 50 < 0.35
    assert sum(p.bids > 1 for p in early) < sum(p.bids > 1 for p in late)


def test_the_summary_shows_the_database_url_without_its_password():
    url = safe_url("postgresql+asyncpg://tonnage:s3cret@db.local:5432/tonnage")
    assert "s3cret" not in url and url.startswith("postgresql+asyncpg://tonnage:")
