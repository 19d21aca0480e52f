"""Admin edits over the default rules, and the settings that cannot work."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.enums import Level
from flows.errors import InvalidInput
from flows.rules.defaults import DEFAULT_RULES, DEFAULTS_BY_KEY
from flows.rules.model import Recipient, RuleEdits, TriggerKind, apply_edits
from flows.rules.settings import validate


def test_every_default_rule_is_valid_and_keys_are_unique():
    for rule in DEFAULT_RULES:
        validate(rule)
    assert len(DEFAULTS_BY_KEY) == len(DEFAULT_RULES)


def test_default_rules_match_the_issue():
    rules = DEFAULTS_BY_KEY
    assert (rules["unassigned"].hours, rules["unassigned"].repeat_hours) == (1.0, 1.0)
    assert rules["unassigned"].level is Level.urgent
    assert rules["unassigned"].recipients == (Recipient.head,)
    assert (rules["approval_reminder"].hours, rules["approval_reminder"].level) == (
        4.0,
        Level.reminder,
    )
    assert (rules["approval_overdue"].hours, rules["approval_overdue"].level) == (
        8.0,
        Level.urgent,
    )
    assert rules["approval_overdue_executor"].recipients == (Recipient.executor,)
    assert rules["monthly_summary"].trigger is TriggerKind.calendar
    assert {r.event_template for r in DEFAULT_RULES if r.event_template} == {
        "tender_restarted",
        "request_cancelled",
        "winner_rejected",
    }


def test_edits_replace_only_what_they_name():
    rule = DEFAULTS_BY_KEY["unassigned"]
    edited = apply_edits(rule, RuleEdits(hours=2.0, templates={"ru": "x"}))
    assert (edited.hours, edited.repeat_hours, edited.level) == (2.0, 1.0, Level.urgent)
    assert dict(edited.templates) == {"ru": "x"}


def test_a_repeat_of_zero_stops_repeating():
    edited = apply_edits(DEFAULTS_BY_KEY["unassigned"], RuleEdits(repeat_hours=0.0))
    assert edited.repeat_hours is None


@pytest.mark.parametrize(
    ("key", "changes"),
    [
        ("unassigned", {"hours": -1.0}),
        ("unassigned", {"recipients": ()}),
        ("unassigned", {"recipients": (Recipient.approver,)}),
        ("approval_reminder", {"quiet_override": True}),
        ("monthly_summary", {"repeat_hours": 1.0}),
        ("documents_month_end", {"recipients": (Recipient.head,)}),
        ("unassigned", {"templates": {"de": "x"}}),
        ("unassigned", {"templates": {"ru": "{% if %}"}}),
    ],
)
def test_settings_that_cannot_work_are_refused(key: str, changes: dict):
    with pytest.raises(InvalidInput):
        validate(replace(DEFAULTS_BY_KEY[key], **changes))


def test_an_urgent_rule_may_break_quiet_hours():
    rule = replace(DEFAULTS_BY_KEY["approval_overdue"], quiet_override=True)
    validate(rule)
    assert rule.overrides_quiet
