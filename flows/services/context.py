"""What every service needs: a unit of work factory, a clock and the company calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flows.calendar import CalendarConfig, WorkingCalendar
from flows.clock import Clock, SystemClock
from storage.uow import UnitOfWork, UowFactory

CALENDAR_SETTING = "calendar"
LEAD_DAYS_SETTING = "lead_days"


@dataclass
class Deps:
    uow: UowFactory
    clock: Clock = field(default_factory=SystemClock)
    company_tz: str = "Europe/Moscow"

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.now().astimezone(ZoneInfo(self.company_tz)).date()


async def load_calendar(uow: UnitOfWork, company_tz: str) -> WorkingCalendar:
    """The working calendar with the admin's overrides from the settings table."""
    raw = await uow.reference.setting(CALENDAR_SETTING) or {}
    config = CalendarConfig(
        tz=company_tz,
        day_start=time.fromisoformat(raw.get("day_start", "09:00")),
        day_end=time.fromisoformat(raw.get("day_end", "18:00")),
        workdays=frozenset(raw.get("workdays", [0, 1, 2, 3, 4])),
        extra_days_off=frozenset(date.fromisoformat(d) for d in raw.get("days_off", [])),
        extra_working_days=frozenset(date.fromisoformat(d) for d in raw.get("working_days", [])),
    )
    return WorkingCalendar(config)


async def load_lead_days(uow: UnitOfWork) -> dict[str, int]:
    raw = await uow.reference.setting(LEAD_DAYS_SETTING) or {}
    return {
        "transport": int(raw.get("transport", 3)),
        "procurement": int(raw.get("procurement", 5)),
    }
