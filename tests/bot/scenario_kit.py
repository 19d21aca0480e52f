"""The people of an end-to-end scenario and what they do in chat, step by step.

Every step presses real buttons on rendered messages and dialogs; the clock moves a few
minutes between steps so the request's history shows who acted when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from aiogram.types import Document, Message
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from flows.enums import Decision
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import approval_message, cancel_message, receipt_message
from tests.bot.lifecycle_kit import check_limits, visible
from tests.bot.new_request_kit import Filer
from tests.support import lifecycle as lc

STEP = timedelta(minutes=7)
ONE_DAY = r"через 1 рабочий день · .*"


@dataclass
class Person:
    env: BotEnv
    who: str

    @property
    def screen(self) -> Message:
        message = self.env.last(self.who)
        check_limits(message)
        return message

    @property
    def text(self) -> str:
        return visible(self.screen)

    async def tap(self, label: str, message: Message | None = None) -> str:
        """Press a button whose whole label matches ``label`` (a regular expression) on
        ``message`` or the newest message; the text now shown."""
        self.env.company.clock.advance(STEP)
        locator = InlineButtonTextLocator(label)
        await self.env.client(self.who).click(message or self.screen, locator)
        return self.text

    async def tap_exactly(self, label: str, message: Message | None = None) -> str:
        return await self.tap(re.escape(label), message)

    async def type(self, text: str) -> str:
        self.env.company.clock.advance(STEP)
        await self.env.client(self.who).send(text)
        return self.text

    async def send_document(self, file_id: str, name: str) -> str:
        document = Document(file_id=file_id, file_unique_id=f"u-{file_id}", file_name=name)
        await self.env.send_message(self.who, document=document)
        return self.text

    async def card(self, request_id: int) -> str:
        """Open the request's card as a notification's «Open the request» does."""
        await self.env.press(self.who, f"cd:{request_id}")
        return self.text

    async def menu(self, entry: str) -> str:
        await self.type("/menu")
        return await self.tap_exactly(entry)

    def filer(self) -> Filer:
        return Filer(self.env, self.who)

    def approval_message(self, approval_id: int) -> Message:
        return approval_message(self.env, self.who, approval_id)

    def receipt_message(self, request_id: int) -> Message:
        return receipt_message(self.env, self.who, request_id)

    def cancel_message(self, request_id: int) -> Message:
        return cancel_message(self.env, self.who, request_id)


async def pending_seats(env: BotEnv, request_id: int) -> dict[str, int]:
    """Who must decide now (person name → approval id), after the messages went out."""
    await env.deliver()
    pending = await lc.approvals(env.company, request_id, decision=Decision.pending)
    seats: dict[str, int] = {}
    for approval in pending:
        assert approval.id is not None
        seats[lc.approver_name(env.company, approval)] = approval.id
    return seats
