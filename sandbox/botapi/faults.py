"""Failures injected on purpose: blocked chats, queued 429s, flood control."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field

from sandbox.botapi.errors import forbidden_blocked, too_many_requests

# Methods that put a new message into a chat; flood control counts these.
SEND_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendmediagroup",
        "copymessage",
        "forwardmessage",
    }
)
# Methods refused with 403 while the user has blocked the bot.
BLOCKABLE_METHODS = SEND_METHODS | {
    "editmessagetext",
    "editmessagecaption",
    "editmessagereplymarkup",
    "editmessagemedia",
    "sendchataction",
}


@dataclass
class _QueuedRetry:
    retry_after: int
    methods: frozenset[str] | None

    def applies_to(self, method: str) -> bool:
        return self.methods is None or method in self.methods


@dataclass
class FloodControl:
    """Telegram's documented pace: 1 message a second per chat, 30 overall."""

    enabled: bool = False
    per_chat_per_second: int = 1
    global_per_second: int = 30
    _chat_sends: dict[int, deque[float]] = field(default_factory=dict)
    _all_sends: deque[float] = field(default_factory=deque)

    def check(self, chat_id: int, now: float) -> int | None:
        """Seconds to wait before one more send to `chat_id`, or None if allowed."""
        if not self.enabled:
            return None
        chat = self._chat_sends.setdefault(chat_id, deque())
        limits = ((chat, self.per_chat_per_second), (self._all_sends, self.global_per_second))
        for window, limit in limits:
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                return max(1, math.ceil(window[0] + 1.0 - now))
        return None

    def record(self, chat_id: int, now: float) -> None:
        if self.enabled:
            self._chat_sends.setdefault(chat_id, deque()).append(now)
            self._all_sends.append(now)


class FaultInjector:
    """Failures a test or the demo asked for, checked before each chat-bound call."""

    def __init__(self) -> None:
        self.blocked: set[int] = set()
        self.flood = FloodControl()
        self._queued: dict[int | None, deque[_QueuedRetry]] = {}

    def clear(self) -> None:
        self.blocked.clear()
        self.flood = FloodControl()
        self._queued.clear()

    def queue_retry_after(
        self,
        count: int,
        retry_after: int,
        chat_id: int | None = None,
        methods: list[str] | None = None,
    ) -> None:
        """Answer the next `count` matching calls (to `chat_id`, or to any chat) with 429."""
        wanted = frozenset(m.lower() for m in methods) if methods else None
        queue = self._queued.setdefault(chat_id, deque())
        queue.extend(_QueuedRetry(retry_after, wanted) for _ in range(count))

    def queued_count(self) -> int:
        return sum(len(queue) for queue in self._queued.values())

    def before_call(self, method: str, chat_id: int) -> None:
        """Raise the injected failure due for this call, if any."""
        for key in (chat_id, None):
            queue = self._queued.get(key, deque())
            for entry in queue:
                if entry.applies_to(method):
                    queue.remove(entry)
                    raise too_many_requests(entry.retry_after)
        if method in SEND_METHODS:
            wait = self.flood.check(chat_id, time.monotonic())
            if wait is not None:
                raise too_many_requests(wait)
        if method in BLOCKABLE_METHODS and chat_id in self.blocked:
            raise forbidden_blocked()

    def after_success(self, method: str, chat_id: int) -> None:
        if method in SEND_METHODS:
            self.flood.record(chat_id, time.monotonic())
