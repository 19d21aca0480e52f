"""Reference data: regions, projects, counterparties, vehicle types, units, key-value settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from storage.types import JSONText, UTCDateTime


class Region(SQLModel, table=True):
    __tablename__ = "regions"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)


class Project(SQLModel, table=True):
    __tablename__ = "projects"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=300)
    region_id: int | None = Field(default=None, foreign_key="regions.id")
    manager_id: int | None = Field(default=None, foreign_key="users.id")
    is_active: bool = True


class Counterparty(SQLModel, table=True):
    __tablename__ = "counterparties"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    inn: str | None = Field(default=None, max_length=12, index=True)
    kpp: str | None = Field(default=None, max_length=9)
    kind: str = Field(sa_type=String(16))
    security_status: str = Field(default="unchecked", sa_type=String(16))
    security_reason: str | None = None
    security_valid_until: date | None = None
    security_decided_by: int | None = Field(default=None, foreign_key="users.id")
    security_decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    onec_ref: str | None = Field(default=None, max_length=64, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class VehicleType(SQLModel, table=True):
    __tablename__ = "vehicle_types"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    is_active: bool = True


class Unit(SQLModel, table=True):
    __tablename__ = "units"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=32, unique=True)


class Setting(SQLModel, table=True):
    """Admin-editable settings: lead times, working hours, calendar overrides, rules."""

    __tablename__ = "settings"

    key: str = Field(primary_key=True, max_length=100)
    value: Any = Field(sa_type=JSONText)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: int | None = Field(default=None, foreign_key="users.id")


class Counter(SQLModel, table=True):
    """Named counters for the numbers people see (Т-000123, З-000045)."""

    __tablename__ = "counters"

    name: str = Field(primary_key=True, max_length=32)
    value: int = 0
