"""Helpers for the delivery tests: rows written straight to the outbox, people's settings,
and a sender that records what it sent and fails on cue, per chat."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMessage
from sqlmodel import col, select

from bot.render import Rendered
from flows.enums import Level
from flows.outbox import enqueue
from storage.tables import Outbox, User
from tests.support.factories import Company

METHOD = SendMessage(chat_id=1, text="x")
BLOCKED = "Forbidden: bot was blocked by the user"


def blocked() -> TelegramForbiddenError:
    return TelegramForbiddenError(METHOD, BLOCKED)


def retry_after(seconds: int) -> TelegramRetryAfter:
    return TelegramRetryAfter(METHOD, f"Too Many Requests: retry after {seconds}", seconds)


async def put(
    co: Company,
    who: str,
    template: str,
    params: dict[str, Any] | None = None,
    *,
    level: Level = Level.info,
    purpose: str | None = None,
) -> int:
    """One outbox row for ``who``, due now; returns its id."""
    async with co.deps.uow() as uow:
        await enqueue(
            uow,
            now=co.clock.now(),
            recipients=[co.id(who)],
            template=template,
            params=params or {"number": "Т-000001"},
            level=level,
            purpose=purpose,
        )
        await uow.commit()
        query = select(Outbox).order_by(col(Outbox.id).desc())
        row = (await uow.session.exec(query)).first()
    assert row is not None and row.id is not None
    return row.id


async def outbox_rows(co: Company) -> list[Outbox]:
    async with co.deps.uow() as uow:
        return list((await uow.session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


async def row(co: Company, outbox_id: int) -> Outbox:
    async with co.deps.uow() as uow:
        found = await uow.session.get(Outbox, outbox_id)
    assert found is not None
    return found


async def update_user(co: Company, who: str, **fields: Any) -> User:
    async with co.deps.uow() as uow:
        user = await uow.people.get(co.id(who))
        assert user is not None
        for name, value in fields.items():
            setattr(user, name, value)
        uow.session.add(user)
        await uow.commit()
    return user


async def user(co: Company, who: str) -> User:
    async with co.deps.uow() as uow:
        found = await uow.people.get(co.id(who))
    assert found is not None
    return found


class ChatSender:
    """Records sends per chat; ``failures[chat_id]`` are raised first, in order."""

    def __init__(self) -> None:
        self.sent: dict[int, list[Rendered]] = defaultdict(list)
        self.failures: dict[int, list[Exception]] = defaultdict(list)
        self.calls = 0

    async def send(self, chat_id: int, rendered: Rendered) -> int:
        self.calls += 1
        if self.failures[chat_id]:
            raise self.failures[chat_id].pop(0)
        self.sent[chat_id].append(rendered)
        return 900 + self.calls

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        return None

    def texts(self, chat_id: int) -> list[str]:
        return [r.text for r in self.sent[chat_id]]
