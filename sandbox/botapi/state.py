"""In-memory world of the sandbox: users, bots, their chats and messages."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from sandbox.botapi.errors import CHAT_NOT_FOUND, ApiError, unauthorized
from sandbox.botapi.faults import FaultInjector
from sandbox.botapi.files import FileStore, StoredFile
from sandbox.botapi.updates import UpdateQueue
from sandbox.botapi.validation import RenderedText

DEFAULT_TOKEN = "7000000001:SANDBOX-tonnage-local-bot-api-token"


def now() -> int:
    return int(time.time())


@dataclass(frozen=True)
class MessageVersion:
    """A message as it was before an edit."""

    date: int
    text: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None


@dataclass
class StoredMessage:
    """One message of a chat, from the bot or from the user, with its edit history."""

    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    sender: dict[str, Any]
    kind: str
    body: RenderedText
    reply_markup: dict[str, Any] | None = None
    media: list[StoredFile] = field(default_factory=list)
    media_group_id: str | None = None
    reply_to: int | None = None
    forward_origin: dict[str, Any] | None = None
    edit_date: int | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    revision: int = 0

    def edit(self, body: RenderedText, reply_markup: dict[str, Any] | None) -> None:
        self.history.append(
            MessageVersion(
                self.edit_date or self.date, self.body.text, self.body.entities, self.reply_markup
            )
        )
        self.body = body
        self.reply_markup = reply_markup
        self.edit_date = now()


class ChatLog:
    """The messages of one chat; every change bumps `revision` and wakes waiters."""

    def __init__(self, chat: dict[str, Any]) -> None:
        self.chat = chat
        self.messages: dict[int, StoredMessage] = {}
        self.revision = 0
        self._next_id = 1
        self._waiters: list[asyncio.Future[None]] = []

    def add(self, **fields: Any) -> StoredMessage:
        message = StoredMessage(
            chat_id=self.chat["id"], message_id=self._next_id, date=now(), **fields
        )
        self._next_id += 1
        self.messages[message.message_id] = message
        self.touch(message)
        return message

    def get(self, message_id: int | None) -> StoredMessage | None:
        """A message still visible in the chat, or None."""
        message = self.messages.get(message_id) if message_id is not None else None
        return None if message is None or message.deleted else message

    def touch(self, message: StoredMessage) -> None:
        self.revision += 1
        message.revision = self.revision
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_change(self, since: int, seconds: float) -> None:
        """Return once `revision` exceeds `since`, or after `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while self.revision <= since and loop.time() < deadline:
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, deadline - loop.time())


class BotState:
    """Everything one bot token owns: identity, chats, updates, settings, faults, calls."""

    def __init__(self, token: str, username: str, first_name: str) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        self.updates = UpdateQueue()
        self.faults = FaultInjector()
        self.chats: dict[int, ChatLog] = {}
        self.calls: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.menu_buttons: dict[str, dict[str, Any]] = {}
        self.profile: dict[str, str] = {}
        self.webhook: dict[str, Any] = {}
        self.callbacks: dict[str, asyncio.Future[dict[str, Any]]] = {}

    def reset(self) -> None:
        """Forget chats, updates, settings and faults; keep identity and the update id."""
        self.updates.clear()
        self.faults.clear()
        self.chats.clear()
        self.calls.clear()
        self.commands.clear()
        self.menu_buttons.clear()
        self.profile.clear()
        self.webhook.clear()
        for waiter in self.callbacks.values():
            waiter.cancel()
        self.callbacks.clear()

    def chat(self, chat_id: int) -> ChatLog:
        """The chat by id; raises ApiError (400 chat not found) if it never started."""
        log = self.chats.get(chat_id)
        if log is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        return log


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    return chat


class SandboxState:
    """The whole fake Telegram: users, files and one state per bot token."""

    def __init__(
        self,
        *,
        default_token: str = DEFAULT_TOKEN,
        bot_username: str | None = None,
        bot_first_name: str = "Tonnage Sandbox",
        allowed_tokens: list[str] | None = None,
        strict_html: bool = True,
    ) -> None:
        self.default_token = default_token
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.allowed_tokens = set(allowed_tokens) if allowed_tokens else None
        self.strict_html = strict_html
        self.users: dict[int, dict[str, Any]] = {}
        self.files = FileStore()
        self.bots: dict[str, BotState] = {}

    def bot(self, token: str | None = None) -> BotState:
        """State of the bot with `token` (default token if None); raises ApiError (401)."""
        token = token or self.default_token
        state = self.bots.get(token)
        if state is not None:
            return state
        allowed = self.allowed_tokens is None or token in self.allowed_tokens
        if not (allowed or token == self.default_token):
            raise unauthorized()
        bot_id = token.split(":", 1)[0]
        username = f"sandbox_{bot_id}_bot"
        if token == self.default_token and self.bot_username:
            username = self.bot_username
        state = self.bots[token] = BotState(token, username, self.bot_first_name)
        return state

    def register_user(self, bot: BotState, user: dict[str, Any]) -> ChatLog:
        """Add or update a user and open their private chat with `bot`."""
        profile = {"id": int(user["id"]), "is_bot": False, "first_name": user["first_name"]}
        for key in ("last_name", "username", "language_code"):
            if user.get(key):
                profile[key] = user[key]
        self.users[profile["id"]] = profile
        log = bot.chats.get(profile["id"])
        if log is None:
            log = bot.chats[profile["id"]] = ChatLog(private_chat(profile))
        else:
            log.chat.update(private_chat(profile))
        return log

    def reset(self) -> None:
        """Forget users, files and per-bot data; bot identities and update ids survive."""
        self.users.clear()
        self.files.clear()
        for bot in self.bots.values():
            bot.reset()
