"""Telegram's pace as planned by flows.pacing: never over a limit, a burst spread, not dropped."""

from __future__ import annotations

import random

import pytest

from flows.pacing import TELEGRAM_LIMITS, Limits, Planner, Window
from tests.support.pacing import over_limit

GROUP = -100_500


def test_a_burst_to_forty_people_is_spread_over_ten_seconds_and_nothing_is_dropped() -> None:
    planner = Planner(TELEGRAM_LIMITS)
    chats = [1000 + n % 40 for n in range(300)]

    planned = planner.plan(chats, now=100.0)

    assert len(planned) == 300 and min(planned) == 100.0
    assert over_limit(zip(chats, planned, strict=True), TELEGRAM_LIMITS) == []
    # 30 a second overall: 300 messages need just under ten seconds, and no more.
    assert 109.0 <= max(planned) < 110.5


def test_each_chat_gets_its_messages_in_order_one_a_second() -> None:
    chats = [7, 7, 7, 8, 7]

    planned = Planner().plan(chats, now=0.0)

    sevens = [at for chat, at in zip(chats, planned, strict=True) if chat == 7]
    assert sevens == sorted(sevens) and sevens == [0.0, 1.0, 2.0, 3.0]
    assert planned[3] == 0.0  # another chat does not wait behind a busy one


def test_a_group_gets_no_more_than_twenty_a_minute() -> None:
    planned = Planner().plan([GROUP] * 25, now=0.0)

    assert planned[:20] == [float(n) for n in range(20)]
    assert planned[20] == 60.0
    assert over_limit(((GROUP, at) for at in planned), TELEGRAM_LIMITS) == []


def test_planning_leaves_the_history_alone() -> None:
    planner = Planner()
    planner.record(5, 10.0)

    planner.plan([5, 5, 5], now=10.0)

    assert planner.earliest(5, 10.0) == 11.0


@pytest.mark.parametrize("seed", range(25))
def test_random_traffic_with_history_and_pauses_never_exceeds_a_limit(seed: int) -> None:
    rng = random.Random(seed)
    limits = Limits(Window(5, 1.0), (Window(1, 0.5),), (Window(1, 0.5), Window(3, 4.0)))
    planner = Planner(limits)
    chats = [1, 2, 3, 4, 5, 6, -7, -8]
    now, actual = 0.0, []
    for _ in range(40):
        now += rng.choice([0.0, 0.05, 0.3, 1.0])
        if rng.random() < 0.1:
            planner.retry_after(rng.choice(chats), rng.choice([0.5, 2.0]), now)
        wanted = [rng.choice(chats) for _ in range(rng.randint(0, 12))]
        planned = planner.plan(wanted, now)
        assert all(at >= now for at in planned)
        assert over_limit([*actual, *zip(wanted, planned, strict=True)], limits) == []
        # Send the first few as planned; the rest wait for a later round.
        for chat, at in sorted(zip(wanted, planned, strict=True), key=lambda p: p[1])[:4]:
            if planner.may_send(chat, at):
                planner.record(chat, at)
                actual.append((chat, at))
                now = max(now, at)
    assert over_limit(actual, limits) == []


def test_one_chats_429_pauses_that_chat_and_a_second_pauses_everyone() -> None:
    planner = Planner()

    assert planner.retry_after(1, 5, now=0.0) is False
    assert planner.earliest(1, 0.0) == 5.0 and planner.earliest(2, 0.0) == 0.0

    assert planner.retry_after(2, 3, now=1.0) is True
    assert planner.earliest(3, 1.0) == 4.0
    assert planner.plan([3, 1], now=1.0) == [4.0, 5.0]


def test_the_time_unit_scales_every_window() -> None:
    fast = TELEGRAM_LIMITS.scaled(0.01)

    planned = Planner(fast).plan([1, 1, 1], now=0.0)

    assert planned == pytest.approx([0.0, 0.01, 0.02])
    assert fast.overall.count == 30
