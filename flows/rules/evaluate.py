"""Which messages a rule owes right now: a pure function of the items, the calendar and now.

An item (a :class:`Subject`) is due from its first instant, then at every repeat. For each
recipient only the latest due step is sent: after downtime the first scan catches up once,
and the message says it is late. Quiet hours hold a message back until they end, unless the
rule lets an urgent message through. Steps already in the outbox are never sent again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flows.calendar import WorkingCalendar
from flows.rules.model import TEMPLATE_PREFIX, Rule, Watch
from flows.rules.timing import (
    LATE_GRACE,
    QuietHours,
    Schedule,
    first_due_after,
    first_due_before,
    is_late,
)

DUE_FORMAT = "%d.%m.%Y %H:%M"

# (instance, recipient) -> the last step already written to the outbox.
SentSteps = Mapping[tuple[str, int], int]


@dataclass(frozen=True)
class Subject:
    """One item a rule watches. ``start`` is where its clock starts (for rules that count
    back, the deadline); ``instance`` names the item in dedupe keys."""

    instance: str
    start: datetime
    recipients: tuple[int, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    request_id: int | None = None
    purpose: str | None = None
    not_before: datetime | None = None


@dataclass(frozen=True)
class Notice:
    """One message to write to the outbox for one recipient."""

    rule_key: str
    instance: str
    step: int
    recipient: int
    due_at: datetime
    late: bool
    params: Mapping[str, Any]
    request_id: int | None = None
    purpose: str | None = None

    @property
    def dedupe_key(self) -> str:
        """Unique per rule, item and step; the outbox appends the recipient."""
        return dedupe_prefix(self.rule_key, self.instance) + str(self.step)


@dataclass(frozen=True)
class Evaluation:
    notices: tuple[Notice, ...]
    current_steps: Mapping[str, int]  # instance -> step due now, for every due item


def dedupe_prefix(rule_key: str, instance: str) -> str:
    return f"{TEMPLATE_PREFIX}{rule_key}:{instance}:"


def parse_dedupe_key(rule_key: str, key: str) -> tuple[str, int, int] | None:
    """(instance, step, recipient) of an outbox dedupe key of this rule, or None."""
    prefix = f"{TEMPLATE_PREFIX}{rule_key}:"
    if not key.startswith(prefix):
        return None
    parts = key[len(prefix) :].rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return parts[0], int(parts[1]), int(parts[2])


def last_sent_steps(rule_key: str, keys: Iterable[str]) -> dict[tuple[str, int], int]:
    """The last step sent per (instance, recipient), from the rule's outbox dedupe keys."""
    result: dict[tuple[str, int], int] = {}
    for key in keys:
        parsed = parse_dedupe_key(rule_key, key)
        if parsed is None:
            continue
        instance, step, recipient = parsed
        result[(instance, recipient)] = max(step, result.get((instance, recipient), -1))
    return result


def schedule_for(rule: Rule, subject: Subject, calendar: WorkingCalendar) -> Schedule:
    """The due instants of ``subject`` under ``rule``."""
    if rule.watch is Watch.loading_near:
        floor = subject.not_before or subject.start
        first = first_due_before(calendar, subject.start, rule.hours, floor)
    else:
        first = first_due_after(calendar, subject.start, rule.hours)
        if subject.not_before is not None:
            first = max(first, calendar.next_working_instant(subject.not_before))
    repeat = timedelta(hours=rule.repeat_hours) if rule.repeat_hours else None
    return Schedule(calendar, first, repeat)


def evaluate(
    rule: Rule,
    subjects: Iterable[Subject],
    calendar: WorkingCalendar,
    now: datetime,
    *,
    sent: SentSteps,
    quiet: Mapping[int, QuietHours],
    grace: timedelta = LATE_GRACE,
) -> Evaluation:
    """The notices ``rule`` owes at ``now``; see the module docstring for the policy."""
    notices: list[Notice] = []
    current: dict[str, int] = {}
    for subject in subjects:
        schedule = schedule_for(rule, subject, calendar)
        step = schedule.current_step(now)
        if step is None:
            continue
        current[subject.instance] = step
        for recipient in dict.fromkeys(subject.recipients):
            notice = _notice(rule, subject, schedule, step, recipient, now, sent, quiet, grace)
            if notice is not None:
                notices.append(notice)
    return Evaluation(tuple(notices), current)


def _notice(
    rule: Rule,
    subject: Subject,
    schedule: Schedule,
    step: int,
    recipient: int,
    now: datetime,
    sent: SentSteps,
    quiet: Mapping[int, QuietHours],
    grace: timedelta,
) -> Notice | None:
    last = sent.get((subject.instance, recipient), -1)
    if last >= step:
        return None
    hush = None if rule.overrides_quiet else quiet.get(recipient)
    if hush is not None and hush.is_quiet(now):
        return None  # held back; a later scan sends it when the quiet hours end
    # Lateness counts from the first step this person has not had, after their quiet hours.
    owed_since = schedule.due(last + 1)
    if hush is not None:
        owed_since = hush.release(owed_since)
    late = is_late(owed_since, now, grace)
    due = schedule.due(step)
    zone = schedule.calendar.zone
    params = {
        **subject.params,
        "step": step,
        "late": late,
        "due": owed_since.astimezone(zone).strftime(DUE_FORMAT),
    }
    return Notice(
        rule_key=rule.key,
        instance=subject.instance,
        step=step,
        recipient=recipient,
        due_at=due,
        late=late,
        params=params,
        request_id=subject.request_id,
        purpose=subject.purpose,
    )
