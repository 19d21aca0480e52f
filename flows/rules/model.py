"""Notification rules as values: what triggers them, who hears, how loud, how often.

A rule is a default from :mod:`flows.rules.defaults` with the admin's edits laid over it
(a ``rule_settings`` row; an empty column keeps the default). Thresholds and repeats are in
working hours of the company calendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from flows.enums import Level

TEMPLATE_PREFIX = "rule:"


class TriggerKind(StrEnum):
    """What starts the clock of a rule."""

    elapsed = "elapsed"  # a status or a pending decision, plus working time since it began
    date = "date"  # a date field of the request (loading date, bid deadline, arrival)
    calendar = "calendar"  # a day of the company calendar (month end, first working day)
    event = "event"  # a business event; the service that causes it writes the message


class Watch(StrEnum):
    """Which items a rule looks at; each has one indexed query in the rules repository."""

    unassigned = "unassigned"
    loading_near = "loading_near"
    approval_pending = "approval_pending"
    bid_deadline = "bid_deadline"
    arrival_overdue = "arrival_overdue"
    documents_month_end = "documents_month_end"
    monthly_summary = "monthly_summary"
    event = "event"


TRIGGER_OF: Mapping[Watch, TriggerKind] = MappingProxyType(
    {
        Watch.unassigned: TriggerKind.elapsed,
        Watch.approval_pending: TriggerKind.elapsed,
        Watch.loading_near: TriggerKind.date,
        Watch.bid_deadline: TriggerKind.date,
        Watch.arrival_overdue: TriggerKind.date,
        Watch.documents_month_end: TriggerKind.calendar,
        Watch.monthly_summary: TriggerKind.calendar,
        Watch.event: TriggerKind.event,
    }
)

# What the threshold ``hours`` means for each watch, for the admin's screens.
HOURS_MEANING: Mapping[Watch, str] = MappingProxyType(
    {
        Watch.unassigned: "working hours after submission",
        Watch.approval_pending: "working hours after the approval was requested",
        Watch.loading_near: "working hours before the start of the loading day",
        Watch.bid_deadline: "working hours after the bid deadline",
        Watch.arrival_overdue: "working hours after the expected arrival day ends",
        Watch.documents_month_end: "working hours after the start of the day",
        Watch.monthly_summary: "working hours after the start of the day",
        Watch.event: "not used",
    }
)


class Recipient(StrEnum):
    """Who hears, relative to the item: people of the request, or holders of a role."""

    head = "head"  # heads of the request's department (all heads for company-wide rules)
    executor = "executor"
    initiator = "initiator"
    project_manager = "project_manager"
    approver = "approver"  # the person a pending approval waits for
    executive_director = "executive_director"
    admin = "admin"


# Relative recipients need an item to be relative to; calendar rules speak to roles.
ALLOWED_RECIPIENTS: Mapping[Watch, frozenset[Recipient]] = MappingProxyType(
    {
        Watch.unassigned: frozenset(Recipient) - {Recipient.approver, Recipient.executor},
        Watch.loading_near: frozenset(Recipient) - {Recipient.approver, Recipient.executor},
        Watch.approval_pending: frozenset(Recipient),
        Watch.bid_deadline: frozenset(Recipient) - {Recipient.approver},
        Watch.arrival_overdue: frozenset(Recipient) - {Recipient.approver},
        Watch.documents_month_end: frozenset({Recipient.executor}),
        Watch.monthly_summary: frozenset(
            {Recipient.head, Recipient.executive_director, Recipient.admin}
        ),
        Watch.event: frozenset(Recipient),
    }
)


@dataclass(frozen=True)
class Rule:
    """One effective rule. ``template`` is the default Jinja source (an English catalogue
    msgid); ``templates`` are the admin's sources by locale, which win over it."""

    key: str
    title: str
    watch: Watch
    level: Level
    recipients: tuple[Recipient, ...]
    template: str | None
    hours: float = 0.0
    repeat_hours: float | None = None
    quiet_override: bool = False
    enabled: bool = True
    templates: Mapping[str, str] = field(default_factory=dict)
    # For event rules: the outbox template key the services write.
    event_template: str | None = None

    @property
    def trigger(self) -> TriggerKind:
        return TRIGGER_OF[self.watch]

    @property
    def template_key(self) -> str:
        """The outbox template key of this rule's messages."""
        return self.event_template or f"{TEMPLATE_PREFIX}{self.key}"

    @property
    def overrides_quiet(self) -> bool:
        """Only urgent messages may break quiet hours, and only where the rule says so."""
        return self.quiet_override and self.level is Level.urgent


@dataclass(frozen=True)
class RuleEdits:
    """The admin's changes to one rule; ``None`` keeps the default, a repeat of 0 stops it."""

    enabled: bool | None = None
    hours: float | None = None
    repeat_hours: float | None = None
    level: Level | None = None
    recipients: tuple[Recipient, ...] | None = None
    quiet_override: bool | None = None
    templates: Mapping[str, str] = field(default_factory=dict)


def apply_edits(rule: Rule, edits: RuleEdits) -> Rule:
    """The rule with the admin's changes laid over the default."""
    changes: dict[str, Any] = {
        name: getattr(edits, name)
        for name in ("enabled", "hours", "level", "recipients", "quiet_override")
        if getattr(edits, name) is not None
    }
    if edits.repeat_hours is not None:
        changes["repeat_hours"] = edits.repeat_hours or None
    if edits.templates:
        changes["templates"] = MappingProxyType(dict(edits.templates))
    return replace(rule, **changes)
