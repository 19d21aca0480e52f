"""The executor's, head's and admin's side of the chat, driven through the real Dispatcher.

``lifecycle_env`` is ``bot_env`` (see ``tests/bot/conftest.py``) whose bot also fakes
``sendPhoto``, so the bids chart shows up in the chat. Helpers open a request's card the way
a notification's «Open the request» button does, press buttons by their label and type
answers; each returns what the person sees next.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from aiogram.methods import SendPhoto, TelegramMethod
from aiogram.types import Chat, InlineKeyboardButton, Message, PhotoSize
from aiogram_dialog.test_tools import MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.app import build_dispatcher
from bot.callbacks import CardCb
from bot.outbox import BotSender, OutboxDispatcher
from sandbox.botapi.htmltext import parse_html
from storage import db
from tests.bot.conftest import BotEnv, RecordingBot
from tests.support.databases import ScratchDatabases
from tests.support.factories import make_company


class PhotoBot(RecordingBot):
    """RecordingBot that also takes photos: they appear in the chat with their caption."""

    def __init__(self, message_manager: MockMessageManager) -> None:
        super().__init__(message_manager)
        self.photos: list[SendPhoto] = []

    async def __call__(self, method: TelegramMethod[Any], request_timeout: int | None = None):
        if not isinstance(method, SendPhoto):
            return await super().__call__(method, request_timeout)
        self.calls.append(method)
        self.photos.append(method)
        manager = self.message_manager
        manager.last_message_id += 1
        message = Message(
            message_id=manager.last_message_id,
            date=datetime.now(),
            chat=Chat(id=int(method.chat_id), type="private"),
            caption=method.caption,
            photo=[PhotoSize(file_id="chart", file_unique_id="chart", width=880, height=400)],
        )
        manager.sent_messages.append(message)
        return message


@asynccontextmanager
async def lifecycle_env(databases: ScratchDatabases, directory: Path) -> AsyncIterator[BotEnv]:
    engine = db.create_engine(await databases.with_schema("sqlite", directory))
    try:
        company = await make_company(db.session_factory(engine))
        messages = MockMessageManager()
        bot = PhotoBot(messages)
        storage = JsonMemoryStorage()
        outbox = OutboxDispatcher(company.deps, BotSender(bot))
        dp = build_dispatcher(
            company.deps,
            storage=storage,
            outbox=outbox,
            message_manager=messages,
        )
        yield BotEnv(dp, bot, messages, storage, company.deps, company, outbox)
    finally:
        await engine.dispose()


@dataclass
class PersonChat:
    """One person's side of the conversation in a lifecycle env."""

    env: BotEnv
    who: str

    async def card(self, request_id: int) -> Message:
        """Open the request's card as the notification button does."""
        await self.env.press(self.who, CardCb(request_id=request_id).pack())
        return self.shown()

    async def press(self, message: Message, label: str) -> Message:
        """Press the button labelled exactly ``label``."""
        return await self.press_matching(message, re.escape(label))

    async def press_matching(self, message: Message, pattern: str) -> Message:
        """Press the first button whose whole text matches the regular expression."""
        await self.env.client(self.who).click(message, InlineButtonTextLocator(pattern))
        return self.shown()

    async def type(self, text: str) -> Message:
        await self.env.client(self.who).send(text)
        return self.shown()

    async def send(self, **fields: Any) -> Message:
        """Send a message of another kind (a document, a photo)."""
        await self.env.send_message(self.who, **fields)
        return self.shown()

    def shown(self) -> Message:
        message = self.env.last(self.who)
        check_limits(message)
        return message


def chat(env: BotEnv, who: str) -> PersonChat:
    return PersonChat(env, who)


def buttons(message: Message) -> list[InlineKeyboardButton]:
    markup = message.reply_markup
    return [b for row in markup.inline_keyboard for b in row] if markup else []


def labels(message: Message) -> list[str]:
    return [b.text for b in buttons(message)]


def visible(message: Message) -> str:
    """The text as the person sees it (Telegram's strict HTML parsing)."""
    return parse_html(message.text or message.caption or "")[0]


def check_limits(message: Message) -> None:
    """What Telegram would refuse: callback data over 64 bytes, a text over 4096 units."""
    assert len(message.text or "") <= 4096
    for button in buttons(message):
        data = button.callback_data or ""
        assert len(data.encode("utf-8")) <= 64, data
