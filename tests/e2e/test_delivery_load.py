"""300 notifications to 40 people through the sandbox Bot API over HTTP, with 429s and a
person who blocked the bot: nothing lost, nothing twice, and never faster than Telegram allows.

The dispatcher paces on Telegram's limits with the time unit halved (60 messages a second
overall, two a second per chat), so the test takes seconds and the limits still bind. The
pacer's own record of sends (on its injected clock) is checked against those limits, and the
sandbox's chats against the outbox rows.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from sqlmodel import col, select

from bot.outbox import OutboxDispatcher
from bot.pacer import Pacer
from bot.sender import BotSender
from flows.enums import Level, Role
from flows.outbox import enqueue
from flows.pacing import TELEGRAM_LIMITS
from flows.services.context import Deps
from jobs.leader import Leader
from sandbox.botapi import BotApiSandbox
from storage.tables import Outbox, User
from tests.support.factories import Company, add_user, make_company
from tests.support.outbox import update_user
from tests.support.pacing import over_limit

pytestmark = pytest.mark.e2e

PEOPLE, MESSAGES = 40, 300
LIMITS = TELEGRAM_LIMITS.scaled(0.5)
WITHIN = 90.0


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(host="127.0.0.1", port=0) as running:
        yield running


@pytest.fixture
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    real_bot = Bot(
        sandbox.token,
        session=AiohttpSession(api=sandbox.api_server),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    yield real_bot
    await real_bot.session.close()


async def forty_people(co: Company) -> list[User]:
    async with co.deps.uow() as uow:
        for n in range(PEOPLE - len(co.users)):
            name = f"executor{n + 3}"
            co.users[name] = await add_user(uow, name, (Role.executor,), None, co.clock.now())
        await uow.commit()
    return list(co.users.values())


async def write_rows(co: Company, people: list[User], blocked: User) -> None:
    """Row i goes to person i % 40; the blocked person's rows alternate info and urgent."""
    async with co.deps.uow() as uow:
        for i in range(MESSAGES):
            person = people[i % PEOPLE]
            urgent = person.id == blocked.id and i % (2 * PEOPLE) == 0
            await enqueue(
                uow,
                now=co.clock.now(),
                recipients=[person.id],
                template="winner_rejected" if urgent else "request_paid",
                params={"number": f"N-{i:03d}", "reason": ""},
                level=Level.urgent if urgent else Level.info,
            )
        await uow.commit()


async def deliver_all(dispatcher: OutboxDispatcher, deps: Deps) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WITHIN
    while loop.time() < deadline:
        handled = await dispatcher.run_once()
        async with deps.uow() as uow:
            waiting = (
                await uow.session.exec(
                    select(Outbox).where(col(Outbox.status).in_(["pending", "sending"]))
                )
            ).all()
        if not waiting:
            return
        if handled == 0:
            await asyncio.sleep(0.1)
    raise AssertionError("the outbox did not drain in time")


async def test_three_hundred_notifications_arrive_once_each_at_telegrams_pace(
    session_factory, sandbox: BotApiSandbox, bot: Bot
) -> None:
    co = await make_company(session_factory)
    people = await forty_people(co)
    blocked, substitute = co.users["initiator"], co.users["pm"]
    await update_user(co, "initiator", substitute_id=substitute.id)
    for person in people:
        await sandbox.client.register_user(person.tg_id, person.full_name)
    await sandbox.client.block_chat(blocked.tg_id)
    await write_rows(co, people, blocked)
    await sandbox.client.inject_retry_after(1, count=3)  # the bot as a whole is too fast
    await sandbox.client.inject_retry_after(2, count=2, chat_id=people[7].tg_id)

    sends: list[tuple[int, float]] = []
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(seconds)

    def sent(chat: int, at: float) -> None:
        sends.append((chat, at))

    pacer = Pacer(LIMITS, clock=time.monotonic, sleep=sleep, on_send=sent)
    deps = Deps(uow=co.deps.uow)  # the real clock: a 429's wait is waited for real
    sender = BotSender(bot)
    dispatcher = OutboxDispatcher(
        deps,
        sender,
        batch_size=30,
        leader=Leader(deps, "dispatcher", holder="load-test"),
        pacer=pacer,
        max_in_flight=8,
    )
    started = time.monotonic()
    await deliver_all(dispatcher, deps)
    elapsed = time.monotonic() - started

    async with co.deps.uow() as uow:
        rows = (await uow.session.exec(select(Outbox).order_by(col(Outbox.id)))).all()
        flagged = await uow.people.get(blocked.id)
    statuses = Counter(r.status for r in rows)
    rerouted = [r for r in rows if r.params.get("meant_for")]
    assert statuses == {"sent": MESSAGES - 8 + 4, "failed": 4, "cancelled": 4}
    assert len(rerouted) == 4 and {r.recipient_id for r in rerouted} == {substitute.id}
    assert flagged is not None and flagged.unreachable

    # Every sent row is in its recipient's chat exactly once; nothing else was delivered.
    seen: Counter[tuple[int, str]] = Counter()
    for person in people:
        for message in await sandbox.client.messages(person.tg_id):
            if message.from_bot:
                seen[(person.tg_id, message.text.split("N-")[1][:3])] += 1
    by_id = {p.id: p.tg_id for p in people}
    expected = Counter(
        (by_id[r.recipient_id], r.params["number"][2:]) for r in rows if r.status == "sent"
    )
    assert seen == expected and max(seen.values()) == 1
    assert not any(chat == blocked.tg_id for chat, _ in seen)

    calls = await sandbox.client.calls("sendMessage")
    refused = Counter(c.status for c in calls if not c.ok)
    assert refused == {429: 5, 403: 1}
    assert sum(r.attempts for r in rows) == len(calls)  # each call counted on its row
    assert over_limit(sends, LIMITS) == []
    assert len(sends) == len(calls)
    assert waits and elapsed < 60  # the limits held sends back, and the burst was spread
