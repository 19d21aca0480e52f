"""Emergency rule on real Russian dates: weekends, holidays, transfers, zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.calendar import CalendarConfig, WorkingCalendar
from flows.emergency import (
    DEFAULT_LEAD_DAYS,
    EmergencyVerdict,
    earliest_safe_date,
    judge_emergency,
    lead_days_for,
)

MSK = ZoneInfo("Europe/Moscow")
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
TRANSPORT = DEFAULT_LEAD_DAYS["transport"]
PROCUREMENT = DEFAULT_LEAD_DAYS["procurement"]


def msk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def judge(
    calendar: WorkingCalendar, submitted_at: datetime, deadline: date, lead: int = TRANSPORT
) -> EmergencyVerdict:
    return judge_emergency(
        calendar, submitted_at=submitted_at, deadline_date=deadline, lead_days=lead
    )


# Lead times


def test_default_lead_times_are_three_days_for_transport_and_five_for_procurement() -> None:
    assert lead_days_for("transport") == 3
    assert lead_days_for("procurement") == 5


def test_admin_lead_time_wins_over_the_default() -> None:
    configured = {"transport": 2}
    assert lead_days_for("transport", configured) == 2
    assert lead_days_for("procurement", configured) == 5


def test_unknown_request_kind_has_no_lead_time() -> None:
    with pytest.raises(ValueError):
        lead_days_for("teleportation")


def test_default_lead_times_cannot_be_changed_in_place() -> None:
    with pytest.raises(TypeError):
        DEFAULT_LEAD_DAYS["transport"] = 1  # type: ignore[index]


# The deadline instant


def test_deadline_is_the_start_of_the_working_day_in_utc(calendar: WorkingCalendar) -> None:
    verdict = judge(calendar, msk(2026, 3, 16, 10), date(2026, 3, 25))
    assert verdict.deadline == datetime(2026, 3, 25, 6, tzinfo=UTC)
    assert verdict.deadline.tzinfo is UTC
    assert verdict.earliest_ok.tzinfo is UTC


def test_deadline_on_a_saturday_still_uses_the_morning_clock(calendar: WorkingCalendar) -> None:
    # Wednesday 09:00 to Saturday 09:00 holds exactly three working days.
    verdict = judge(calendar, msk(2026, 3, 18, 9), date(2026, 3, 21))
    assert verdict.deadline == msk(2026, 3, 21, 9)
    assert verdict.available_working_hours == 27.0
    assert not verdict.is_emergency


# Boundaries


def test_exactly_the_lead_time_is_not_an_emergency(calendar: WorkingCalendar) -> None:
    verdict = judge(calendar, msk(2026, 3, 16, 9), date(2026, 3, 19))
    assert not verdict.is_emergency
    assert verdict.available_working_hours == 27.0
    assert verdict.available_working_days == 3.0
    assert verdict.earliest_ok == msk(2026, 3, 18, 18)


def test_one_minute_short_of_the_lead_time_is_an_emergency(calendar: WorkingCalendar) -> None:
    verdict = judge(calendar, msk(2026, 3, 16, 9, 1), date(2026, 3, 19))
    assert verdict.is_emergency
    assert verdict.available_working_hours == pytest.approx(27 - 1 / 60)


def test_deadline_equal_to_the_earliest_ok_instant_is_not_an_emergency(
    calendar: WorkingCalendar,
) -> None:
    verdict = judge(calendar, msk(2026, 3, 19, 9), date(2026, 3, 19), lead=0)
    assert verdict.deadline == verdict.earliest_ok
    assert not verdict.is_emergency


def test_deadline_already_passed_is_an_emergency(calendar: WorkingCalendar) -> None:
    verdict = judge(calendar, msk(2026, 3, 19, 12), date(2026, 3, 18))
    assert verdict.is_emergency
    assert verdict.available_working_hours == 0.0
    assert verdict.available_working_days == 0.0


# Weekends, holidays, transfers


def test_late_friday_submission_counts_from_monday_morning(calendar: WorkingCalendar) -> None:
    submitted = msk(2026, 3, 13, 21)
    on_thursday = judge(calendar, submitted, date(2026, 3, 19))
    on_wednesday = judge(calendar, submitted, date(2026, 3, 18))
    assert on_thursday.earliest_ok == msk(2026, 3, 18, 18)
    assert not on_thursday.is_emergency
    assert on_wednesday.is_emergency
    assert on_wednesday.available_working_hours == 18.0
    assert on_wednesday.available_working_days == 2.0


def test_weekend_does_not_count_toward_the_lead_time(calendar: WorkingCalendar) -> None:
    monday = judge(calendar, msk(2026, 3, 19, 12), date(2026, 3, 23))
    wednesday = judge(calendar, msk(2026, 3, 19, 12), date(2026, 3, 25))
    assert monday.is_emergency
    assert monday.available_working_hours == 15.0
    assert monday.available_working_days == 1.7
    assert not wednesday.is_emergency
    assert wednesday.available_working_days == 3.7


def test_public_holiday_shortens_the_time_available(calendar: WorkingCalendar) -> None:
    # Friday 2026-06-12 is Russia Day.
    verdict = judge(calendar, msk(2026, 6, 10, 9), date(2026, 6, 15))
    assert verdict.is_emergency
    assert verdict.available_working_hours == 18.0
    working = WorkingCalendar(CalendarConfig(extra_working_days=frozenset({date(2026, 6, 12)})))
    assert not judge(working, msk(2026, 6, 10, 9), date(2026, 6, 15)).is_emergency


def test_submission_on_a_holiday_counts_from_the_next_working_day(
    calendar: WorkingCalendar,
) -> None:
    submitted = msk(2026, 5, 1, 10)
    verdict = judge(calendar, submitted, date(2026, 5, 11), lead=PROCUREMENT)
    assert verdict.earliest_ok == msk(2026, 5, 8, 18)
    assert not verdict.is_emergency
    assert verdict.available_working_days == 5.0
    short = judge(calendar, submitted, date(2026, 5, 8), lead=PROCUREMENT)
    assert short.is_emergency
    assert short.available_working_days == 4.0


def test_transferred_working_saturday_adds_a_day_and_moved_day_off_removes_one(
    calendar: WorkingCalendar,
) -> None:
    # Saturday 2025-11-01 was worked; Monday 2025-11-03 was a day off.
    submitted, deadline = msk(2025, 10, 30, 9), date(2025, 11, 3)
    assert judge(calendar, submitted, deadline).available_working_hours == 18.0
    assert judge(calendar, submitted, deadline).is_emergency
    config = CalendarConfig(extra_working_days=frozenset({date(2025, 11, 1)}))
    with_saturday = judge(WorkingCalendar(config), submitted, deadline)
    assert with_saturday.available_working_hours == 27.0
    assert not with_saturday.is_emergency


@pytest.mark.parametrize("zone", ["Asia/Vladivostok", "Europe/Moscow", "UTC"])
def test_far_east_submission_is_judged_on_the_same_instant(
    calendar: WorkingCalendar, zone: str
) -> None:
    # 23:30 Monday in Vladivostok is 16:30 Monday in Moscow.
    submitted = datetime(2026, 3, 2, 23, 30, tzinfo=VLADIVOSTOK).astimezone(ZoneInfo(zone))
    thursday = judge(calendar, submitted, date(2026, 3, 5))
    assert thursday.earliest_ok == msk(2026, 3, 5, 16, 30)
    assert thursday.is_emergency
    assert thursday.available_working_hours == 19.5
    assert not judge(calendar, submitted, date(2026, 3, 6)).is_emergency


def test_invalid_input_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        judge(calendar, datetime(2026, 3, 16, 10), date(2026, 3, 25))
    with pytest.raises(ValueError):
        judge(calendar, msk(2026, 3, 16, 10), date(2026, 3, 25), lead=-1)


# The verdict explains itself

SUBMISSIONS = [msk(2025, 12, 24) + n * timedelta(minutes=431) for n in range(120)]


def test_verdict_numbers_agree_with_the_decision(calendar: WorkingCalendar) -> None:
    hours_per_day = calendar.config.hours_per_day
    for submitted in SUBMISSIONS:
        for lead in (TRANSPORT, PROCUREMENT):
            for offset in range(0, 16, 3):
                deadline = submitted.date() + timedelta(days=offset)
                verdict = judge(calendar, submitted, deadline, lead)
                hours = verdict.available_working_hours
                assert verdict.is_emergency == (verdict.deadline < verdict.earliest_ok)
                if verdict.deadline >= submitted:
                    assert verdict.is_emergency == (hours < lead * hours_per_day)
                assert verdict.available_working_days == round(hours / hours_per_day, 1)
                assert verdict.lead_days == lead


def test_earliest_safe_date_is_the_first_date_that_is_not_an_emergency(
    calendar: WorkingCalendar,
) -> None:
    assert earliest_safe_date(calendar, submitted_at=msk(2026, 3, 13, 21), lead_days=3) == date(
        2026, 3, 19
    )
    at_opening = msk(2026, 3, 16, 9)
    assert earliest_safe_date(calendar, submitted_at=at_opening, lead_days=0) == date(2026, 3, 16)
    for submitted in SUBMISSIONS:
        safe = earliest_safe_date(calendar, submitted_at=submitted, lead_days=TRANSPORT)
        assert not judge(calendar, submitted, safe).is_emergency, submitted
        assert judge(calendar, submitted, safe - timedelta(days=1)).is_emergency, submitted
