"""Emergency rule: a deadline that leaves less than the standard lead time.

A request is an emergency when its deadline comes sooner after submission than
the standard lead time of its kind, counted in working time of the company
calendar. The deadline is the loading date for transport (a carrier must be
found before it) and the required date for procurement; it is taken as the
start of the working day (``day_start`` in the company zone) of that date,
even when the date itself is not a working day.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Final

from flows.calendar import WorkingCalendar

logger = logging.getLogger(__name__)

# Standard lead times in working days, used until the admin sets others.
DEFAULT_LEAD_DAYS: Final[Mapping[str, int]] = MappingProxyType({"transport": 3, "procurement": 5})


@dataclass(frozen=True)
class EmergencyVerdict:
    """The decision with the numbers that explain it; instants are UTC."""

    is_emergency: bool
    deadline: datetime
    lead_days: int
    earliest_ok: datetime
    available_working_hours: float
    available_working_days: float


def lead_days_for(kind: str, configured: Mapping[str, int] | None = None) -> int:
    """Standard lead time of a request kind, the admin's value first.

    Raises ValueError for a kind with no lead time.
    """
    for source in (configured or {}, DEFAULT_LEAD_DAYS):
        if kind in source:
            return source[kind]
    raise ValueError(f"no standard lead time for request kind {kind!r}")


def judge_emergency(
    calendar: WorkingCalendar,
    *,
    submitted_at: datetime,
    deadline_date: date,
    lead_days: int,
) -> EmergencyVerdict:
    """Decide whether a request submitted at ``submitted_at`` is an emergency.

    It is one when the deadline is earlier than submission plus ``lead_days``
    working days; a deadline exactly at that instant is not. Raises ValueError
    for a naive ``submitted_at`` or a negative ``lead_days``.
    """
    deadline = calendar.working_day_start(deadline_date)
    earliest_ok = calendar.add_working_days(submitted_at, lead_days)
    available = calendar.working_time_between(submitted_at, deadline)
    hours = available / timedelta(hours=1)
    verdict = EmergencyVerdict(
        is_emergency=deadline < earliest_ok,
        deadline=deadline,
        lead_days=lead_days,
        earliest_ok=earliest_ok,
        available_working_hours=hours,
        available_working_days=round(hours / calendar.config.hours_per_day, 1),
    )
    logger.debug(
        "emergency verdict %s: lead %d days, %.2f working hours available",
        verdict.is_emergency,
        lead_days,
        hours,
    )
    return verdict


def earliest_safe_date(
    calendar: WorkingCalendar, *, submitted_at: datetime, lead_days: int
) -> date:
    """First deadline date that is not an emergency for a request submitted now.

    Lets the filing dialog say which date would have been in time. Raises
    ValueError for a naive ``submitted_at`` or a negative ``lead_days``.
    """
    earliest_ok = calendar.add_working_days(submitted_at, lead_days)
    day = calendar.local_date(earliest_ok)
    if calendar.working_day_start(day) < earliest_ok:
        day += timedelta(days=1)
    return day
