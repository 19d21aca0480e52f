"""The outbox dispatcher: sends what services wrote into the outbox, and retires buttons.

One process sends: the holder of the ``dispatcher`` lease (see :mod:`jobs.leader`); the
others keep asking and take over when the leader's lease runs out. Each pass reads the due
rows (``flows.delivery_checks.due``: quiet hours, switched-off rules and unreachable people
are settled there), plans them on Telegram's pace (:mod:`bot.pacer`), and for each row, at
its turn: claims it (``sending``, committed, before the call), renders it in the
recipient's language, sends it and records the result. Chats are served side by side, at
most ``max_in_flight`` calls at a time, each chat's messages in order.

Telegram's answers: 429 pauses the chat (everyone, when several chats get it) for
``retry_after`` and puts the row back, counting the attempt; 403 flags the person
unreachable and fails or reroutes the row; a bad request fails it; anything else is
retried with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter

from bot.pacer import NoPacer, Pacer
from bot.render import Notice, Rendered, UnknownTemplate, render_notice
from bot.sender import BotSender, Sender
from flows import delivery_checks, delivery_log
from flows.delivery_log import STALE_SENDING, Delivery, SentRef
from flows.rules.templates import render_event
from flows.services.context import Deps
from jobs.leader import Leader

__all__ = ["BotSender", "OutboxDispatcher", "Sender", "retire_buttons"]

logger = logging.getLogger(__name__)

RenderFunc = Callable[[Notice], Rendered]
DISPATCHER_LEASE = "dispatcher"
# Test-only failure point: with this set to "after-claim" the process dies right after a
# row is marked ``sending``, as a crash between the commit and the Telegram call would.
CRASH_ENV = "TONNAGE_TEST_CRASH"
# Rows planned further ahead than this wait for a later pass (a slow chat holds no pass).
HORIZON = 3.0


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
        leader: Leader | None = None,
        pacer: Pacer | None = None,
        max_in_flight: int = 1,
        stale_after: timedelta = STALE_SENDING,
    ) -> None:
        self.deps = deps
        self.sender = sender
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.max_attempts = max_attempts
        self.render = render
        self.leader = leader or Leader(deps, DISPATCHER_LEASE)
        self.pacer = pacer or NoPacer()
        self.stale_after = stale_after
        self._slots = asyncio.Semaphore(max_in_flight)
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lease_check: datetime | None = None
        self._lease_lock = asyncio.Lock()
        self._attempted = 0

    def wake(self) -> None:
        """Look at the outbox now (a service has just committed new rows)."""
        self._wakeup.set()

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self.run(), name="outbox-dispatcher")

    async def stop(self, within: float = 30.0) -> None:
        """Stop after the messages being sent now; rows not claimed yet stay pending."""
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
        await self.leader.resign()

    async def run(self) -> None:
        logger.info("outbox dispatcher started as %s", self.leader.holder)
        while not self._stopping.is_set():
            try:
                handled = await self.run_once()
            except Exception:
                logger.exception("outbox pass failed; retrying in %s s", self.poll_interval)
                handled = 0
            # Rows left for later (a paused chat, beyond the horizon) are no reason to hurry.
            if handled < self.batch_size or not self._attempted:
                await self._idle()
        logger.info("outbox dispatcher stopped")

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), self.poll_interval)
        self._wakeup.clear()

    async def is_leader(self) -> bool:
        """Hold the lease: renew it every quarter of its term, or ask for it as often.

        Called before every send too, so a long paced burst keeps the lease alive.
        """
        async with self._lease_lock:
            now = self.deps.now()
            if self._lease_check is not None and now < self._lease_check:
                return self.leader.is_leader
            taken = await self.leader.refresh()
            self._lease_check = now + self.leader.ttl / 4
            return taken

    async def run_once(self) -> int:
        """One pass: deliver what is due if this process leads; returns rows looked at."""
        if self._stopping.is_set() or not await self.is_leader():
            return 0
        due = await delivery_checks.due(
            self.deps, limit=self.batch_size, stale_after=self.stale_after
        )
        planned = self.pacer.plan([d.chat_id for d in due])
        horizon = self.pacer.clock() + HORIZON
        by_chat: dict[int, list[tuple[float, Delivery]]] = {}
        for at, delivery in zip(planned, due, strict=True):
            if at <= horizon:
                by_chat.setdefault(delivery.chat_id, []).append((at, delivery))
        self._attempted = 0
        await asyncio.gather(*(self._serve_chat(queue) for queue in by_chat.values()))
        return len(due)

    async def _serve_chat(self, queue: list[tuple[float, Delivery]]) -> None:
        for at, delivery in queue:
            await self.pacer.wait_until(at)
            if self._stopping.is_set() or not await self.is_leader():
                return
            async with self._slots:
                if not await self.deliver(delivery):
                    return  # the chat refused or is paused: its other rows wait

    async def deliver(self, delivery: Delivery) -> bool:
        """Send one row at its turn; False if the chat should get nothing more this pass."""
        try:
            rendered = self._render(delivery)
        except Exception as error:
            await self.on_failure(delivery, error)
            return True
        await self.pacer.acquire(delivery.chat_id)
        if self._stopping.is_set() or not await delivery_log.claim(self.deps, delivery):
            return True
        if os.environ.get(CRASH_ENV) == "after-claim":
            os._exit(1)
        self._attempted += 1
        try:
            message_id = await self.send(delivery, rendered)
        except Exception as error:
            await self.on_failure(delivery, error)
            return not isinstance(error, TelegramRetryAfter | TelegramForbiddenError)
        await delivery_log.mark_sent(self.deps, delivery, message_id)
        return True

    def _render(self, delivery: Delivery) -> Rendered:
        text = None
        if delivery.event_rule is not None:
            text = render_event(delivery.event_rule, delivery.params, delivery.locale)
        notice = Notice(
            delivery.template,
            delivery.params,
            delivery.locale,
            delivery.level,
            delivery.request_id,
            text=text,
        )
        return self.render(notice)

    # --- seams ---------------------------------------------------------------------------

    async def send(self, delivery: Delivery, rendered: Rendered) -> int:
        return await self.sender.send(delivery.chat_id, rendered)

    async def on_failure(self, delivery: Delivery, error: Exception) -> None:
        text = f"{type(error).__name__}: {error}"
        if isinstance(error, TelegramRetryAfter):
            await self._on_retry_after(delivery, error, text)
            return
        if isinstance(error, TelegramForbiddenError):
            logger.warning("outbox %s: Telegram refused the chat: %s", delivery.outbox_id, text)
            await delivery_log.unreachable(self.deps, delivery, text)
            return
        attempts = delivery.attempts + 1
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

    async def _on_retry_after(
        self, delivery: Delivery, error: TelegramRetryAfter, text: str
    ) -> None:
        # Telegram's wait is not a failure of the message: it goes again, however often.
        everyone = self.pacer.retry_after(delivery.chat_id, error.retry_after)
        logger.warning(
            "outbox %s: Telegram asks to wait %s s (%s); the row goes back",
            delivery.outbox_id,
            error.retry_after,
            "every chat" if everyone else "this chat",
        )
        retry_at = self.deps.now() + timedelta(seconds=error.retry_after)
        await delivery_log.wait_for_telegram(self.deps, delivery, text, retry_at)

    def is_permanent(self, error: Exception) -> bool:
        # Telegram will not accept these on a retry: a bad message, a template we lack.
        return isinstance(error, UnknownTemplate | TelegramBadRequest | KeyError)

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
