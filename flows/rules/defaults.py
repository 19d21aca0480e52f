"""The default rules, as the issue describes them; the admin's edits are laid over these.

Each template is a Jinja source whose English text is the catalogue msgid, so the Russian
source is its translation in ``locales/ru/LC_MESSAGES/rules.po``. Templates are rendered with
HTML escaping; the variables each rule offers are listed in :data:`VARIABLES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from flows.enums import Level
from flows.errors import N_
from flows.rules.model import Recipient, Rule, Watch

_UNASSIGNED = N_(
    "Request <b>{{ number }}</b> has been waiting for an executor for {{ hours }} working h."
    "{% if emergency %} It is an emergency request.{% endif %} Assign an executor."
)
_LOADING_NEAR = N_(
    "Request <b>{{ number }}</b> loads on {{ loading_date }} and still has no executor. "
    "Assign one today."
)
_APPROVAL_REMINDER = N_(
    "Request <b>{{ number }}</b>: your decision on "
    "{% if kind == 'vetting' %}the counterparty check{% elif kind == 'change' %}the change"
    "{% else %}the winner{% endif %} has been waiting for {{ hours }} working h."
)
_APPROVAL_OVERDUE = N_(
    "Overdue: request <b>{{ number }}</b> has been waiting for your decision for "
    "{{ hours }} working h. Please decide now."
)
_APPROVAL_EXECUTOR = N_(
    "Request <b>{{ number }}</b>: the approval by {{ approver or tr(approver_role) }} has been "
    "pending for {{ hours }} working h; the approver has been reminded."
)
_BID_DEADLINE = N_(
    "Bids for request <b>{{ number }}</b> closed at {{ deadline }}: {{ bids }} received. "
    "Pick the winner."
)
_ARRIVAL_OVERDUE = N_(
    "Request <b>{{ number }}</b> was expected on {{ arrival }} but is not marked delivered. "
    "Record the delivery or agree a new date."
)
_DOCUMENTS = N_(
    "Closing documents are still missing for {{ count }} request(s): "
    "{{ numbers|join(', ') }}. {% if last_day %}Today is the last working day of the month."
    "{% else %}The month closes on {{ month_end }}.{% endif %}"
)
_SUMMARY = N_(
    "Summary for {{ month }}: {{ submitted }} requests submitted, {{ emergency }} of them "
    "emergency ({{ emergency_share }}%); {{ closed }} closed, {{ cancelled }} cancelled; "
    "{{ open }} open now."
)

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        key="unassigned",
        title=N_("A submitted request waits for an executor"),
        watch=Watch.unassigned,
        level=Level.urgent,
        recipients=(Recipient.head,),
        template=_UNASSIGNED,
        hours=1.0,
        repeat_hours=1.0,
    ),
    Rule(
        key="loading_near",
        title=N_("The loading date is near and there is no executor"),
        watch=Watch.loading_near,
        level=Level.urgent,
        recipients=(Recipient.head,),
        template=_LOADING_NEAR,
        hours=9.0,  # one working day of 09:00-18:00
    ),
    Rule(
        key="approval_reminder",
        title=N_("An approval is pending: reminder"),
        watch=Watch.approval_pending,
        level=Level.reminder,
        recipients=(Recipient.approver,),
        template=_APPROVAL_REMINDER,
        hours=4.0,
    ),
    Rule(
        key="approval_overdue",
        title=N_("An approval is pending: urgent"),
        watch=Watch.approval_pending,
        level=Level.urgent,
        recipients=(Recipient.approver,),
        template=_APPROVAL_OVERDUE,
        hours=8.0,
    ),
    Rule(
        key="approval_overdue_executor",
        title=N_("An approval is pending: the executor is told"),
        watch=Watch.approval_pending,
        level=Level.info,
        recipients=(Recipient.executor,),
        template=_APPROVAL_EXECUTOR,
        hours=8.0,
    ),
    Rule(
        key="bid_deadline",
        title=N_("The bid deadline is reached"),
        watch=Watch.bid_deadline,
        level=Level.reminder,
        recipients=(Recipient.executor,),
        template=_BID_DEADLINE,
    ),
    Rule(
        key="arrival_overdue",
        title=N_("The expected arrival passed without delivery"),
        watch=Watch.arrival_overdue,
        level=Level.urgent,
        recipients=(Recipient.executor,),
        template=_ARRIVAL_OVERDUE,
    ),
    Rule(
        key="documents_month_end",
        title=N_("Closing documents are missing at the month end"),
        watch=Watch.documents_month_end,
        level=Level.reminder,
        recipients=(Recipient.executor,),
        template=_DOCUMENTS,
    ),
    Rule(
        key="monthly_summary",
        title=N_("Monthly summary for management"),
        watch=Watch.monthly_summary,
        level=Level.info,
        recipients=(Recipient.executive_director, Recipient.head),
        template=_SUMMARY,
    ),
    Rule(
        key="tender_restarted",
        title=N_("The carrier refused or the tender restarted"),
        watch=Watch.event,
        level=Level.info,
        recipients=(Recipient.initiator, Recipient.executor, Recipient.project_manager),
        template=None,
        event_template="tender_restarted",
    ),
    Rule(
        key="request_cancelled",
        title=N_("The request was cancelled"),
        watch=Watch.event,
        level=Level.info,
        recipients=(Recipient.initiator, Recipient.executor),
        template=None,
        event_template="request_cancelled",
    ),
    Rule(
        key="winner_rejected",
        title=N_("The winner was rejected"),
        watch=Watch.event,
        level=Level.urgent,
        recipients=(Recipient.executor,),
        template=None,
        event_template="winner_rejected",
    ),
)

DEFAULTS_BY_KEY: Mapping[str, Rule] = MappingProxyType({r.key: r for r in DEFAULT_RULES})

# The variables each kind of rule passes to its template, with sample values for previews.
VARIABLES: Mapping[Watch, Mapping[str, Any]] = MappingProxyType(
    {
        Watch.unassigned: {"number": "Т-000123", "hours": 3, "emergency": True},
        Watch.loading_near: {"number": "Т-000123", "loading_date": "16.03.2026"},
        Watch.approval_pending: {
            "number": "Т-000123",
            "approval_id": 1,
            "hours": 4,
            "kind": "winner",
            "approver": "Петров П. П.",
            "approver_role": "project_manager",
        },
        Watch.bid_deadline: {"number": "Т-000123", "deadline": "16.03.2026 12:00", "bids": 3},
        Watch.arrival_overdue: {"number": "Т-000123", "arrival": "16.03.2026"},
        Watch.documents_month_end: {
            "numbers": ["Т-000123", "З-000045"],
            "count": 2,
            "last_day": False,
            "month_end": "31.03.2026",
        },
        Watch.monthly_summary: {
            "month": "02.2026",
            "submitted": 40,
            "emergency": 8,
            "emergency_share": 20,
            "closed": 35,
            "cancelled": 2,
            "open": 17,
        },
        Watch.event: {"number": "Т-000123", "reason": "<причина>"},
    }
)
