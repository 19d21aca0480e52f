"""The demo company as the stories see it: ids of people and lists, the clock and the calendar.

Time helpers keep every step inside working hours of the company calendar, the way people
actually press buttons, and leave windows decide who acts for whom on a given day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from cli.seeding.reference import CounterpartySpec
from flows.actor import ActorRef
from flows.calendar import WorkingCalendar
from flows.clock import FrozenClock
from flows.services.context import Deps


@dataclass(frozen=True)
class Party:
    """A counterparty row with what the demo knows about its behaviour."""

    id: int
    spec: CounterpartySpec


@dataclass(frozen=True)
class Leave:
    first: date
    last: date
    substitute_id: int


@dataclass
class World:
    deps: Deps
    clock: FrozenClock
    calendar: WorkingCalendar
    start: datetime
    end: datetime
    lead_days: dict[str, int]
    users: dict[str, int] = field(default_factory=dict)  # person key -> users.id
    leaves: dict[int, Leave] = field(default_factory=dict)
    projects: dict[str, int] = field(default_factory=dict)  # project code -> id
    regions: dict[str, int] = field(default_factory=dict)  # region key -> id
    vehicles: dict[str, int] = field(default_factory=dict)
    carriers: list[Party] = field(default_factory=list)
    suppliers: list[Party] = field(default_factory=list)

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.calendar.local_date(self.now())

    def fraction(self, at: datetime) -> float:
        """How far into the demo period an instant is, 0 at the start and 1 at the end."""
        return max(0.0, min(1.0, (at - self.start) / (self.end - self.start)))

    def working_after(self, at: datetime, hours: float) -> datetime:
        """The first instant inside working hours once ``hours`` of working time passed."""
        moved = self.calendar.add_working_hours(at, max(hours, 0.0))
        return self.calendar.next_working_instant(moved)

    def on_day(self, day: date, hour: float) -> datetime:
        """``hour`` o'clock local time on ``day``, or the next working instant after it."""
        local = datetime.combine(day, time(0), tzinfo=self.calendar.zone)
        return self.calendar.next_working_instant(local + timedelta(hours=hour))

    def add_working_days(self, day: date, days: int) -> date:
        for _ in range(days):
            day = self.calendar.next_working_day(day)
        return day

    def person(self, key: str) -> int:
        return self.users[key]

    def on_leave(self, user_id: int, day: date | None = None) -> bool:
        leave = self.leaves.get(user_id)
        day = day or self.today()
        return leave is not None and leave.first <= day <= leave.last

    def acting_id(self, user_id: int, *, not_for: int | None = None) -> int:
        """Who presses the button for ``user_id`` today: the substitute during a leave.

        Nobody stands in on a request they filed themselves (``not_for``); then the person
        decides from their leave.
        """
        leave = self.leaves.get(user_id)
        if leave is not None and self.on_leave(user_id) and leave.substitute_id != not_for:
            return leave.substitute_id
        return user_id

    def acting(self, user_id: int, *, not_for: int | None = None) -> ActorRef:
        return ActorRef.user(self.acting_id(user_id, not_for=not_for))

    def ref(self, key: str) -> ActorRef:
        return ActorRef.user(self.users[key])

    def party(self, counterparty_id: int | None) -> Party | None:
        return next(
            (p for p in (*self.carriers, *self.suppliers) if p.id == counterparty_id), None
        )
