"""Driving the real Dispatcher with aiogram-dialog's test tools, on a fresh SQLite database.

``bot_env`` gives a :class:`BotEnv`: the Dispatcher built by ``bot.app.build_dispatcher``
(every router and dialog, JSON-checking memory storage), a demo company
(``tests.support.factories.make_company``), and a chat view shared by dialogs and plain bot
calls. Typical use::

    async def test_x(bot_env):
        anna = bot_env.client("initiator")          # a company person, or a Telegram id
        await anna.send("/menu")
        menu = bot_env.last(anna)                   # the newest message in Anna's chat
        await anna.click(menu, InlineButtonTextLocator("Новая заявка"))
        await bot_env.deliver()                     # let the outbox send what services wrote
        assert bot_env.alerts(anna)[-1] == "..."    # texts of callback answers
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Dispatcher
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import CallbackQuery, Chat, Message, Update
from aiogram_dialog.api.entities import stack as dialog_stack
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.bot_client import FakeBot
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.app import build_dispatcher
from bot.outbox import BotSender, OutboxDispatcher
from flows.services.context import Deps
from storage import db
from tests.support.databases import ScratchDatabases
from tests.support.factories import Company, make_company


class RecordingBot(FakeBot):
    """A bot that answers the Bot API calls handlers make and shows them in the chat view.

    Sent and edited messages are appended to the MockMessageManager's list, so dialog
    windows and plain messages read the same way and ``BotClient.click`` works on both.
    """

    def __init__(self, message_manager: MockMessageManager) -> None:
        self.message_manager = message_manager
        self.calls: list[TelegramMethod[Any]] = []
        self.answers: list[AnswerCallbackQuery] = []

    async def __call__(self, method: TelegramMethod[Any], request_timeout: int | None = None):
        self.calls.append(method)
        if isinstance(method, AnswerCallbackQuery):
            self.answers.append(method)
            return True
        if isinstance(method, SendMessage):
            return self._send(method)
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            return self._edit(method)
        if isinstance(method, DeleteMessage):
            return True
        raise RuntimeError(f"RecordingBot does not fake {type(method).__name__}")

    def _send(self, method: SendMessage) -> Message:
        manager = self.message_manager
        manager.last_message_id += 1
        message = Message(
            message_id=manager.last_message_id,
            date=datetime.now(),
            chat=Chat(id=int(method.chat_id), type="private"),
            text=method.text,
            reply_markup=method.reply_markup,
        )
        manager.sent_messages.append(message)
        return message

    def _edit(self, method: EditMessageText | EditMessageReplyMarkup) -> Message:
        chat_id, message_id = int(method.chat_id or 0), method.message_id
        previous = next(
            m
            for m in reversed(self.message_manager.sent_messages)
            if m.chat.id == chat_id and m.message_id == message_id
        )
        changes: dict[str, Any] = {"reply_markup": method.reply_markup, "edit_date": 1}
        if isinstance(method, EditMessageText):
            changes["text"] = method.text
        edited = previous.model_copy(update=changes)
        self.message_manager.sent_messages.append(edited)
        return edited


_update_ids = itertools.count(1)


class PersonClient(BotClient):
    """A BotClient whose callback ids are remembered, so answers can be told apart."""

    def __init__(self, dp: Dispatcher, tg_id: int, bot: RecordingBot) -> None:
        super().__init__(dp, user_id=tg_id, chat_id=tg_id, bot=bot)
        self.callback_ids: set[str] = set()

    def _new_update_id(self) -> int:
        return next(_update_ids)

    def _new_callback(self, message: Message, button: Any) -> CallbackQuery:
        callback = super()._new_callback(message, button)
        self.callback_ids.add(callback.id)
        return callback


@dataclass
class BotEnv:
    dp: Dispatcher
    bot: RecordingBot
    message_manager: MockMessageManager
    storage: JsonMemoryStorage
    deps: Deps
    company: Company
    outbox: OutboxDispatcher
    _clients: dict[int, PersonClient] = field(default_factory=dict)

    def tg_id(self, who: str | int) -> int:
        return who if isinstance(who, int) else self.company.users[who].tg_id

    def client(self, who: str | int) -> PersonClient:
        """The person's Telegram client: a company person's name, or any Telegram id."""
        tg_id = self.tg_id(who)
        if tg_id not in self._clients:
            self._clients[tg_id] = PersonClient(self.dp, tg_id, self.bot)
        return self._clients[tg_id]

    def chat(self, who: str | int | BotClient) -> list[Message]:
        """Messages of the person's chat as they look now (latest version of each)."""
        chat_id = who.chat.id if isinstance(who, BotClient) else self.tg_id(who)
        latest: dict[int, Message] = {}
        for message in self.message_manager.sent_messages:
            if message.chat.id == chat_id:
                latest.pop(message.message_id, None)
                latest[message.message_id] = message
        return list(latest.values())

    def last(self, who: str | int | BotClient) -> Message:
        messages = self.chat(who)
        assert messages, "no bot message in this chat"
        return messages[-1]

    def texts(self, who: str | int | BotClient) -> list[str]:
        return [m.text or m.caption or "" for m in self.chat(who)]

    def alerts(self, who: str | int) -> list[str]:
        """Texts of the callback answers the bot gave this person, in order."""
        ids = self.client(who).callback_ids
        return [a.text or "" for a in self.bot.answers if a.callback_query_id in ids]

    async def deliver(self) -> int:
        """Send every due outbox row now; returns how many were claimed."""
        total = 0
        while handled := await self.outbox.run_once():
            total += handled
        return total

    async def send_message(self, who: str | int, **fields: Any) -> None:
        """Feed a message of any kind (photo, sticker...) from the person."""
        client = self.client(who)
        message = Message(
            message_id=client._new_message_id(),
            date=datetime.now(),
            chat=client.chat,
            from_user=client.user,
            **fields,
        )
        await self.dp.feed_update(self.bot, Update(update_id=next(_update_ids), message=message))

    async def press(self, who: str | int, data: str, message: Message | None = None) -> None:
        """Press a button with any callback data (forged ones too) on ``message``."""
        client = self.client(who)
        message = message or Message(message_id=1, date=datetime.now(), chat=client.chat, text="?")
        callback = CallbackQuery(
            id=f"forged-{next(_update_ids)}",
            from_user=client.user,
            chat_instance="--",
            data=data,
            message=message,
        )
        client.callback_ids.add(callback.id)
        update = Update(update_id=next(_update_ids), callback_query=callback)
        await self.dp.feed_update(self.bot, update)


_newcomer_ids = itertools.count(5_000_001)


@pytest.fixture(autouse=True)
def distinct_dialog_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Number opened dialogs one by one.

    aiogram-dialog names a dialog by the current second plus a random 0-99, so two dialogs
    one person opens within the same second share a name once in a hundred, and closing one
    breaks the other. Tests open many dialogs a second; this keeps them from flaking.
    """
    numbers = itertools.count(1)
    monkeypatch.setattr(dialog_stack, "new_int_id", lambda: next(numbers))


@pytest.fixture
def newcomer_id() -> int:
    """A Telegram id nobody in the database has."""
    return next(_newcomer_ids)


@pytest.fixture
async def bot_env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[BotEnv]:
    url = await scratch_databases.with_schema("sqlite", tmp_path)
    engine = db.create_engine(url)
    company = await make_company(db.session_factory(engine))
    message_manager = MockMessageManager()
    bot = RecordingBot(message_manager)
    storage = JsonMemoryStorage()
    outbox = OutboxDispatcher(company.deps, BotSender(bot))
    dp = build_dispatcher(
        company.deps, storage=storage, outbox=outbox, message_manager=message_manager
    )
    yield BotEnv(dp, bot, message_manager, storage, company.deps, company, outbox)
    await engine.dispose()
