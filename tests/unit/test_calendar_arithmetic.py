"""Working-time arithmetic of the company calendar: instants, zones, DST."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.calendar import CalendarConfig, WorkingCalendar

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
HOUR = timedelta(hours=1)
DAY = timedelta(hours=9)


def msk(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.fixture(scope="module")
def berlin_calendar() -> WorkingCalendar:
    return WorkingCalendar(CalendarConfig(tz="Europe/Berlin", country="DE"))


class CountingCalendar(WorkingCalendar):
    """Counts day checks to show that walks step per day, not per minute."""

    checks = 0

    def is_working_day(self, d: date) -> bool:
        self.checks += 1
        return super().is_working_day(d)


# Instants and periods


def test_working_day_starts_at_nine_moscow_which_is_six_utc(calendar: WorkingCalendar) -> None:
    start = calendar.working_day_start(date(2026, 3, 2))
    assert start == datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    assert start.tzinfo is UTC
    assert calendar.working_day_end(date(2026, 3, 2)) == msk(2026, 3, 2, 18)


def test_working_time_includes_the_start_and_excludes_the_end(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_time(msk(2026, 3, 17, 9))
    assert calendar.is_working_time(msk(2026, 3, 17, 17, 59))
    assert not calendar.is_working_time(msk(2026, 3, 17, 18))
    assert not calendar.is_working_time(msk(2026, 3, 21, 12))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (msk(2026, 3, 17, 12, 15), msk(2026, 3, 17, 12, 15)),  # inside hours
        (msk(2026, 3, 17, 9), msk(2026, 3, 17, 9)),
        (msk(2026, 3, 17, 7), msk(2026, 3, 17, 9)),  # before the start
        (msk(2026, 3, 17, 18), msk(2026, 3, 18, 9)),  # the end is not working time
        (msk(2026, 3, 13, 21), msk(2026, 3, 16, 9)),  # Friday evening
        (msk(2026, 6, 12, 11), msk(2026, 6, 15, 9)),  # Russia Day, a Friday
        (msk(2026, 1, 1, 10), msk(2026, 1, 12, 9)),  # New Year holidays
    ],
)
def test_next_working_instant(
    calendar: WorkingCalendar, moment: datetime, expected: datetime
) -> None:
    result = calendar.next_working_instant(moment)
    assert result == expected
    assert result.tzinfo is UTC


# Adding working time


@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [
        (msk(2026, 3, 13, 17, 30), HOUR, msk(2026, 3, 16, 9, 30)),  # Friday to Monday
        (msk(2026, 3, 17, 10), 2.5 * HOUR, msk(2026, 3, 17, 12, 30)),
        (msk(2026, 3, 17, 10), 8 * HOUR, msk(2026, 3, 17, 18)),  # ends with the day
        (msk(2026, 3, 13, 21), HOUR, msk(2026, 3, 16, 10)),  # late Friday submission
        (msk(2026, 3, 14, 12), HOUR, msk(2026, 3, 16, 10)),  # Saturday
        (msk(2026, 6, 12, 11), HOUR, msk(2026, 6, 15, 10)),  # on a public holiday
        (msk(2025, 12, 30, 17), 2 * HOUR, msk(2026, 1, 12, 10)),  # over New Year
        (msk(2025, 10, 31, 17), 2 * HOUR, msk(2025, 11, 5, 10)),  # 3rd off, 4th holiday
        (msk(2026, 3, 6, 17), 2 * HOUR, msk(2026, 3, 10, 10)),  # March 9 moved off
    ],
)
def test_add_working_time_walks_only_through_working_hours(
    calendar: WorkingCalendar, start: datetime, delta: timedelta, expected: datetime
) -> None:
    result = calendar.add_working_time(start, delta)
    assert result == expected
    assert result.tzinfo is UTC


def test_configured_working_saturday_takes_working_time() -> None:
    config = CalendarConfig(extra_working_days=frozenset({date(2025, 11, 1)}))
    calendar = WorkingCalendar(config)
    assert calendar.add_working_time(msk(2025, 10, 31, 17), 2 * HOUR) == msk(2025, 11, 1, 10)
    assert calendar.add_working_time(msk(2025, 11, 1, 17), 2 * HOUR) == msk(2025, 11, 5, 10)


def test_adding_nothing_returns_the_same_instant_in_utc(calendar: WorkingCalendar) -> None:
    saturday = msk(2026, 3, 14, 12)
    result = calendar.add_working_time(saturday, timedelta(0))
    assert result == saturday
    assert result.tzinfo is UTC


def test_negative_working_time_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_time(msk(2026, 3, 17, 10), -HOUR)
    with pytest.raises(ValueError):
        calendar.add_working_days(msk(2026, 3, 17, 10), -1)


def test_add_working_hours_matches_add_working_time(calendar: WorkingCalendar) -> None:
    start = msk(2026, 3, 13, 16)
    assert calendar.add_working_hours(start, 3.25) == calendar.add_working_time(
        start, timedelta(hours=3, minutes=15)
    )


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (msk(2026, 3, 16, 10), 3, msk(2026, 3, 19, 10)),  # Monday to Thursday
        (msk(2026, 3, 19, 10), 3, msk(2026, 3, 24, 10)),  # over a weekend
        (msk(2026, 6, 11, 10), 1, msk(2026, 6, 15, 10)),  # over Russia Day
        (msk(2026, 4, 30, 15), 5, msk(2026, 5, 8, 15)),  # over May 1
        (msk(2026, 5, 6, 15), 3, msk(2026, 5, 12, 15)),  # over May 11
        (msk(2026, 3, 16, 10), 0, msk(2026, 3, 16, 10)),
    ],
)
def test_add_working_days_keeps_the_clock_time(
    calendar: WorkingCalendar, start: datetime, days: int, expected: datetime
) -> None:
    assert calendar.add_working_days(start, days) == expected


# Time zones


@pytest.mark.parametrize("zone", ["Asia/Vladivostok", "Europe/Moscow", "UTC", "America/New_York"])
def test_the_same_instant_gives_the_same_result_in_any_input_zone(
    calendar: WorkingCalendar, zone: str
) -> None:
    # 23:30 Monday in Vladivostok is 16:30 Monday in Moscow.
    submitted = datetime(2026, 3, 2, 23, 30, tzinfo=VLADIVOSTOK).astimezone(ZoneInfo(zone))
    assert calendar.local_date(submitted) == date(2026, 3, 2)
    assert calendar.next_working_instant(submitted) == msk(2026, 3, 2, 16, 30)
    assert calendar.add_working_time(submitted, 2 * HOUR) == msk(2026, 3, 3, 9, 30)
    assert calendar.working_time_between(submitted, msk(2026, 3, 3, 18)) == 10.5 * HOUR


def test_dst_spring_change_keeps_wall_clock_hours(berlin_calendar: WorkingCalendar) -> None:
    # Europe/Berlin moved from UTC+1 to UTC+2 on Sunday 2026-03-29.
    assert berlin_calendar.working_day_start(date(2026, 3, 27)).hour == 8
    assert berlin_calendar.working_day_start(date(2026, 3, 30)).hour == 7
    result = berlin_calendar.add_working_time(berlin(2026, 3, 27, 17), 2 * HOUR)
    assert result == berlin(2026, 3, 30, 10)
    assert result == datetime(2026, 3, 30, 8, tzinfo=UTC)
    friday, monday = berlin(2026, 3, 27, 9), berlin(2026, 3, 30, 9)
    assert monday.astimezone(UTC) - friday.astimezone(UTC) == 71 * HOUR
    assert berlin_calendar.working_time_between(friday, monday) == DAY


def test_dst_autumn_change_keeps_wall_clock_hours(berlin_calendar: WorkingCalendar) -> None:
    # Europe/Berlin moved back from UTC+2 to UTC+1 on Sunday 2026-10-25.
    friday, monday = berlin(2026, 10, 23, 9), berlin(2026, 10, 26, 9)
    assert monday.astimezone(UTC) - friday.astimezone(UTC) == 73 * HOUR
    assert berlin_calendar.working_time_between(friday, monday) == DAY
    assert berlin_calendar.add_working_time(berlin(2026, 10, 23, 17), 2 * HOUR) == berlin(
        2026, 10, 26, 10
    )


def test_a_working_period_across_the_change_is_an_hour_short() -> None:
    config = CalendarConfig(
        tz="Europe/Berlin",
        country="DE",
        day_start=time(1),
        day_end=time(5),
        extra_working_days=frozenset({date(2026, 3, 29)}),
    )
    calendar = WorkingCalendar(config)
    start = calendar.working_day_start(date(2026, 3, 29))
    assert calendar.working_time_between(start, berlin(2026, 3, 29, 12)) == 3 * HOUR
    assert calendar.add_working_time(start, 3 * HOUR) == berlin(2026, 3, 29, 5)
    # 01:30 to 04:30 on the wall clock is two real hours that night.
    inside = berlin(2026, 3, 29, 1, 30), berlin(2026, 3, 29, 4, 30)
    assert calendar.working_time_between(*inside) == 2 * HOUR


# Working time between instants


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (msk(2026, 3, 17, 12), msk(2026, 3, 17, 12), timedelta(0)),
        (msk(2026, 3, 17, 12), msk(2026, 3, 17, 10), timedelta(0)),
        (msk(2026, 3, 17, 10), msk(2026, 3, 17, 12, 30), 2.5 * HOUR),
        (msk(2026, 3, 13, 17), msk(2026, 3, 16, 10), 2 * HOUR),
        (msk(2026, 3, 13, 21), msk(2026, 3, 16, 7), timedelta(0)),
        (msk(2026, 6, 11, 9), msk(2026, 6, 15, 9), DAY),
        (msk(2025, 12, 30, 9), msk(2026, 1, 13, 9), 2 * DAY),
    ],
)
def test_working_time_between(
    calendar: WorkingCalendar, a: datetime, b: datetime, expected: timedelta
) -> None:
    assert calendar.working_time_between(a, b) == expected


def test_years_match_the_official_production_calendar() -> None:
    # The Russian production calendar counts 247 working days in 2025 (with
    # the working Saturday of November 1) and 247 in 2026.
    calendar = WorkingCalendar(CalendarConfig(extra_working_days=frozenset({date(2025, 11, 1)})))
    assert calendar.working_time_between(msk(2025, 1, 1), msk(2026, 1, 1)) == 247 * DAY
    assert calendar.working_time_between(msk(2026, 1, 1), msk(2027, 1, 1)) == 247 * DAY


def test_long_walks_step_per_day_not_per_minute() -> None:
    calendar = CountingCalendar()
    start = msk(2026, 1, 12, 10)
    result = calendar.add_working_days(start, 500)
    span_days = (result - start).days
    assert calendar.checks <= span_days + 2

    oracle = WorkingCalendar()
    day = start.date()
    for _ in range(500):
        day = oracle.next_working_day(day)
    assert result == msk(day.year, day.month, day.day, 10)

    calendar.checks = 0
    assert calendar.working_time_between(start, result) == 500 * DAY
    assert calendar.checks <= span_days + 2


def _instants(first: datetime, count: int, step: timedelta) -> list[datetime]:
    return [first + n * step for n in range(count)]


# Every 3h17m over two weeks around New Year and two around the May holidays.
SAMPLE_STARTS = _instants(msk(2025, 12, 26), 100, timedelta(minutes=197)) + _instants(
    msk(2026, 4, 28), 100, timedelta(minutes=197)
)
SAMPLE_DELTAS = [
    timedelta(0),
    timedelta(minutes=1),
    timedelta(minutes=45),
    HOUR,
    timedelta(hours=8, minutes=59),
    DAY,
    13 * HOUR,
    3 * DAY,
    40 * DAY,
]


def test_working_time_between_undoes_add_working_time(calendar: WorkingCalendar) -> None:
    for start in SAMPLE_STARTS:
        previous = start
        for delta in SAMPLE_DELTAS:
            end = calendar.add_working_time(start, delta)
            assert calendar.working_time_between(start, end) == delta, (start, delta)
            assert end >= previous, (start, delta)
            previous = end


def test_add_working_time_undoes_working_time_between(calendar: WorkingCalendar) -> None:
    checked = 0
    for start in SAMPLE_STARTS[::5]:
        for end in _instants(start, 60, timedelta(minutes=133)):
            day = calendar.local_date(end)
            if not calendar.is_working_time(end) or end == calendar.working_day_start(day):
                continue
            between = calendar.working_time_between(start, end)
            assert calendar.add_working_time(start, between) == end, (start, end)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.next_working_instant(datetime(2026, 3, 17, 10)),
        lambda c: c.add_working_time(datetime(2026, 3, 17, 10), HOUR),
        lambda c: c.add_working_hours(datetime(2026, 3, 17, 10), 1.0),
        lambda c: c.add_working_days(datetime(2026, 3, 17, 10), 1),
        lambda c: c.working_time_between(datetime(2026, 3, 17, 10), msk(2026, 3, 18)),
        lambda c: c.working_time_between(msk(2026, 3, 16), datetime(2026, 3, 17, 10)),
        lambda c: c.is_working_time(datetime(2026, 3, 17, 10)),
        lambda c: c.local_date(datetime(2026, 3, 17, 10)),
    ],
)
def test_naive_datetimes_are_refused(
    calendar: WorkingCalendar, call: Callable[[WorkingCalendar], object]
) -> None:
    with pytest.raises(ValueError):
        call(calendar)
