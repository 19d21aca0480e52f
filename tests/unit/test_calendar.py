"""Working calendar on real Russian dates of 2025 and 2026."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest

from flows.calendar import CalendarConfig, WorkingCalendar

# 2025-11-01 was a working Saturday: its day off moved to Monday 2025-11-03.
WORKING_SATURDAY_2025 = date(2025, 11, 1)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture(scope="module")
def calendar_2025() -> WorkingCalendar:
    config = CalendarConfig(extra_working_days=frozenset({WORKING_SATURDAY_2025}))
    return WorkingCalendar(config)


# Configuration


def test_default_config_is_a_nine_hour_day_in_moscow() -> None:
    config = CalendarConfig()
    assert config.tz == "Europe/Moscow"
    assert config.hours_per_day == 9.0
    assert config.day_length == timedelta(hours=9)


def test_hours_per_day_follows_custom_hours() -> None:
    config = CalendarConfig(day_start=time(8, 30), day_end=time(17, 15))
    assert config.hours_per_day == 8.75


@pytest.mark.parametrize(
    "kwargs",
    [
        {"day_start": time(18), "day_end": time(9)},
        {"day_start": time(9), "day_end": time(9)},
        {"workdays": frozenset()},
        {"workdays": frozenset({7})},
        {"tz": "Mars/Olympus_Mons"},
        {"day_start": time(9, tzinfo=UTC)},
    ],
)
def test_config_refuses_settings_without_a_usable_working_day(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        CalendarConfig(**kwargs)  # type: ignore[arg-type]


def test_config_accepts_plain_sets_and_stays_hashable() -> None:
    config = CalendarConfig(workdays={0, 1, 2}, extra_days_off={date(2026, 3, 2)})  # type: ignore[arg-type]
    assert config.workdays == frozenset({0, 1, 2})
    assert hash(config) == hash(
        CalendarConfig(workdays=frozenset({0, 1, 2}), extra_days_off=frozenset({date(2026, 3, 2)}))
    )


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar(CalendarConfig(country="XX"))


# Working days


def test_weekdays_work_and_weekends_rest(calendar: WorkingCalendar) -> None:
    week = [date(2026, 3, 16) + timedelta(days=n) for n in range(7)]
    assert [calendar.is_working_day(d) for d in week] == [True] * 5 + [False] * 2


def test_new_year_holidays_of_2026_run_to_the_ninth(calendar: WorkingCalendar) -> None:
    for day in range(1, 12):
        assert not calendar.is_working_day(date(2026, 1, day)), day
    assert calendar.is_working_day(date(2026, 1, 12))


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 2, 23),  # Defender of the Fatherland Day
        date(2026, 3, 9),  # March 8 fell on a Sunday
        date(2026, 5, 1),
        date(2026, 5, 11),  # May 9 fell on a Saturday
        date(2026, 6, 12),
        date(2026, 11, 4),
        date(2026, 12, 31),  # transferred from Sunday 2026-01-04
    ],
)
def test_public_holiday_on_a_weekday_is_a_day_off(
    calendar: WorkingCalendar, holiday: date
) -> None:
    assert holiday.weekday() < 5
    assert holiday in calendar.public_holidays(holiday.year)
    assert not calendar.is_working_day(holiday)


@pytest.mark.parametrize("day_off", [date(2025, 11, 3), date(2026, 1, 9), date(2025, 5, 2)])
def test_weekday_turned_into_a_day_off_by_a_transfer_is_not_working(
    calendar: WorkingCalendar, day_off: date
) -> None:
    assert day_off.weekday() < 5
    assert not calendar.is_working_day(day_off)


def test_transferred_working_saturday_works_only_when_configured(
    calendar: WorkingCalendar, calendar_2025: WorkingCalendar
) -> None:
    assert not calendar.is_working_day(WORKING_SATURDAY_2025)
    assert calendar_2025.is_working_day(WORKING_SATURDAY_2025)


def test_extra_working_day_overrides_a_public_holiday() -> None:
    calendar = WorkingCalendar(CalendarConfig(extra_working_days=frozenset({date(2026, 6, 12)})))
    assert calendar.is_working_day(date(2026, 6, 12))


def test_extra_day_off_overrides_weekdays_and_extra_working_days() -> None:
    both = date(2026, 3, 21)
    config = CalendarConfig(
        extra_days_off=frozenset({date(2026, 3, 18), both}),
        extra_working_days=frozenset({both}),
    )
    calendar = WorkingCalendar(config)
    assert not calendar.is_working_day(date(2026, 3, 18))
    assert not calendar.is_working_day(both)


def test_six_day_week_makes_saturday_working() -> None:
    calendar = WorkingCalendar(CalendarConfig(workdays=frozenset(range(6))))
    assert calendar.is_working_day(date(2026, 3, 21))
    assert not calendar.is_working_day(date(2026, 3, 22))


def test_next_and_previous_working_day_jump_over_new_year(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(date(2025, 12, 30)) == date(2026, 1, 12)
    assert calendar.previous_working_day(date(2026, 1, 12)) == date(2025, 12, 30)
    assert calendar.next_working_day(date(2026, 3, 16)) == date(2026, 3, 17)


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (2026, 1, date(2026, 1, 12), date(2026, 1, 30)),  # ends on a Saturday
        (2026, 2, date(2026, 2, 2), date(2026, 2, 27)),  # starts on a Sunday
        (2026, 3, date(2026, 3, 2), date(2026, 3, 31)),
        (2026, 5, date(2026, 5, 4), date(2026, 5, 29)),  # ends on a Sunday
        (2025, 12, date(2025, 12, 1), date(2025, 12, 30)),  # Dec 31 is off
        (2026, 12, date(2026, 12, 1), date(2026, 12, 30)),
        (2025, 11, date(2025, 11, 5), date(2025, 11, 28)),  # 3rd and 4th are off
    ],
)
def test_first_and_last_working_day_of_a_month(
    calendar: WorkingCalendar, year: int, month: int, first: date, last: date
) -> None:
    assert calendar.first_working_day(year, month) == first
    assert calendar.last_working_day(year, month) == last


def test_configured_saturday_becomes_the_first_working_day_of_november_2025(
    calendar_2025: WorkingCalendar,
) -> None:
    assert calendar_2025.first_working_day(2025, 11) == WORKING_SATURDAY_2025


def test_month_with_every_day_off_has_no_last_working_day() -> None:
    june = frozenset(date(2026, 6, 1) + timedelta(days=n) for n in range(30))
    calendar = WorkingCalendar(CalendarConfig(extra_days_off=june))
    with pytest.raises(ValueError):
        calendar.last_working_day(2026, 6)
    assert calendar.next_working_day(date(2026, 5, 29)) == date(2026, 7, 1)
