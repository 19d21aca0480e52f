"""Handing a rendered message to Telegram safely: long texts, broken HTML, later parts.

- A text over 4096 characters goes as several messages cut at paragraphs or lines (see
  :mod:`bot.htmlsplit`); the keyboard rides on the last part. One longer than
  ``MAX_PARTS`` messages goes as a ``.txt`` file instead, captioned with its first line.
- If Telegram cannot parse the HTML ("can't parse entities"), the part is sent once more as
  plain text, and the incident is logged at warning.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.htmlsplit import MAX_MESSAGE, split_html, strip_tags
from bot.render import Rendered

logger = logging.getLogger(__name__)

MAX_PARTS = 4
CAPTION_LENGTH = 200
FILE_NAME = "message.txt"
PartHook = Callable[[int], Awaitable[None]]


class Sender(Protocol):
    """Where messages go: the Bot API in production, a recorder in tests."""

    async def send(self, chat_id: int, rendered: Rendered) -> int:
        """Send and return the message id (of the last part)."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        """Replace the text of a sent message and drop its buttons."""
        ...


def _unparsable(error: TelegramBadRequest) -> bool:
    return "can't parse entities" in error.message.lower()


class BotSender:
    """A :class:`Sender` over an aiogram Bot.

    ``before_part`` is awaited before every part after the first of a long message, so the
    parts keep the chat's pace (the outbox dispatcher passes its pacer there).
    """

    def __init__(
        self, bot: Bot, *, before_part: PartHook | None = None, limit: int = MAX_MESSAGE
    ) -> None:
        self.bot = bot
        self.before_part = before_part
        self.limit = limit

    async def send(self, chat_id: int, rendered: Rendered) -> int:
        parts = split_html(rendered.text, self.limit)
        if len(parts) > MAX_PARTS:
            return await self.send_file(chat_id, rendered)
        message_id = 0
        for index, part in enumerate(parts):
            markup = rendered.keyboard if index == len(parts) - 1 else None
            if index == 0:
                message_id = await self.send_text(chat_id, part, markup)
                continue
            if self.before_part is not None:
                await self.before_part(chat_id)
            message_id = await self._later_part(chat_id, part, markup)
        return message_id

    async def _later_part(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> int:
        # The first parts are out already: a 429 now is waited out here, not by resending.
        try:
            return await self.send_text(chat_id, text, markup)
        except TelegramRetryAfter as error:
            wait = error.retry_after
            logger.warning("chat %s: waiting %s s before the next part", chat_id, wait)
            await asyncio.sleep(wait)
            return await self.send_text(chat_id, text, markup)

    async def send_text(self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None) -> int:
        """One message in HTML; as plain text if Telegram cannot parse the HTML."""
        try:
            message = await self.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramBadRequest as error:
            if not _unparsable(error):
                raise
            logger.warning(
                "chat %s: Telegram refused the message's HTML (%s); sending it as plain text",
                chat_id,
                error.message,
            )
            message = await self.bot.send_message(
                chat_id, strip_tags(text), reply_markup=markup, parse_mode=None
            )
        return message.message_id

    async def send_file(self, chat_id: int, rendered: Rendered) -> int:
        """The message as a text file, captioned with its first line."""
        plain = strip_tags(rendered.text).strip()
        first = plain.splitlines()[0] if plain else ""
        caption = first if len(first) <= CAPTION_LENGTH else first[: CAPTION_LENGTH - 1] + "…"
        document = BufferedInputFile(plain.encode("utf-8"), filename=FILE_NAME)
        message = await self.bot.send_document(
            chat_id,
            document,
            caption=caption or None,
            parse_mode=None,
            reply_markup=rendered.keyboard,
        )
        return message.message_id

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)
