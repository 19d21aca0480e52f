"""Waiting for Telegram's rate limits, as :class:`flows.pacing.Planner` plans them.

The planner is pure; :class:`Pacer` gives it a clock and a way to sleep, both injectable, so
a test can run the schedule on a fake clock or with a smaller time unit and check it.

aiolimiter's AsyncLimiter is not used here: it is a leaky bucket, which after an idle spell
lets up to twice its rate through within one second (30 at once, then 30 more as the bucket
drains), while Telegram counts a sliding window; it reads the event loop's clock, which a
test cannot replace to check the schedule; and it has no notion of one chat, or of pausing
for a 429's ``retry_after``. The planner does all three, so it drives the waiting itself.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

from flows.pacing import TELEGRAM_LIMITS, Limits, Planner

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
SendHook = Callable[[int, float], None]


class Pacer:
    """Telegram's pace for one bot: wait for a slot, record it, pause on a 429."""

    def __init__(
        self,
        limits: Limits = TELEGRAM_LIMITS,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        on_send: SendHook | None = None,
    ) -> None:
        self.planner = Planner(limits)
        self.clock = clock
        self.sleep = sleep
        self.on_send = on_send

    async def acquire(self, chat_id: int) -> None:
        """Wait until a message to ``chat_id`` may go, and count it as gone now."""
        while True:
            now = self.clock()
            at = self.planner.earliest(chat_id, now)
            if at <= now:
                self.planner.record(chat_id, now)
                if self.on_send is not None:
                    self.on_send(chat_id, now)
                return
            await self.sleep(at - now)

    async def wait_until(self, at: float) -> None:
        delay = at - self.clock()
        if delay > 0:
            await self.sleep(delay)

    def plan(self, chat_ids: Sequence[int]) -> list[float]:
        """Instants (on this pacer's clock) the messages to ``chat_ids`` may go at."""
        return self.planner.plan(chat_ids, self.clock())

    def retry_after(self, chat_id: int, seconds: float) -> bool:
        """Pause after a 429; True if every chat is paused (see ``Planner.retry_after``)."""
        return self.planner.retry_after(chat_id, seconds, self.clock())


class NoPacer(Pacer):
    """No waiting at all: for tests that send a handful of messages to a recording bot."""

    async def acquire(self, chat_id: int) -> None:
        return None

    def plan(self, chat_ids: Sequence[int]) -> list[float]:
        now = self.clock()
        return [now for _ in chat_ids]

    def retry_after(self, chat_id: int, seconds: float) -> bool:
        return False
