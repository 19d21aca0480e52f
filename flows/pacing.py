"""When the next message to a chat may go: Telegram's rate limits as a pure planner.

Telegram asks bots to send no more than about 30 messages a second overall, one a second to
one chat, and 20 a minute to a group. :class:`Planner` keeps the recent send times (on any
clock the caller passes in: the loop's monotonic clock in production, a fake one in tests)
and answers "when, at the earliest, may a message go to chat X"; the caller waits and
records the send. A 429 pauses a chat, or everyone, for as long as Telegram said.

A window of ``count`` per ``seconds`` means: in no half-open interval ``(t - seconds, t]``
are there more than ``count`` sends. A burst is spread over time, never dropped.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Window:
    count: int
    seconds: float

    def scaled(self, factor: float) -> Window:
        return Window(self.count, self.seconds * factor)


@dataclass(frozen=True)
class Limits:
    """Telegram's documented pace; ``scaled`` changes the time unit (tests run faster)."""

    overall: Window = Window(30, 1.0)
    private: tuple[Window, ...] = (Window(1, 1.0),)
    group: tuple[Window, ...] = (Window(1, 1.0), Window(20, 60.0))

    def for_chat(self, chat_id: int) -> tuple[Window, ...]:
        """Groups and channels have negative ids; people positive ones."""
        return self.group if chat_id < 0 else self.private

    @property
    def longest(self) -> float:
        return max(w.seconds for w in (self.overall, *self.private, *self.group))

    def scaled(self, factor: float) -> Limits:
        return Limits(
            self.overall.scaled(factor),
            tuple(w.scaled(factor) for w in self.private),
            tuple(w.scaled(factor) for w in self.group),
        )


TELEGRAM_LIMITS = Limits()


def _earliest_in(history: deque[float], window: Window) -> float:
    """The earliest instant one more send fits ``window``, for a history in time order."""
    if len(history) < window.count:
        return float("-inf")
    return history[-window.count] + window.seconds


@dataclass
class Planner:
    """Send history and pauses; every method takes the current instant explicitly."""

    limits: Limits = TELEGRAM_LIMITS
    _overall: deque[float] = field(default_factory=deque)
    _chats: dict[int, deque[float]] = field(default_factory=dict)
    _chat_pause: dict[int, float] = field(default_factory=dict)
    _pause_all: float = float("-inf")

    def earliest(self, chat_id: int, now: float) -> float:
        """The earliest instant, not before ``now``, a message to ``chat_id`` may go."""
        history = self._chats.get(chat_id, deque())
        candidates = [
            now,
            self._pause_all,
            self._chat_pause.get(chat_id, float("-inf")),
            _earliest_in(self._overall, self.limits.overall),
        ]
        candidates += [_earliest_in(history, w) for w in self.limits.for_chat(chat_id)]
        return max(candidates)

    def may_send(self, chat_id: int, now: float) -> bool:
        return self.earliest(chat_id, now) <= now

    def record(self, chat_id: int, at: float) -> None:
        """Count a send at ``at``; instants must not go back in time."""
        history = self._chats.setdefault(chat_id, deque())
        history.append(at)
        longest = max(w.seconds for w in self.limits.for_chat(chat_id))
        while history[0] <= at - longest:
            history.popleft()
        self._overall.append(at)
        self._forget(at)

    def pause(self, chat_id: int | None, until: float) -> None:
        """No sends to ``chat_id`` (to anyone for None) before ``until``."""
        if chat_id is None:
            self._pause_all = max(self._pause_all, until)
        else:
            self._chat_pause[chat_id] = max(self._chat_pause.get(chat_id, until), until)

    def retry_after(self, chat_id: int, seconds: float, now: float) -> bool:
        """Telegram answered 429 for ``chat_id``; returns True if everyone is paused.

        One chat's 429 pauses that chat. A 429 for a second chat while another chat's
        pause still runs means the bot as a whole is over the limit: everyone waits.
        """
        until = now + seconds
        others = any(t > now for chat, t in self._chat_pause.items() if chat != chat_id)
        self.pause(chat_id, until)
        if others:
            self.pause(None, until)
        return others

    def paused_until(self, chat_id: int | None = None) -> float:
        if chat_id is None:
            return self._pause_all
        return max(self._pause_all, self._chat_pause.get(chat_id, float("-inf")))

    def plan(self, chat_ids: Sequence[int], now: float) -> list[float]:
        """Send instants for messages to ``chat_ids`` (in order within each chat), from ``now``.

        Pure: the history is not changed. Each step takes, among the chats' next messages,
        the one that may go first (earlier position on ties), so a slow chat does not hold up
        the others and the planned instants never go back in time.
        """
        simulation = copy.deepcopy(self)
        queues: dict[int, deque[int]] = {}
        for index, chat_id in enumerate(chat_ids):
            queues.setdefault(chat_id, deque()).append(index)
        planned = [0.0] * len(chat_ids)
        while queues:
            at, _, chat_id = min(
                (simulation.earliest(chat, now), queue[0], chat) for chat, queue in queues.items()
            )
            planned[queues[chat_id].popleft()] = at
            if not queues[chat_id]:
                del queues[chat_id]
            simulation.record(chat_id, at)
            now = at  # the history forgets what is older than its windows: never look back
        return planned

    def _forget(self, now: float) -> None:
        # A send older than a window's length can no longer hold anything back.
        horizon = now - self.limits.longest
        while self._overall and self._overall[0] <= now - self.limits.overall.seconds:
            self._overall.popleft()
        for chat_id in [c for c, h in self._chats.items() if h[-1] <= horizon]:
            del self._chats[chat_id]
        for chat_id in [c for c, t in self._chat_pause.items() if t <= now]:
            del self._chat_pause[chat_id]
