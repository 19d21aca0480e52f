"""People: users, their roles, access requests."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    tg_id: int = Field(sa_type=BigInteger, unique=True, index=True)
    full_name: str = Field(max_length=200)
    position: str = Field(default="", max_length=200)
    username: str | None = Field(default=None, max_length=64)
    department: str | None = Field(default=None, sa_type=String(32))
    is_active: bool = True
    substitute_id: int | None = Field(default=None, foreign_key="users.id")
    substitute_from: date | None = None
    substitute_to: date | None = None
    tz: str | None = Field(default=None, max_length=64)
    quiet_start: time | None = None
    quiet_end: time | None = None
    locale: str = Field(default="ru", max_length=8)
    unreachable: bool = False
    unreachable_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class UserRole(SQLModel, table=True):
    __tablename__ = "user_roles"

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    role: str = Field(sa_type=String(32), primary_key=True)


class AccessRequest(SQLModel, table=True):
    __tablename__ = "access_requests"
    __table_args__ = (UniqueConstraint("tg_id", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    tg_id: int = Field(sa_type=BigInteger, index=True)
    full_name: str = Field(max_length=200)
    position: str = Field(default="", max_length=200)
    username: str | None = Field(default=None, max_length=64)
    status: str = Field(default="pending", sa_type=String(16), index=True)
    requested_roles: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, foreign_key="users.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    comment: str | None = None
