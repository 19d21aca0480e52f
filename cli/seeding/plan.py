"""What each demo request will be: when it is filed, its kind, project, author and fate.

The mix follows the product's yardstick: early in the period most requests are emergencies
and a good share go to a single source; by the end emergencies fall to about a fifth and
almost every request is put out to tender. A handful of the newest requests are held at a
chosen status so that every status of the lifecycle appears in the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cli.seeding.reference import PROJECTS, ProjectSpec
from flows.calendar import WorkingCalendar
from flows.enums import RequestKind, Status

# Deepest first: the oldest of the newest requests get the stops furthest down the line.
HELD_STATUSES: tuple[Status, ...] = (
    Status.documents,
    Status.delivered,
    Status.in_delivery,
    Status.paid,
    Status.awaiting_payment,
    Status.cancellation_requested,
    Status.winner_approval,
    Status.winner_approval,
    Status.tender,
    Status.cancellation_requested,
    Status.tender,
    Status.in_work,
    Status.cancelled,
    Status.submitted,
    Status.draft,
    Status.draft,
)
# Steps of the two well-spread sequences: fractional parts of the golden and silver ratios.
GOLDEN, SILVER = 0.6180339887498949, 0.4142135623730951


@dataclass
class Plan:
    number: int
    kind: RequestKind
    created_at: datetime
    fraction: float  # position in the period, 0..1
    emergency: bool  # the author's dates leave less than the standard lead time
    bids: int  # how many offers the tender collects; 1 means a single source
    project: ProjectSpec
    initiator: str  # person key
    rng: random.Random  # the request's own dice, so stories do not disturb each other
    hold: Status | None = None  # leave the request at this status


def emergency_share(fraction: float) -> float:
    return max(0.15, 0.92 - 0.74 * fraction)


def tender_share(fraction: float) -> float:
    return min(0.95, 0.6 + 0.32 * fraction)


def _working_days(calendar: WorkingCalendar, first: date, last: date) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if calendar.is_working_day(d)]


def _filing_instant(
    rng: random.Random, calendar: WorkingCalendar, days: list[date], latest: datetime
) -> datetime:
    for _ in range(50):
        day = rng.choice(days)
        minutes = rng.randint(0, 8 * 60 + 30)
        local = datetime.combine(day, time(9, 0), tzinfo=calendar.zone)
        at = calendar.next_working_instant(local + timedelta(minutes=minutes))
        if at < latest:
            return at
    return calendar.next_working_instant(latest - timedelta(hours=6))


def make_plans(
    rng: random.Random,
    count: int,
    calendar: WorkingCalendar,
    start: datetime,
    end: datetime,
) -> list[Plan]:
    """``count`` plans in filing order; deterministic for a given generator state."""
    days = _working_days(calendar, calendar.local_date(start), calendar.local_date(end))
    latest = end - timedelta(hours=2)
    instants = sorted(_filing_instant(rng, calendar, days, latest) for _ in range(count))
    offsets = (rng.random(), rng.random())
    plans = [_plan(rng, n, at, start, end, offsets) for n, at in enumerate(instants)]
    _hold_newest(plans)
    return plans


def _spread(offset: float, step: float, number: int) -> float:
    """The n-th number of a well-spread sequence in [0, 1).

    Shares over any run of consecutive requests (a month) then follow the curves closely
    instead of wandering with independent dice.
    """
    return (offset + number * step) % 1.0


def _plan(
    rng: random.Random,
    number: int,
    at: datetime,
    start: datetime,
    end: datetime,
    offsets: tuple[float, float],
) -> Plan:
    fraction = max(0.0, min(1.0, (at - start) / (end - start)))
    project = rng.choice(PROJECTS)
    competitive = _spread(offsets[1], SILVER, number) < tender_share(fraction)
    return Plan(
        number=number,
        kind=RequestKind.transport if rng.random() < 0.6 else RequestKind.procurement,
        created_at=at,
        fraction=fraction,
        emergency=_spread(offsets[0], GOLDEN, number) < emergency_share(fraction),
        bids=rng.randint(2, 3 + round(2 * fraction)) if competitive else 1,
        project=project,
        initiator=rng.choice(project.initiators),
        rng=random.Random(rng.getrandbits(64)),
    )


def _hold_newest(plans: list[Plan]) -> None:
    """Spread the held statuses over the newest requests, every other one."""
    window = plans[-2 * len(HELD_STATUSES) :]
    for plan, status in zip(window[::2], HELD_STATUSES, strict=False):
        plan.hold = status
