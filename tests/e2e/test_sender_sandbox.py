"""BotSender against the sandbox Bot API over HTTP: long texts are split or filed, and HTML
that Telegram cannot parse goes once more as plain text."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Rendered
from bot.sender import BotSender
from sandbox.botapi import BotApiSandbox, SandboxClient

pytestmark = pytest.mark.e2e

READER = 4101
BUTTONS = InlineKeyboardMarkup(
    inline_keyboard=[[InlineKeyboardButton(text="Открыть", callback_data="cd:1")]]
)


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(host="127.0.0.1", port=0) as running:
        yield running


@pytest.fixture(scope="module")
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    real_bot = Bot(
        sandbox.token,
        session=AiohttpSession(api=sandbox.api_server),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    yield real_bot
    await real_bot.session.close()


@pytest.fixture
async def client(sandbox: BotApiSandbox) -> SandboxClient:
    await sandbox.client.reset()
    await sandbox.client.register_user(READER, "Читатель")
    return sandbox.client


def long_text(paragraphs: int) -> str:
    return "\n\n".join(
        f"<b>Заявка Т-{n}</b>: груз &lt;пресс&gt;, " + "маршрут Кемерово — Новокузнецк. " * 8
        for n in range(paragraphs)
    )


async def test_a_long_message_goes_in_parts_cut_between_paragraphs(
    bot: Bot, client: SandboxClient
) -> None:
    text = long_text(40)

    last_id = await BotSender(bot).send(READER, Rendered(text, BUTTONS))

    messages = [m for m in await client.messages(READER) if m.from_bot]
    assert len(messages) == 4  # about 12 000 characters of source
    assert all(m.text.startswith("Заявка Т-") for m in messages)
    assert sum(m.text.count("Заявка Т-") for m in messages) == 40
    assert all(e["type"] == "bold" for m in messages for e in m.entities)
    assert [m.button_texts for m in messages] == [[], [], [], ["Открыть"]]
    assert messages[-1].message_id == last_id


async def test_a_very_long_message_goes_as_a_text_file(bot: Bot, client: SandboxClient) -> None:
    text = long_text(120)

    await BotSender(bot).send(READER, Rendered(text, BUTTONS))

    [message] = [m for m in await client.messages(READER) if m.from_bot]
    assert message.kind == "document" and message.file_name == "message.txt"
    assert message.text.startswith("Заявка Т-0: груз <пресс>")
    assert message.button_texts == ["Открыть"]
    assert message.file_id is not None
    body = (await client.download(message.file_id)).decode()
    assert body.count("Заявка Т-") == 120 and "<b>" not in body and "<пресс>" in body


async def test_html_telegram_cannot_parse_goes_once_more_as_plain_text(
    bot: Bot, client: SandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    broken = "<b>Срочно: заявка Т-5 & цена < 100"

    with caplog.at_level(logging.WARNING, logger="bot.sender"):
        await BotSender(bot).send(READER, Rendered(broken, BUTTONS))

    [message] = [m for m in await client.messages(READER) if m.from_bot]
    assert message.text == "Срочно: заявка Т-5 & цена < 100"
    assert message.parse_mode is None and message.button_texts == ["Открыть"]
    sends = await client.calls("sendMessage")
    assert len(sends) == 2
    assert any("plain text" in r.getMessage() for r in caplog.records)


async def test_other_bad_requests_are_not_retried(bot: Bot, client: SandboxClient) -> None:
    with pytest.raises(TelegramBadRequest):
        await BotSender(bot).send(READER, Rendered(""))

    assert len(await client.calls("sendMessage")) == 1
