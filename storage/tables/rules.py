"""Notification rule settings, the leases that elect one scheduler, and the due-item indexes.

A ``rule_settings`` row holds the admin's edits of one rule; an empty column keeps the
default from the code. A ``leases`` row names the process that runs a singleton job (the
scheduler, the dispatcher) until ``expires_at``; another process takes it over once expired.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from storage.tables.requests import Request
from storage.types import JSONText, UTCDateTime


class RuleSetting(SQLModel, table=True):
    __tablename__ = "rule_settings"

    key: str = Field(primary_key=True, max_length=64)
    enabled: bool | None = None
    hours: float | None = None  # working hours; what they count depends on the rule
    repeat_hours: float | None = None  # 0 stops repeating
    level: str | None = Field(default=None, sa_type=String(16))
    recipients: Any = Field(
        default=None, sa_type=JSONText, nullable=True
    )  # list of recipient names
    quiet_override: bool | None = None
    templates: Any = Field(default=None, sa_type=JSONText, nullable=True)  # {locale: Jinja source}
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="users.id")


class Lease(SQLModel, table=True):
    __tablename__ = "leases"

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=200)
    acquired_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


# The rules' scans look up requests by status and a date; these keep each scan to the items
# that are due, whatever the number of requests. Declared here, beside the queries they serve.
_requests = Request.__table__  # type: ignore[attr-defined]
Index("ix_requests_status_loading", _requests.c.status, _requests.c.loading_date)
Index("ix_requests_status_bid_deadline", _requests.c.status, _requests.c.bid_deadline)
Index("ix_requests_status_arrival", _requests.c.status, _requests.c.expected_arrival)
