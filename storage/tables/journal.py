"""The append-only transition log, the notification outbox and the sent-message register."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, String
from sqlmodel import Field, SQLModel

from storage.types import JSONText, UTCDateTime


class TransitionLog(SQLModel, table=True):
    __tablename__ = "transition_log"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="requests.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    actor_name: str = Field(max_length=200)
    role: str = Field(sa_type=String(32))
    action: str = Field(sa_type=String(32))
    from_status: str | None = Field(default=None, sa_type=String(32))
    to_status: str = Field(sa_type=String(32))
    comment: str | None = None
    source: str = Field(sa_type=String(16))
    rule: str | None = Field(default=None, max_length=64)


class Outbox(SQLModel, table=True):
    """A message to send; written in the transaction of the change that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    recipient_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)
    request_id: int | None = Field(default=None, foreign_key="requests.id", index=True)
    template: str = Field(max_length=64)
    params: Any = Field(default=None, sa_type=JSONText)
    level: str = Field(default="info", sa_type=String(16))
    purpose: str | None = Field(default=None, max_length=64)
    status: str = Field(default="pending", sa_type=String(16))
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    sending_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set when a row left ``sending`` by a stopped sender was taken again: it may have
    # reached Telegram already, so it is sent once more at most.
    resent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SentMessage(SQLModel, table=True):
    """Where a message went, so a later decision can edit its buttons away everywhere."""

    __tablename__ = "sent_messages"
    __table_args__ = (Index("ix_sent_purpose", "purpose", "active"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int
    request_id: int | None = Field(default=None, foreign_key="requests.id", index=True)
    purpose: str = Field(max_length=64)
    outbox_id: int | None = Field(default=None, foreign_key="outbox.id")
    active: bool = True
    sent_at: datetime = Field(sa_type=UTCDateTime)
