"""The update queue of one bot and `getUpdates` long polling over it.

As on Telegram, updates stay queued until a later call confirms them with a
higher `offset`, and a new `getUpdates` terminates a still-waiting older one
with 409 Conflict.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from dataclasses import dataclass, field
from typing import Any

from sandbox.botapi.errors import POLL_CONFLICT, ApiError

# What Telegram sends when `allowed_updates` is empty or was never given.
DEFAULT_ALLOWED = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
MAX_LIMIT = 100
# Update ids are kept growing across resets so that a bot process that is
# still polling never takes new updates for already confirmed ones.
_UPDATE_IDS = itertools.count(700_000_001)


@dataclass
class _Poll:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    terminated: bool = False


class UpdateQueue:
    """Pending updates of one bot; one long poll may wait on it at a time."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._allowed: frozenset[str] = DEFAULT_ALLOWED
        self._poll: _Poll | None = None

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def poll_waiting(self) -> bool:
        """True while a getUpdates call is waiting for updates."""
        return self._poll is not None

    def clear(self) -> None:
        self._pending.clear()
        self._allowed = DEFAULT_ALLOWED

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of `kind` (e.g. "message") and wake the waiting poll."""
        update_id = next(_UPDATE_IDS)
        self._pending.append({"update_id": update_id, kind: payload})
        if self._poll is not None:
            self._poll.wake.set()
        return update_id

    async def poll(
        self,
        offset: int | None,
        limit: int | None,
        wait_seconds: float,
        allowed_updates: list[str] | None,
    ) -> list[dict[str, Any]]:
        """Answer one getUpdates; raises ApiError (409) if a newer call takes over."""
        if self._poll is not None:
            self._poll.terminated = True
            self._poll.wake.set()
        poll = self._poll = _Poll()
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) or DEFAULT_ALLOWED
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, wait_seconds)
        try:
            while True:
                if poll.terminated:
                    raise ApiError(409, POLL_CONFLICT)
                batch = self._take(limit)
                remaining = deadline - loop.time()
                if batch or remaining <= 0:
                    return batch
                poll.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), remaining)
        finally:
            if self._poll is poll:
                self._poll = None

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            self._pending = self._pending[offset:]
            return
        self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _take(self, limit: int | None) -> list[dict[str, Any]]:
        # Updates of types the bot did not ask for are dropped, as on Telegram.
        self._pending = [u for u in self._pending if _kind(u) in self._allowed]
        size = MAX_LIMIT if not limit or limit > MAX_LIMIT else max(1, limit)
        return list(self._pending[:size])


def _kind(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")
