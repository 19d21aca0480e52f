"""aiogram FSM storage on the project database.

Conversation state (aiogram FSM state and data, and the dialog stacks and contexts that
aiogram-dialog keeps under destiny keys) lives in the ``chat_state`` table, so a restarted
bot carries on where each chat left off. Every call is one short transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import Update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables.chat_state import CHAT_STATE_KEY_LENGTH, ChatState

logger = logging.getLogger(__name__)

EMPTY_DATA = "{}"

# Plain JSON loses these types; they travel as {"$type": tag, "value": text} and come back.
# datetime precedes date because it is a subclass of it.
_TYPE_TAG = "$type"
_TAGGED: tuple[tuple[type, str, Callable[[str], Any]], ...] = (
    (datetime, "datetime", datetime.fromisoformat),
    (date, "date", date.fromisoformat),
    (time, "time", time.fromisoformat),
    (Decimal, "decimal", Decimal),
    (UUID, "uuid", UUID),
)
_PARSERS = {tag: parse for _, tag, parse in _TAGGED}

DialectInsert = postgresql.Insert | sqlite.Insert
_INSERTS: dict[str, Callable[[type[ChatState]], DialectInsert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def resolve_state(value: StateType) -> str | None:
    """The state name aiogram stores for a State object or a plain string."""
    if value is None:
        return None
    if isinstance(value, State):
        return value.state
    return str(value)


def encode_data(data: Mapping[str, Any]) -> str:
    """Serialize FSM data to JSON; raises TypeError for values JSON cannot carry."""
    return json.dumps(data, default=_encode_value, ensure_ascii=False, separators=(",", ":"))


def decode_data(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    decoded: dict[str, Any] = json.loads(raw, object_hook=_decode_object)
    return decoded


def _encode_value(value: Any) -> dict[str, str]:
    for kind, tag, _ in _TAGGED:
        if isinstance(value, kind):
            text = value.isoformat() if isinstance(value, date | time) else str(value)
            return {_TYPE_TAG: tag, "value": text}
    raise TypeError(f"{type(value).__name__} cannot be kept in chat state")


def _decode_object(obj: dict[str, Any]) -> Any:
    tag, value = obj.get(_TYPE_TAG), obj.get("value")
    if len(obj) != 2 or not isinstance(tag, str) or not isinstance(value, str):
        return obj
    parse = _PARSERS.get(tag)
    return obj if parse is None else parse(value)


class SqlStorage(BaseStorage):
    """aiogram storage keeping state and data in the ``chat_state`` table.

    Works on PostgreSQL and SQLite. ``set_data`` and ``update_data`` raise TypeError when
    the data holds a value JSON cannot carry (date, datetime, time, Decimal and UUID are
    supported), and ValueError when a built key is longer than the key column.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self._sessions = sessions
        self._key_builder = key_builder or DefaultKeyBuilder(
            with_bot_id=True,
            with_business_connection_id=True,
            with_destiny=True,
        )

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        row_key = self._row_key(key)
        value = resolve_state(state)
        async with self._sessions.begin() as session:
            if value is None:
                await self._clear(session, row_key, state=None)
            else:
                await session.exec(self._upsert(session, row_key, state=value))

    async def get_state(self, key: StorageKey) -> str | None:
        query = select(ChatState.state).where(ChatState.key == self._row_key(key))
        async with self._sessions() as session:
            return (await session.exec(query)).first()

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        row_key = self._row_key(key)
        encoded = encode_data(data)
        async with self._sessions.begin() as session:
            if not data:
                await self._clear(session, row_key, data=EMPTY_DATA)
            else:
                await session.exec(self._upsert(session, row_key, data=encoded))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        query = select(ChatState.data).where(ChatState.key == self._row_key(key))
        async with self._sessions() as session:
            return decode_data((await session.exec(query)).first())

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge ``data`` into the stored data like ``dict.update``, atomically."""
        row_key = self._row_key(key)
        async with self._sessions.begin() as session:
            # A missing row cannot be locked, so make sure it exists first; otherwise two
            # concurrent first updates could both merge into {} and one would be lost.
            claim = self._insert(session, row_key, data=EMPTY_DATA).on_conflict_do_nothing()
            await session.exec(claim)
            locked = select(ChatState.data).where(ChatState.key == row_key).with_for_update()
            merged = decode_data((await session.exec(locked)).first())
            merged.update(data)
            if merged:
                await session.exec(self._update(row_key, data=encode_data(merged)))
            else:
                await self._clear(session, row_key, data=EMPTY_DATA)
        return merged.copy()

    async def close(self) -> None:
        """Nothing to release: the engine belongs to whoever made the session factory."""

    def _row_key(self, key: StorageKey) -> str:
        row_key = self._key_builder.build(key)
        if len(row_key) > CHAT_STATE_KEY_LENGTH:
            raise ValueError(f"FSM key longer than {CHAT_STATE_KEY_LENGTH} characters")
        return row_key

    def _insert(self, session: AsyncSession, row_key: str, **values: str) -> DialectInsert:
        dialect = session.get_bind().dialect.name
        try:
            insert = _INSERTS[dialect]
        except KeyError:
            raise NotImplementedError(f"SqlStorage does not support {dialect}") from None
        row = {"key": row_key, "data": EMPTY_DATA, **values, "updated_at": datetime.now(UTC)}
        return insert(ChatState).values(**row)

    def _upsert(self, session: AsyncSession, row_key: str, **values: str) -> DialectInsert:
        insert = self._insert(session, row_key, **values)
        changed = {name: insert.excluded[name] for name in (*values, "updated_at")}
        return insert.on_conflict_do_update(index_elements=[ChatState.key], set_=changed)

    @staticmethod
    def _update(row_key: str, **values: str | None) -> Update:
        return (
            update(ChatState)
            .where(col(ChatState.key) == row_key)
            .values(**values, updated_at=datetime.now(UTC))
        )

    async def _clear(self, session: AsyncSession, row_key: str, **values: str | None) -> None:
        """Blank one part of the record, and drop the row once nothing is left in it."""
        await session.exec(self._update(row_key, **values))
        await session.exec(
            delete(ChatState).where(
                col(ChatState.key) == row_key,
                col(ChatState.state).is_(None),
                col(ChatState.data) == EMPTY_DATA,
            )
        )
