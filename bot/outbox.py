"""The outbox dispatcher: sends what services wrote into the outbox, and retires buttons.

One loop claims due rows in small batches (``flows.delivery_log.claim_due`` marks them
``sending`` in a committed transaction first), renders each in the recipient's language,
sends it and records the result. It wakes when a handler finished an update (see
``bot.middlewares.UpdateTracker``) or anyone calls :meth:`OutboxDispatcher.wake`, and
polls every ``poll_interval`` seconds anyway.

Seams for rate limits and Telegram's failure kinds: :meth:`OutboxDispatcher.send`,
:meth:`OutboxDispatcher.on_failure`, :meth:`OutboxDispatcher.is_permanent` and
:meth:`OutboxDispatcher.retry_delay`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from bot.render import Notice, Rendered, UnknownTemplate, render_notice
from flows import delivery_log
from flows.delivery_log import Delivery, SentRef
from flows.services.context import Deps

logger = logging.getLogger(__name__)

RenderFunc = Callable[[Notice], Rendered]


class Sender(Protocol):
    """Where messages go: the Bot API in production, a recorder in tests."""

    async def send(self, chat_id: int, rendered: Rendered) -> int:
        """Send and return the message id."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        """Replace the text of a sent message and drop its buttons."""
        ...


class BotSender:
    """A :class:`Sender` over an aiogram Bot."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, rendered: Rendered) -> int:
        message = await self.bot.send_message(
            chat_id, rendered.text, reply_markup=rendered.keyboard
        )
        return message.message_id

    async def edit(self, chat_id: int, message_id: int, text: str) -> None:
        await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)


class OutboxDispatcher:
    """Claims, renders, sends and records outbox rows until stopped."""

    def __init__(
        self,
        deps: Deps,
        sender: Sender,
        *,
        batch_size: int = 10,
        poll_interval: float = 1.5,
        max_attempts: int = 8,
        render: RenderFunc = render_notice,
    ) -> None:
        self.deps = deps
        self.sender = sender
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.max_attempts = max_attempts
        self.render = render
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Look at the outbox now (a service has just committed new rows)."""
        self._wakeup.set()

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self.run(), name="outbox-dispatcher")

    async def stop(self, within: float = 30.0) -> None:
        """Stop after the message being sent now; claimed but unsent rows go back."""
        self._stopping.set()
        self._wakeup.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), within)
        except TimeoutError:
            logger.warning("outbox dispatcher did not stop in %s s; cancelling it", within)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def run(self) -> None:
        logger.info("outbox dispatcher started")
        while not self._stopping.is_set():
            try:
                handled = await self.run_once()
            except Exception:
                logger.exception("outbox pass failed; retrying in %s s", self.poll_interval)
                handled = 0
            if handled < self.batch_size:
                await self._idle()
        logger.info("outbox dispatcher stopped")

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), self.poll_interval)
        self._wakeup.clear()

    async def run_once(self) -> int:
        """One pass: claim a batch and deliver it; returns how many rows were claimed."""
        claimed = await delivery_log.claim_due(self.deps, limit=self.batch_size)
        for index, delivery in enumerate(claimed):
            if self._stopping.is_set():
                await delivery_log.release(self.deps, claimed[index:])
                break
            await self.deliver(delivery)
        return len(claimed)

    async def deliver(self, delivery: Delivery) -> None:
        try:
            rendered = self.render(
                Notice(
                    delivery.template,
                    delivery.params,
                    delivery.locale,
                    delivery.level,
                    delivery.request_id,
                )
            )
            message_id = await self.send(delivery, rendered)
        except Exception as error:
            await self.on_failure(delivery, error)
            return
        await delivery_log.mark_sent(self.deps, delivery, message_id)

    # --- seams ---------------------------------------------------------------------------

    async def send(self, delivery: Delivery, rendered: Rendered) -> int:
        return await self.sender.send(delivery.chat_id, rendered)

    async def on_failure(self, delivery: Delivery, error: Exception) -> None:
        attempts = delivery.attempts + 1
        text = f"{type(error).__name__}: {error}"
        if self.is_permanent(error) or attempts >= self.max_attempts:
            logger.error("outbox %s failed for good: %s", delivery.outbox_id, text)
            await delivery_log.mark_failed(self.deps, delivery, text, retry_at=None)
            return
        delay = self.retry_delay(attempts)
        logger.warning(
            "outbox %s attempt %s failed (%s); retrying in %s",
            delivery.outbox_id,
            attempts,
            text,
            delay,
        )
        retry_at = self.deps.now() + delay
        await delivery_log.mark_failed(self.deps, delivery, text, retry_at=retry_at)

    def is_permanent(self, error: Exception) -> bool:
        # Telegram will not accept these on a retry: a bad message, a blocked chat.
        return isinstance(error, UnknownTemplate | TelegramBadRequest | TelegramForbiddenError)

    def retry_delay(self, attempts: int) -> timedelta:
        """Exponential backoff: 5 s, 10 s, 20 s ... up to one hour."""
        return timedelta(seconds=min(5 * 2 ** (attempts - 1), 3600))


async def retire_buttons(sender: Sender, deps: Deps, purpose: str, text: str) -> list[SentRef]:
    """Edit every active message sent for ``purpose`` to ``text`` without buttons.

    Also cancels copies not sent yet. Call it after the decision's service committed, e.g.
    ``purpose="access:5"`` or ``"approval:12"``. Returns the messages edited.
    """
    edited: list[SentRef] = []
    for ref in await delivery_log.retire(deps, purpose):
        try:
            await sender.edit(ref.chat_id, ref.message_id, text)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            logger.warning(
                "could not retire message %s for %s: %s", ref.message_id, purpose, error
            )
            continue
        edited.append(ref)
    return edited
