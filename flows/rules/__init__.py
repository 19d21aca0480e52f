"""Notification rules: reminders and escalations timed on the company's working calendar.

``model`` holds the rule values, ``defaults`` the rules as shipped, ``timing`` and
``evaluate`` the pure decision of what is due, ``sources`` and ``calendar_sources`` the
indexed reads that feed it (over one ``context`` per scan), ``runner`` one rule's
transaction, ``settings`` the admin's edits and ``templates`` the Jinja rendering that the
outbox dispatcher calls for ``rule:*`` messages.
"""

from flows.rules.model import Recipient, Rule, RuleEdits, TriggerKind, Watch
from flows.rules.templates import render_event, render_rule

__all__ = [
    "Recipient",
    "Rule",
    "RuleEdits",
    "TriggerKind",
    "Watch",
    "render_event",
    "render_rule",
]
