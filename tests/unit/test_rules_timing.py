"""Working-time steps, counting back from a deadline, and quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.calendar import WorkingCalendar
from flows.rules.timing import (
    QuietHours,
    Schedule,
    first_due_after,
    first_due_before,
    is_late,
    subtract_working_time,
)

MSK = ZoneInfo("Europe/Moscow")
LONDON = ZoneInfo("Europe/London")
CAL = WorkingCalendar()


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def test_one_working_hour_after_friday_evening_is_monday_morning():
    assert first_due_after(CAL, msk(2026, 3, 13, 17, 30), 1) == msk(2026, 3, 16, 9, 30)


def test_a_public_holiday_moves_the_due_instant_past_it():
    # 9 May 2026 is a Saturday, so Monday 11 May is the day off instead.
    assert first_due_after(CAL, msk(2026, 5, 8, 17, 30), 1) == msk(2026, 5, 12, 9, 30)


def test_a_due_instant_at_the_end_of_the_day_moves_to_the_next_morning():
    assert first_due_after(CAL, msk(2026, 3, 16, 17, 0), 1) == msk(2026, 3, 17, 9, 0)


def test_one_working_day_before_a_monday_loading_is_friday_morning():
    monday_start = CAL.working_day_start(datetime(2026, 3, 16).date())
    assert subtract_working_time(CAL, monday_start, timedelta(hours=9)) == msk(2026, 3, 13, 9, 0)


def test_counting_back_skips_holidays():
    tuesday_start = CAL.working_day_start(datetime(2026, 5, 12).date())
    assert subtract_working_time(CAL, tuesday_start, timedelta(hours=2)) == msk(2026, 5, 8, 16, 0)


@pytest.mark.parametrize(
    "start",
    [msk(2026, 3, 16, 12, 15), msk(2026, 3, 14, 3, 0), msk(2026, 5, 12, 9, 0)],
    ids=["midday", "saturday-night", "after-holiday"],
)
@pytest.mark.parametrize("hours", [0.5, 1, 9, 20])
def test_counting_back_undoes_counting_forward(start: datetime, hours: float):
    delta = timedelta(hours=hours)
    later = CAL.add_working_time(start, delta)
    earlier = subtract_working_time(CAL, later, delta)
    assert CAL.working_time_between(earlier, later) == delta


def test_counting_back_a_negative_time_is_refused():
    with pytest.raises(ValueError):
        subtract_working_time(CAL, msk(2026, 3, 16, 12), timedelta(hours=-1))


def test_a_deadline_rule_never_falls_due_before_its_floor():
    loading = CAL.working_day_start(datetime(2026, 3, 17).date())
    submitted = msk(2026, 3, 16, 15, 0)
    assert first_due_before(CAL, loading, 9, submitted) == submitted


def test_repeats_follow_working_hours_and_skip_the_night():
    schedule = Schedule(CAL, msk(2026, 3, 16, 16, 30), timedelta(hours=1))
    assert [schedule.due(n) for n in range(4)] == [
        msk(2026, 3, 16, 16, 30),
        msk(2026, 3, 16, 17, 30),
        msk(2026, 3, 17, 9, 30),
        msk(2026, 3, 17, 10, 30),
    ]


def test_the_current_step_is_the_last_one_due():
    schedule = Schedule(CAL, msk(2026, 3, 16, 16, 30), timedelta(hours=1))
    assert schedule.current_step(msk(2026, 3, 16, 16, 29)) is None
    assert schedule.current_step(msk(2026, 3, 16, 16, 30)) == 0
    assert schedule.current_step(msk(2026, 3, 16, 23, 0)) == 1
    assert schedule.current_step(msk(2026, 3, 17, 9, 30)) == 2


def test_a_step_landing_on_the_end_of_the_day_is_due_next_morning():
    schedule = Schedule(CAL, msk(2026, 3, 16, 16, 0), timedelta(hours=1))
    assert schedule.due(2) == msk(2026, 3, 17, 9, 0)
    assert schedule.current_step(msk(2026, 3, 16, 18, 30)) == 1


def test_a_rule_without_repeat_stays_at_its_first_step():
    schedule = Schedule(CAL, msk(2026, 3, 16, 10, 0))
    assert schedule.current_step(msk(2026, 4, 1, 10, 0)) == 0


def test_quiet_hours_across_midnight_hold_until_morning_in_the_persons_zone():
    hush = QuietHours(LONDON, time(21, 0), time(9, 0))
    # 09:30 in Moscow is 06:30 in London in March: still quiet there until 09:00.
    assert hush.is_quiet(msk(2026, 3, 16, 9, 30))
    assert hush.release(msk(2026, 3, 16, 9, 30)) == msk(2026, 3, 16, 12, 0)
    assert hush.release(msk(2026, 3, 17, 0, 30)) == msk(2026, 3, 17, 12, 0)
    assert not hush.is_quiet(msk(2026, 3, 16, 12, 0))


def test_daytime_quiet_hours_hold_until_they_end():
    hush = QuietHours(MSK, time(13, 0), time(14, 0))
    assert hush.release(msk(2026, 3, 16, 13, 20)) == msk(2026, 3, 16, 14, 0)
    assert hush.release(msk(2026, 3, 16, 14, 0)) == msk(2026, 3, 16, 14, 0)


@pytest.mark.parametrize("bounds", [(None, time(9)), (time(22), None), (time(8), time(8))])
def test_incomplete_or_empty_quiet_hours_hold_nothing(bounds: tuple[time | None, time | None]):
    hush = QuietHours(MSK, *bounds)
    assert not hush.active
    assert hush.release(msk(2026, 3, 16, 3, 0)) == msk(2026, 3, 16, 3, 0)


def test_a_message_is_late_only_past_the_grace():
    due = msk(2026, 3, 16, 9, 30)
    assert not is_late(due, due + timedelta(minutes=1))
    assert is_late(due, due + timedelta(minutes=6))
