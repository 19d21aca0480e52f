"""Conversation state of the bot: aiogram FSM state and data, aiogram-dialog stacks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

CHAT_STATE_KEY_LENGTH = 255


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ChatState(SQLModel, table=True):
    """One FSM record: the state and data stored under one aiogram storage key.

    ``key`` is the string aiogram's key builder makes from bot, business connection, chat,
    thread, user and destiny; ``data`` is a JSON object.
    """

    __tablename__ = "chat_state"

    key: str = Field(primary_key=True, max_length=CHAT_STATE_KEY_LENGTH)
    state: str | None = Field(default=None, sa_type=Text)
    data: str = Field(default="{}", sa_type=Text)
    updated_at: datetime = Field(default_factory=_utc_now, sa_type=UTCDateTime)
