"""An independent check of a send schedule against Telegram's windows, for the pace tests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flows.pacing import Limits, Window


def _crowded(name: str, times: list[float], window: Window) -> list[str]:
    problems = []
    for index, start in enumerate(times):
        inside = [t for t in times[index:] if t < start + window.seconds - 1e-9]
        if len(inside) > window.count:
            problems.append(f"{name}: {len(inside)} sends within {window.seconds} s of {start}")
    return problems


def over_limit(sends: Iterable[tuple[int, float]], limits: Limits) -> list[str]:
    """Every window holding more sends than allowed; counted without the planner's code."""
    ordered = sorted(sends, key=lambda send: send[1])
    by_chat: dict[int, list[float]] = defaultdict(list)
    for chat, at in ordered:
        by_chat[chat].append(at)
    problems = _crowded("overall", [at for _, at in ordered], limits.overall)
    for chat, times in by_chat.items():
        for window in limits.for_chat(chat):
            problems += _crowded(f"chat {chat}", times, window)
    return problems
