"""What the rule sources share for one scan: the database, the calendar, now, recipients.

Working time never runs faster than the wall clock, so ``now - hours`` is a safe cut-off for
the due queries: it returns every item that may be due and few that are not yet (a weekend's
worth). The pure evaluator then decides to the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.approvals import recipients_of
from flows.calendar import WorkingCalendar
from flows.enums import DEPARTMENT_OF_KIND, RequestKind, Role
from flows.rules.evaluate import Subject
from flows.rules.model import Recipient, Rule
from storage.repos.rules import RulesRepo
from storage.tables import Approval, Request
from storage.uow import UnitOfWork

DATE_FORMAT = "%d.%m.%Y"
TIME_FORMAT = "%d.%m.%Y %H:%M"
_ROLE_OF = {
    Recipient.head: Role.head,
    Recipient.executive_director: Role.executive_director,
    Recipient.admin: Role.admin,
}


@dataclass
class Batch:
    """The subjects of one rule and how many rows the queries read to find them."""

    subjects: list[Subject] = field(default_factory=list)
    examined: int = 0


class Audience:
    """Turns a rule's relative recipients into user ids; caches look-ups for one scan."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._holders: dict[tuple[Role, str | None], list[int]] = {}
        self._managers: dict[int, int | None] = {}

    async def holders(self, role: Role, department: str | None = None) -> list[int]:
        key = (role, department)
        if key not in self._holders:
            users = await self.uow.people.with_role(role, department=department)
            self._holders[key] = [u.id for u in users if u.id is not None]
        return self._holders[key]

    async def project_manager(self, project_id: int | None) -> int | None:
        if project_id is None:
            return None
        if project_id not in self._managers:
            project = await self.uow.reference.project(project_id)
            self._managers[project_id] = project.manager_id if project else None
        return self._managers[project_id]

    async def for_request(
        self, rule: Rule, request: Request, approval: Approval | None = None
    ) -> tuple[int, ...]:
        found: list[int | None] = []
        for who in rule.recipients:
            found.extend(await self._one(who, request, approval))
        return tuple(dict.fromkeys(r for r in found if r is not None))

    async def for_company(self, rule: Rule) -> tuple[int, ...]:
        found: list[int] = []
        for who in rule.recipients:
            if who in _ROLE_OF:
                found.extend(await self.holders(_ROLE_OF[who]))
        return tuple(dict.fromkeys(found))

    async def _one(
        self, who: Recipient, request: Request, approval: Approval | None
    ) -> list[int | None]:
        if who is Recipient.executor:
            return [request.executor_id]
        if who is Recipient.initiator:
            return [request.initiator_id]
        if who is Recipient.project_manager:
            return [await self.project_manager(request.project_id)]
        if who is Recipient.approver:
            if approval is None:
                return []
            return list(await recipients_of(self.uow, request, approval))
        if who is Recipient.head:
            department = DEPARTMENT_OF_KIND[RequestKind(request.kind)].value
            return list(await self.holders(Role.head, department))
        return list(await self.holders(_ROLE_OF[who]))


@dataclass
class Context:
    """What every source needs for one rule in one scan."""

    uow: UnitOfWork
    repo: RulesRepo
    audience: Audience
    calendar: WorkingCalendar
    now: datetime

    @property
    def zone(self) -> ZoneInfo:
        return self.calendar.zone

    def elapsed_hours(self, since: datetime) -> int:
        return round(self.calendar.working_time_between(since, self.now) / timedelta(hours=1))

    def local(self, at: datetime, fmt: str = TIME_FORMAT) -> str:
        return at.astimezone(self.zone).strftime(fmt)

    def day_start(self, day: date) -> datetime:
        """Midnight of a company-local date, in UTC."""
        return datetime.combine(day, time(0), tzinfo=self.zone).astimezone(UTC)
