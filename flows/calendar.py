"""Company working calendar: working days, working hours and time arithmetic.

Russian public holidays, and the weekdays the government turns into days off,
come from the ``holidays`` package. The working Saturdays created by the same
transfers are not in the package: the admin enters them as
``extra_working_days``. Admin overrides win over the package: an extra working
day beats a holiday or a weekend, an extra day off beats everything.

Walks are done over company-local dates. Each working period is built from the
local ``day_start``/``day_end`` clock times of its own date and converted to UTC
through :mod:`zoneinfo`, so a company zone with daylight saving time still gets
the right wall-clock hours on both sides of a change. Instants are compared and
added in UTC only: subtracting two datetimes that share a ``ZoneInfo`` would
give the wall-clock difference, which is wrong across a change. Every walk
takes one step per calendar day, never per minute or hour.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

logger = logging.getLogger(__name__)

# No real calendar goes ten years without a working day; past that the
# overrides are broken and an endless walk must be refused.
_MAX_SCAN_DAYS = 3660
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)


@dataclass(frozen=True)
class CalendarConfig:
    """Working hours and days of the company, as set by the admin.

    ``day_start`` and ``day_end`` are naive clock times in ``tz``; ``workdays``
    uses Monday = 0. Raises ValueError when the settings describe no usable
    working day (end not after start, no weekday, unknown zone).
    """

    tz: str = "Europe/Moscow"
    day_start: time = time(9, 0)
    day_end: time = time(18, 0)
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    country: str = "RU"

    def __post_init__(self) -> None:
        # Accept any iterable from storage but keep the config hashable.
        for name in ("workdays", "extra_days_off", "extra_working_days"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if self.day_start.tzinfo is not None or self.day_end.tzinfo is not None:
            raise ValueError("day_start and day_end must be naive clock times")
        if self.day_start >= self.day_end:
            raise ValueError("day_end must be later than day_start")
        if not self.workdays or not self.workdays <= frozenset(range(7)):
            raise ValueError("workdays must be a non-empty set of weekdays 0..6")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.tz!r}") from exc

    @property
    def day_length(self) -> timedelta:
        """Nominal length of one working day (no lunch break)."""
        anchor = date(2000, 1, 1)
        return datetime.combine(anchor, self.day_end) - datetime.combine(anchor, self.day_start)

    @property
    def hours_per_day(self) -> float:
        return self.day_length / timedelta(hours=1)


def _require_aware(t: datetime) -> None:
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")


class WorkingCalendar:
    """Working days and working-time arithmetic for one company.

    Datetimes may come in any zone and must be timezone-aware (naive ones
    raise ValueError); results are UTC. Raises ValueError for a country the
    ``holidays`` package does not know.
    """

    def __init__(self, config: CalendarConfig | None = None) -> None:
        self.config = config or CalendarConfig()
        self.zone = ZoneInfo(self.config.tz)
        self._holidays_by_year: dict[int, frozenset[date]] = {}
        try:
            holidays.country_holidays(self.config.country, years=[])
        except NotImplementedError as exc:
            raise ValueError(f"no holiday data for country {self.config.country!r}") from exc

    # Days

    def public_holidays(self, year: int) -> frozenset[date]:
        """Days off of ``year`` from the package, transferred days off included."""
        cached = self._holidays_by_year.get(year)
        if cached is None:
            found = holidays.country_holidays(self.config.country, years=year)
            cached = frozenset(found.keys())
            self._holidays_by_year[year] = cached
            logger.debug("loaded %d public holidays for %s %d", len(cached), found.country, year)
        return cached

    def is_working_day(self, d: date) -> bool:
        if d in self.config.extra_days_off:
            return False
        if d in self.config.extra_working_days:
            return True
        if d in self.public_holidays(d.year):
            return False
        return d.weekday() in self.config.workdays

    def next_working_day(self, d: date) -> date:
        """First working day strictly after ``d``; raises ValueError if none is in sight."""
        return self._scan(d, _ONE_DAY)

    def previous_working_day(self, d: date) -> date:
        """Last working day strictly before ``d``; raises ValueError if none is in sight."""
        return self._scan(d, -_ONE_DAY)

    def first_working_day(self, year: int, month: int) -> date:
        """Raises ValueError when the whole month is off."""
        return self._first_in_month(_month_days(year, month))

    def last_working_day(self, year: int, month: int) -> date:
        """Raises ValueError when the whole month is off."""
        return self._first_in_month(reversed(_month_days(year, month)))

    # Instants

    def local_date(self, t: datetime) -> date:
        """Company-local date of an instant."""
        _require_aware(t)
        return t.astimezone(self.zone).date()

    def working_day_start(self, d: date) -> datetime:
        """UTC instant of ``day_start`` on company-local date ``d``, working or not."""
        return datetime.combine(d, self.config.day_start, tzinfo=self.zone).astimezone(UTC)

    def working_day_end(self, d: date) -> datetime:
        """UTC instant of ``day_end`` on company-local date ``d``, working or not."""
        return datetime.combine(d, self.config.day_end, tzinfo=self.zone).astimezone(UTC)

    def is_working_time(self, t: datetime) -> bool:
        """Whether ``t`` falls inside a working period (start included, end excluded)."""
        day = self.local_date(t)
        if not self.is_working_day(day):
            return False
        return self.working_day_start(day) <= t < self.working_day_end(day)

    def next_working_instant(self, t: datetime) -> datetime:
        """``t`` itself if it is working time, else the start of the next working period."""
        cursor = _utc(t)
        day = self.local_date(cursor)
        if self.is_working_day(day) and cursor < self.working_day_end(day):
            return max(cursor, self.working_day_start(day))
        return self.working_day_start(self.next_working_day(day))

    def add_working_time(self, t: datetime, delta: timedelta) -> datetime:
        """Earliest instant by which ``delta`` of working time has passed since ``t``.

        Only working periods count: 1h from 17:30 on a Friday is 09:30 on
        Monday. When the sum lands exactly on the end of a working day the
        result is that end (18:00), not the next morning: both hold the same
        working time, and this keeps ``working_time_between`` its exact
        inverse. Code that must act inside working hours passes the result
        through ``next_working_instant``. A zero delta returns ``t`` in UTC.
        Raises ValueError for a negative delta or a naive ``t``.
        """
        cursor = _utc(t)
        if delta < _ZERO:
            raise ValueError("working time to add must not be negative")
        if delta == _ZERO:
            return cursor
        remaining = delta
        day = self.local_date(cursor)
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        while True:
            begin = max(cursor, self.working_day_start(day))
            available = self.working_day_end(day) - begin
            if remaining <= available:
                return begin + remaining
            remaining -= max(available, _ZERO)
            day = self.next_working_day(day)

    def add_working_hours(self, t: datetime, hours: float) -> datetime:
        """``add_working_time`` with a number of hours; raises ValueError if negative."""
        return self.add_working_time(t, timedelta(hours=hours))

    def add_working_days(self, t: datetime, days: int) -> datetime:
        """Add ``days`` nominal working days: 3 days from Monday 10:00 is Thursday 10:00.

        Raises ValueError for a negative number of days.
        """
        if days < 0:
            raise ValueError("working days to add must not be negative")
        return self.add_working_time(t, days * self.config.day_length)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time inside ``[a, b)``; zero when ``b`` is not after ``a``."""
        a, b = _utc(a), _utc(b)
        total = _ZERO
        day, last = self.local_date(a), self.local_date(b)
        while day <= last:
            if self.is_working_day(day):
                overlap = min(b, self.working_day_end(day)) - max(a, self.working_day_start(day))
                total += max(overlap, _ZERO)
            day += _ONE_DAY
        return total

    # Helpers

    def _scan(self, d: date, step: timedelta) -> date:
        candidate = d
        for _ in range(_MAX_SCAN_DAYS):
            candidate += step
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days of {d}")

    def _first_in_month(self, days: Iterable[date]) -> date:
        for day in days:
            if self.is_working_day(day):
                return day
        raise ValueError("the month has no working day")


def _utc(t: datetime) -> datetime:
    _require_aware(t)
    return t.astimezone(UTC)


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=n) for n in range((following - first).days)]
