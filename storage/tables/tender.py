"""Tender and decisions: bids, approvals, change requests, closing documents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import Kopecks, UTCDateTime


class Bid(SQLModel, table=True):
    __tablename__ = "bids"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    counterparty_id: int = Field(foreign_key="counterparties.id")
    tender_round: int = 0
    price_kop: int = Field(sa_type=Kopecks)
    vat_included: bool = True
    terms: str | None = None
    delivery_date: date | None = None
    comment: str | None = None
    source: str = Field(default="manual", sa_type=String(16))  # manual | platform
    external_id: str | None = Field(default=None, max_length=64)
    refused: bool = False
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class Approval(SQLModel, table=True):
    """One decision someone must take; locked on its own so approvers do not block each other."""

    __tablename__ = "approvals"
    __table_args__ = (
        UniqueConstraint("request_id", "purpose", "round", "role", "change_id"),
        Index("ix_approvals_pending", "decision", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    purpose: str = Field(sa_type=String(16))  # winner | vetting | change
    round: int
    change_id: int = 0
    role: str = Field(sa_type=String(32))
    approver_id: int | None = Field(default=None, foreign_key="users.id")
    counterparty_id: int | None = Field(default=None, foreign_key="counterparties.id")
    rule: str | None = Field(default=None, max_length=64)
    budget_overrun: bool = False
    decision: str = Field(default="pending", sa_type=String(16))
    decided_by: int | None = Field(default=None, foreign_key="users.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    comment: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class ChangeRequest(SQLModel, table=True):
    __tablename__ = "change_requests"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    new_required_date: date | None = None
    new_amount_kop: int | None = Field(default=None, sa_type=Kopecks)
    over_budget: bool = False
    reason: str
    status: str = Field(default="pending", sa_type=String(16))
    created_by: int = Field(foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ClosingDocument(SQLModel, table=True):
    __tablename__ = "closing_documents"
    __table_args__ = (UniqueConstraint("request_id", "doc_type"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    doc_type: str = Field(sa_type=String(16))  # invoice | waybill | act
    received: bool = False
    attachment_id: int | None = Field(default=None, foreign_key="attachments.id")
    received_by: int | None = Field(default=None, foreign_key="users.id")
    received_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
