"""Telegram says no: 429 waits and keeps the row, 403 flags the person and reroutes urgent
messages, a row left ``sending`` is sent once more at most, and one process sends."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.outbox import OutboxDispatcher
from bot.pacer import Pacer
from flows.actor import ActorRef
from flows.enums import Level, OutboxStatus
from flows.errors import AccessDenied
from flows.reachability import reachable_again, unreachable_people
from jobs.leader import Leader
from storage.tables import Outbox
from tests.support.factories import Company, make_company
from tests.support.outbox import (
    ChatSender,
    blocked,
    outbox_rows,
    put,
    retry_after,
    row,
    update_user,
    user,
)

TTL = timedelta(seconds=60)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def co(session_factory) -> Company:  # type: ignore[no-untyped-def]
    return await make_company(session_factory)


@pytest.fixture
def sender() -> ChatSender:
    return ChatSender()


@pytest.fixture
def outbox(co: Company, sender: ChatSender) -> OutboxDispatcher:
    return OutboxDispatcher(co.deps, sender, leader=Leader(co.deps, "dispatcher", holder="a"))


def tg(co: Company, who: str) -> int:
    return co.users[who].tg_id


async def test_a_429_puts_the_row_back_for_retry_after_and_pauses_that_chat(
    co: Company, sender: ChatSender
) -> None:
    clock = FakeClock()
    outbox = OutboxDispatcher(co.deps, sender, pacer=Pacer(clock=clock, sleep=clock.sleep))
    first = await put(co, "executor", "request_paid")
    other = await put(co, "executor2", "request_paid")
    sender.failures[tg(co, "executor")] = [retry_after(7)]

    await outbox.run_once()

    waiting = await row(co, first)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.due_at == co.clock.now() + timedelta(seconds=7)
    assert "retry after 7" in (waiting.last_error or "")
    assert (await row(co, other)).status == "sent"
    assert outbox.pacer.planner.paused_until(tg(co, "executor")) == clock.now + 7

    co.clock.advance(timedelta(seconds=6))
    clock.now += 6
    await outbox.run_once()
    assert (await row(co, first)).status == "pending"  # not due, and the chat still paused
    co.clock.advance(timedelta(seconds=1))
    clock.now += 1
    await outbox.run_once()
    assert (await row(co, first)).status == "sent"


async def test_a_429_never_fails_a_row_however_often_it_comes(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    outbox_id = await put(co, "executor", "request_paid")
    sender.failures[tg(co, "executor")] = [retry_after(1) for _ in range(12)]

    for _ in range(13):
        await outbox.run_once()
        co.clock.advance(timedelta(seconds=1))

    sent = await row(co, outbox_id)
    assert (sent.status, sent.attempts, len(sender.sent[tg(co, "executor")])) == ("sent", 13, 1)


async def test_a_blocked_person_is_flagged_and_their_info_messages_fail(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    first = await put(co, "initiator", "request_paid")
    later = await put(co, "initiator", "request_closed")
    sender.failures[tg(co, "initiator")] = [blocked()]

    await outbox.run_once()  # Telegram refuses the first; the chat gets nothing more
    await outbox.run_once()  # the next is settled without asking Telegram

    person = await user(co, "initiator")
    assert person.unreachable and person.unreachable_since == co.clock.now()
    for outbox_id in (first, later):
        failed = await row(co, outbox_id)
        assert failed.status == "failed" and "blocked the bot" in (failed.last_error or "")
    assert sender.calls == 1  # the second row was not tried once Telegram refused the chat


async def test_an_urgent_message_for_a_blocked_person_goes_to_their_substitute(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    today = co.clock.now().date()
    await update_user(
        co,
        "executor",
        substitute_id=co.id("executor2"),
        substitute_from=today,
        substitute_to=today + timedelta(days=3),
    )
    sender.failures[tg(co, "executor")] = [blocked()]
    params = {"number": "Т-000005", "reason": "дорого"}
    outbox_id = await put(co, "executor", "winner_rejected", params, level=Level.urgent)

    await outbox.run_once()
    await outbox.run_once()

    original = await row(co, outbox_id)
    assert original.status == "cancelled" and "rerouted" in (original.last_error or "")
    [text] = sender.texts(tg(co, "executor2"))
    assert text.startswith("🔴 ↪️ Предназначалось: Executor — этот человек недоступен")
    assert "Т-000005" in text


async def test_without_a_substitute_urgent_goes_to_the_head_then_to_the_admins(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    expired = {"substitute_id": co.id("executor2"), "substitute_to": date(2020, 1, 1)}
    await update_user(co, "executor", unreachable=True, **expired)
    await update_user(co, "pm", unreachable=True)
    await put(co, "executor", "winner_rejected", level=Level.urgent)
    await put(co, "pm", "request_cancelled", {"number": "Т-2", "reason": ""}, level=Level.urgent)
    await put(co, "pm", "request_paid")

    for _ in range(2):
        await outbox.run_once()

    assert [len(sender.sent[tg(co, w)]) for w in ("head", "admin", "executor2")] == [1, 1, 0]
    assert "Предназначалось: Pm" in sender.texts(tg(co, "admin"))[0]
    statuses = sorted(r.status for r in await outbox_rows(co))
    assert statuses == ["cancelled", "cancelled", "failed", "sent", "sent"]


async def test_a_rerouted_approval_keeps_its_buttons_for_a_substitute_only(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    await update_user(co, "pm", unreachable=True, substitute_id=co.id("pm2"))
    await update_user(co, "director", unreachable=True)
    params = {"number": "Т-3", "approval_id": 11}
    for who in ("pm", "director"):
        await put(co, who, "approval_winner", params, level=Level.urgent, purpose="approval:11")

    await outbox.run_once()  # the originals are rerouted
    await outbox.run_once()  # the copies go out

    [to_substitute] = sender.sent[tg(co, "pm2")]
    [to_admin] = sender.sent[tg(co, "admin")]
    assert to_substitute.keyboard is not None and to_admin.keyboard is None
    async with co.deps.uow() as uow:
        copies = (await uow.session.exec(select(Outbox).where(Outbox.status == "sent"))).all()
    assert {c.purpose for c in copies} == {"approval:11"}


async def test_writing_to_the_bot_again_makes_a_person_reachable(co: Company) -> None:
    await update_user(co, "initiator", unreachable=True, unreachable_since=co.clock.now())

    listed = await unreachable_people(co.deps, co.ref("admin"))
    assert [p.user_id for p in listed] == [co.id("initiator")]
    with pytest.raises(AccessDenied):
        await unreachable_people(co.deps, co.ref("executor"))

    assert await reachable_again(co.deps, tg(co, "initiator")) is True
    assert await reachable_again(co.deps, tg(co, "initiator")) is False
    assert (await user(co, "initiator")).unreachable is False
    assert await unreachable_people(co.deps, ActorRef.telegram(tg(co, "admin"))) == []


async def stick(co: Company, outbox_id: int, *, resent: bool = False) -> None:
    async with co.deps.uow() as uow:
        stuck = await uow.session.get(Outbox, outbox_id)
        assert stuck is not None
        stuck.status, stuck.sending_at = OutboxStatus.sending.value, co.clock.now()
        stuck.resent_at = co.clock.now() if resent else None
        uow.session.add(stuck)
        await uow.commit()


async def test_a_row_left_sending_is_logged_as_possibly_sent_and_sent_once_more(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher, caplog: pytest.LogCaptureFixture
) -> None:
    outbox_id = await put(co, "executor", "request_paid")
    await stick(co, outbox_id)

    await outbox.run_once()
    assert sender.calls == 0
    co.clock.advance(timedelta(minutes=5, seconds=1))
    with caplog.at_level(logging.WARNING, logger="flows.delivery_checks"):
        await outbox.run_once()

    resent = await row(co, outbox_id)
    assert (resent.status, resent.resent_at) == ("sent", co.clock.now())
    assert any("possibly sent" in r.getMessage() for r in caplog.records)
    assert sender.calls == 1


async def test_a_row_left_sending_a_second_time_is_not_sent_again(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    outbox_id = await put(co, "executor", "request_paid")
    await stick(co, outbox_id, resent=True)
    co.clock.advance(timedelta(minutes=6))

    await outbox.run_once()

    failed = await row(co, outbox_id)
    assert failed.status == "failed" and "possibly sent" in (failed.last_error or "")
    assert sender.calls == 0


async def test_only_the_lease_holder_sends_and_the_other_takes_over_when_it_lapses(
    co: Company, sender: ChatSender, outbox: OutboxDispatcher
) -> None:
    second_sender = ChatSender()
    second = OutboxDispatcher(
        co.deps, second_sender, leader=Leader(co.deps, "dispatcher", holder="b", ttl=TTL)
    )
    await put(co, "executor", "request_paid")

    assert await outbox.run_once() == 1
    assert await second.run_once() == 0

    await put(co, "executor2", "request_paid")
    co.clock.advance(timedelta(seconds=30))
    assert await second.run_once() == 0
    assert await outbox.run_once() == 1  # and renews its lease for another minute

    # The leader dies: nothing renews its lease, and after its term the follower sends.
    await put(co, "head", "request_paid")
    co.clock.advance(TTL - timedelta(seconds=1))
    assert await second.run_once() == 0
    co.clock.advance(TTL / 4)  # a follower asks a quarter term after it was refused
    assert await second.run_once() == 1
    assert (sender.calls, second_sender.calls) == (2, 1)
    assert {r.status for r in await outbox_rows(co)} == {"sent"}
