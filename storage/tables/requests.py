"""Requests and what they are made of: route points, cargo, items, attachments, templates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from storage.types import JSONText, Kopecks, UTCDateTime


class Request(SQLModel, table=True):
    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_status_submitted", "status", "submitted_at"),
        Index("ix_requests_executor_status", "executor_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=16, unique=True)
    kind: str = Field(sa_type=String(16))
    status: str = Field(default="draft", sa_type=String(32), index=True)
    version: int = 1
    initiator_id: int = Field(foreign_key="users.id", index=True)
    executor_id: int | None = Field(default=None, foreign_key="users.id")
    project_id: int | None = Field(default=None, foreign_key="projects.id", index=True)
    region_id: int | None = Field(default=None, foreign_key="regions.id")
    vehicle_type_id: int | None = Field(default=None, foreign_key="vehicle_types.id")
    loading_date: date | None = None
    required_date: date | None = None
    delivery_address: str | None = None
    estimated_cost_kop: int | None = Field(default=None, sa_type=Kopecks)
    amount_kop: int | None = Field(default=None, sa_type=Kopecks)  # agreed price
    comment: str | None = None

    is_emergency: bool | None = None
    emergency_lead_days: int | None = None
    emergency_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)

    bid_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tender_restarts: int = 0
    approval_round: int = 0
    winner_bid_id: int | None = None  # bids.id; no FK: bids reference requests
    single_source_reason: str | None = None
    budget_overrun: bool = False
    winner_rejection: str | None = None
    status_before_cancel: str | None = Field(default=None, sa_type=String(32))
    cancel_reason: str | None = None

    payment_ref: str | None = Field(default=None, max_length=100)
    dispatch_date: date | None = None
    expected_arrival: date | None = None
    receipt: str | None = Field(default=None, sa_type=String(16))
    receipt_comment: str | None = None

    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RoutePoint(SQLModel, table=True):
    __tablename__ = "route_points"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    seq: int
    kind: str = Field(sa_type=String(16))  # loading | unloading
    address: str
    region_id: int | None = Field(default=None, foreign_key="regions.id")


class Cargo(SQLModel, table=True):
    __tablename__ = "cargo"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", unique=True)
    description: str
    weight_kg: float | None = None
    length_m: float | None = None
    width_m: float | None = None
    height_m: float | None = None
    places: int | None = None
    oversize: bool = False
    heavy: bool = False


class RequestItem(SQLModel, table=True):
    __tablename__ = "request_items"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    seq: int
    name: str
    quantity: float
    unit: str = Field(max_length=32)
    spec: str | None = None


class Attachment(SQLModel, table=True):
    __tablename__ = "attachments"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    purpose: str = Field(default="request", sa_type=String(16))  # request|receipt|document
    doc_type: str | None = Field(default=None, sa_type=String(16))
    kind: str = Field(sa_type=String(16))  # photo | document
    file_id: str = Field(max_length=255)
    file_unique_id: str | None = Field(default=None, max_length=64)
    file_name: str | None = Field(default=None, max_length=255)
    uploaded_by: int = Field(foreign_key="users.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class RequestTemplate(SQLModel, table=True):
    __tablename__ = "request_templates"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True)
    kind: str = Field(sa_type=String(16))
    name: str = Field(max_length=100)
    payload: Any = Field(sa_type=JSONText)
    created_at: datetime = Field(sa_type=UTCDateTime)
