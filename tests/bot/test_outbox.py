"""The outbox dispatcher: claim, send, record; retry with backoff; stop cleanly; retire."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.methods import SendMessage
from sqlmodel import col, select

from bot.outbox import OutboxDispatcher, retire_buttons
from bot.render import Rendered
from flows.enums import OutboxStatus, Role
from flows.services.access import ask_access, ensure_admins, set_roles
from storage.tables import Outbox, SentMessage
from tests.support.factories import Company, make_company

NEWCOMER = 6_000_001
METHOD = SendMessage(chat_id=1, text="x")


class FakeSender:
    """Records sends and edits; raises the queued errors first."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, Rendered]] = []
        self.edits: list[tuple[int, int, str]] = []
        self.errors: list[Exception] = []
        self.on_send: list[object] = []

    async def send(self, chat_id: int, rendered: Rendered) -> int:
        for hook in self.on_send:
            await hook()  # type: ignore[operator]
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((chat_id, rendered))
        return 500 + len(self.sent)

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        self.edits.append((chat_id, message_id, text))


@pytest.fixture
async def co(session_factory) -> Company:  # type: ignore[no-untyped-def]
    return await make_company(session_factory)


async def rows(co: Company) -> list[Outbox]:
    async with co.deps.uow() as uow:
        return list((await uow.session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


async def sent_messages(co: Company) -> list[SentMessage]:
    async with co.deps.uow() as uow:
        return list((await uow.session.exec(select(SentMessage))).all())


async def file_access_request(co: Company) -> int:
    access = await ask_access(co.deps, NEWCOMER, full_name="Орлов Пётр", position="прораб")
    assert access.id is not None
    return access.id


async def test_a_due_row_is_sent_in_the_recipients_language_and_recorded(co: Company) -> None:
    access_id = await file_access_request(co)
    sender = FakeSender()

    assert await OutboxDispatcher(co.deps, sender).run_once() == 1

    [(chat_id, rendered)] = sender.sent
    assert chat_id == co.users["admin"].tg_id
    assert rendered.text.startswith("<b>Запрос на доступ</b>\nОрлов Пётр, прораб")
    [row] = await rows(co)
    assert (row.status, row.sent_at, row.attempts) == ("sent", co.clock.now(), 1)
    [record] = await sent_messages(co)
    assert (record.chat_id, record.message_id, record.purpose, record.active) == (
        chat_id,
        501,
        f"access:{access_id}",
        True,
    )


async def test_english_speakers_get_english(co: Company) -> None:
    async with co.deps.uow() as uow:
        admin = await uow.people.get(co.id("admin"))
        assert admin is not None
        admin.locale = "en"
        uow.session.add(admin)
        await uow.commit()
    await file_access_request(co)
    sender = FakeSender()

    await OutboxDispatcher(co.deps, sender).run_once()

    assert sender.sent[0][1].text.startswith("<b>Access request</b>")


async def test_a_row_is_marked_sending_before_telegram_is_called(co: Company) -> None:
    await file_access_request(co)
    sender = FakeSender()
    seen: list[tuple[str, object]] = []

    async def look() -> None:
        [row] = await rows(co)
        seen.append((row.status, row.sending_at))

    sender.on_send.append(look)
    await OutboxDispatcher(co.deps, sender).run_once()

    assert seen == [("sending", co.clock.now())]


async def test_a_failed_send_is_retried_after_a_growing_delay(co: Company) -> None:
    await file_access_request(co)
    sender = FakeSender()
    sender.errors = [TelegramNetworkError(METHOD, "timeout"), TelegramNetworkError(METHOD, "x")]
    dispatcher = OutboxDispatcher(co.deps, sender)

    await dispatcher.run_once()
    [row] = await rows(co)
    assert (row.status, row.attempts, row.due_at) == (
        "pending",
        1,
        co.clock.now() + timedelta(seconds=5),
    )
    assert "timeout" in (row.last_error or "")
    assert await dispatcher.run_once() == 0

    co.clock.advance(timedelta(seconds=5))
    await dispatcher.run_once()
    [row] = await rows(co)
    assert (row.attempts, row.due_at) == (2, co.clock.now() + timedelta(seconds=10))
    co.clock.advance(timedelta(seconds=10))
    await dispatcher.run_once()

    [row] = await rows(co)
    assert (row.status, row.attempts, len(sender.sent)) == ("sent", 3, 1)


async def test_telegram_refusing_the_message_fails_it_for_good(co: Company) -> None:
    await file_access_request(co)
    sender = FakeSender()
    sender.errors = [TelegramBadRequest(METHOD, "Bad Request: can't parse entities")]

    await OutboxDispatcher(co.deps, sender).run_once()

    [row] = await rows(co)
    assert (row.status, row.attempts) == ("failed", 1)


async def test_a_row_gives_up_after_the_last_attempt(co: Company) -> None:
    await file_access_request(co)
    sender = FakeSender()
    sender.errors = [TelegramNetworkError(METHOD, "down") for _ in range(3)]
    dispatcher = OutboxDispatcher(co.deps, sender, max_attempts=3)

    for _ in range(3):
        await dispatcher.run_once()
        co.clock.advance(timedelta(minutes=1))

    [row] = await rows(co)
    assert (row.status, row.attempts) == ("failed", 3)


async def test_an_unknown_template_fails_without_retrying(co: Company) -> None:
    await file_access_request(co)
    async with co.deps.uow() as uow:
        row = (await uow.session.exec(select(Outbox))).one()
        row.template = "no_such_template"
        uow.session.add(row)
        await uow.commit()

    await OutboxDispatcher(co.deps, FakeSender()).run_once()

    [row] = await rows(co)
    assert row.status == "failed" and "no_such_template" in (row.last_error or "")


async def test_a_row_left_sending_by_a_stopped_sender_goes_out_after_five_minutes(
    co: Company,
) -> None:
    await file_access_request(co)
    async with co.deps.uow() as uow:
        row = (await uow.session.exec(select(Outbox))).one()
        row.status, row.sending_at = OutboxStatus.sending.value, co.clock.now()
        uow.session.add(row)
        await uow.commit()
    sender = FakeSender()
    dispatcher = OutboxDispatcher(co.deps, sender)

    assert await dispatcher.run_once() == 0
    co.clock.advance(timedelta(minutes=5, seconds=1))
    assert await dispatcher.run_once() == 1

    assert len(sender.sent) == 1


async def test_stopping_finishes_the_current_send_and_gives_back_the_rest(co: Company) -> None:
    await ensure_admins(co.deps, [888_001, 888_002])
    await file_access_request(co)
    sender = FakeSender()
    dispatcher = OutboxDispatcher(co.deps, sender)
    sender.on_send.append(dispatcher.stop)

    assert await dispatcher.run_once() == 3

    assert len(sender.sent) == 1
    assert sorted((r.status, r.sending_at is None) for r in await rows(co)) == [
        ("pending", True),
        ("pending", True),
        ("sent", False),
    ]


async def test_retiring_a_purpose_edits_every_copy_and_cancels_unsent_ones(co: Company) -> None:
    await ensure_admins(co.deps, [888_001])
    access_id = await file_access_request(co)
    sender = FakeSender()
    await OutboxDispatcher(co.deps, sender, batch_size=1).run_once()

    edited = await retire_buttons(sender, co.deps, f"access:{access_id}", "Решено")

    assert [(e.chat_id, e.message_id) for e in edited] == [(sender.sent[0][0], 501)]
    assert sender.edits == [(sender.sent[0][0], 501, "Решено")]
    assert sorted(r.status for r in await rows(co)) == ["cancelled", "sent"]
    assert [m.active for m in await sent_messages(co)] == [False]
    assert await retire_buttons(sender, co.deps, f"access:{access_id}", "Ещё раз") == []


async def test_a_switched_off_recipient_gets_nothing(co: Company) -> None:
    await file_access_request(co)
    await set_roles(co.deps, co.ref("admin"), co.id("admin"), [Role.admin], active=False)
    sender = FakeSender()

    await OutboxDispatcher(co.deps, sender).run_once()

    assert sender.sent == []
    assert [r.status for r in await rows(co)] == ["cancelled"]


async def test_the_loop_sends_as_soon_as_it_is_woken_and_stops_on_request(co: Company) -> None:
    sender = FakeSender()
    dispatcher = OutboxDispatcher(co.deps, sender, poll_interval=30)
    dispatcher.start()
    await asyncio.sleep(0.05)

    await file_access_request(co)
    dispatcher.wake()
    for _ in range(100):
        if sender.sent:
            break
        await asyncio.sleep(0.02)
    await asyncio.wait_for(dispatcher.stop(), 5)

    assert len(sender.sent) == 1
