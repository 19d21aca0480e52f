"""When a rule's messages fall due: working-time steps, quiet hours, lateness.

Everything here is pure: instants in, instants out, all UTC and aware. A rule's first due
instant and each repeat are moved into working time (a reminder never falls due at 18:00 or
on a Sunday); quiet hours then hold a message back per recipient, in the recipient's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.calendar import WorkingCalendar

_ZERO = timedelta(0)
_ONE_DAY = timedelta(days=1)
# Past this, a message went out later than it should have and says so.
LATE_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class QuietHours:
    """A person's nightly silence in their own zone; ``start`` later than ``end`` wraps
    midnight (22:00-08:00). Equal or missing bounds mean no quiet hours."""

    zone: ZoneInfo
    start: time | None = None
    end: time | None = None

    @property
    def active(self) -> bool:
        return self.start is not None and self.end is not None and self.start != self.end

    def is_quiet(self, t: datetime) -> bool:
        if not self.active:
            return False
        assert self.start is not None and self.end is not None
        clock = t.astimezone(self.zone).time()
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def release(self, t: datetime) -> datetime:
        """``t`` itself outside quiet hours, else the instant the quiet hours end (UTC)."""
        if not self.is_quiet(t):
            return t.astimezone(UTC)
        assert self.end is not None
        local = t.astimezone(self.zone)
        end = datetime.combine(local.date(), self.end, tzinfo=self.zone)
        if end <= local:
            end = datetime.combine(local.date() + _ONE_DAY, self.end, tzinfo=self.zone)
        return end.astimezone(UTC)


def subtract_working_time(calendar: WorkingCalendar, t: datetime, delta: timedelta) -> datetime:
    """Latest instant from which ``delta`` of working time passes until ``t``.

    The mirror of ``WorkingCalendar.add_working_time``, walking back one day per step.
    Raises ValueError for a negative delta.
    """
    if delta < _ZERO:
        raise ValueError("working time to subtract must not be negative")
    cursor = t.astimezone(UTC)
    if delta == _ZERO:
        return cursor
    remaining = delta
    day = calendar.local_date(cursor)
    while True:
        if calendar.is_working_day(day):
            end = min(cursor, calendar.working_day_end(day))
            available = end - calendar.working_day_start(day)
            if available > _ZERO and remaining <= available:
                return end - remaining
            remaining -= max(available, _ZERO)
        day = calendar.previous_working_day(day)
        cursor = calendar.working_day_end(day)


@dataclass(frozen=True)
class Schedule:
    """The due instants of one item under one rule: the first, then every repeat."""

    calendar: WorkingCalendar
    first: datetime
    repeat: timedelta | None = None

    def due(self, step: int) -> datetime:
        if step == 0 or self.repeat is None:
            return self.first
        later = self.calendar.add_working_time(self.first, self.repeat * step)
        return self.calendar.next_working_instant(later)

    def current_step(self, now: datetime) -> int | None:
        """The last step due at ``now``; None before the first."""
        if now < self.first:
            return None
        if self.repeat is None:
            return 0
        step = self.calendar.working_time_between(self.first, now) // self.repeat
        while step > 0 and self.due(step) > now:
            step -= 1
        return step


def first_due_after(calendar: WorkingCalendar, start: datetime, hours: float) -> datetime:
    """``hours`` of working time after ``start``, moved into working time."""
    later = calendar.add_working_time(start, timedelta(hours=hours))
    return calendar.next_working_instant(later)


def first_due_before(
    calendar: WorkingCalendar, deadline: datetime, hours: float, not_before: datetime
) -> datetime:
    """``hours`` of working time before ``deadline``, not before ``not_before``."""
    earlier = subtract_working_time(calendar, deadline, timedelta(hours=hours))
    return calendar.next_working_instant(max(earlier, not_before))


def is_late(due: datetime, now: datetime, grace: timedelta = LATE_GRACE) -> bool:
    return now - due > grace
