"""Runtime middleware: the language of an update, and which updates are still running.

aiogram's polling returns on stop without waiting for the handler tasks it started, so the
runner waits on :class:`UpdateTracker` before closing the bot session and the database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update


class UpdateTracker(BaseMiddleware):
    """Outer update middleware counting updates in flight; no database work.

    ``on_done`` runs after every update (the runtime wakes the outbox dispatcher there, since
    a handler's service may just have committed messages to send).
    """

    def __init__(self, on_done: Callable[[], None] | None = None) -> None:
        self.on_done = on_done
        self.in_flight = 0
        self.last_update_id: int | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            self.last_update_id = max(self.last_update_id or 0, event.update_id)
        self.in_flight += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.in_flight -= 1
            if self.in_flight == 0:
                self._idle.set()
            if self.on_done is not None:
                self.on_done()

    async def drained(self, within: float) -> bool:
        """Wait until no update is being handled; False if some still are after ``within`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        # Tasks created just before polling stopped enter this middleware on their first step.
        await asyncio.sleep(0)
        while self.in_flight and loop.time() < deadline:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), deadline - loop.time())
            await asyncio.sleep(0)
        return self.in_flight == 0
