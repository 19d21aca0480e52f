"""«My requests»: the person's lists, eight rows a page, status filters, opening a card."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from tests.bot.card_support import (
    Env,
    check_limits,
    closed,
    draft,
    in_work,
    labels,
    sqlite_env,
    submitted,
    visible,
    withdrawn,
)
from tests.support.databases import ScratchDatabases
from tests.support.factories import transport_draft


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[Env]:
    async with sqlite_env(scratch_databases, tmp_path) as made:
        yield made


def rows(message) -> list[str]:
    return [label for label in labels(message) if label.startswith(("Т-", "З-"))]


async def test_rows_show_number_date_status_and_emergency_mark_newest_first(env: Env):
    co = env.co
    await draft(co)
    await submitted(co)
    soon = (co.clock.now() + timedelta(days=1)).date()
    await submitted(co, data=transport_draft(co, loading=soon))

    screen = await env.send("initiator", "/my")

    assert "Мои заявки" in visible(screen)
    assert rows(screen) == [
        "Т-000003 · 02.03 · подана · 🔥",
        "Т-000002 · 02.03 · подана",
        "Т-000001 · 02.03 · черновик",
    ]


async def test_the_list_pages_eight_requests_at_a_time(env: Env):
    for _ in range(10):
        await draft(env.co)

    first = await env.send("initiator", "/my")
    assert len(rows(first)) == 8 and rows(first)[0].startswith("Т-000010")
    assert "Всего: 10\nСтр. 1 из 2" in visible(first)
    assert "‹" not in labels(first)

    second = await env.click("initiator", first, "›")
    assert [r[:8] for r in rows(second)] == ["Т-000002", "Т-000001"]
    assert "Стр. 2 из 2" in visible(second)
    assert "›" not in labels(second)

    back = await env.click("initiator", second, "‹")
    assert rows(back) == rows(first)


async def test_status_filters_narrow_the_list(env: Env):
    co = env.co
    ids = {
        "draft": await draft(co),
        "submitted": await submitted(co),
        "in_work": await in_work(co),
        "cancelled": await withdrawn(co),
        "closed": await closed(co),
    }
    screen = await env.send("initiator", "/my")
    assert len(rows(screen)) == len(ids)
    assert "• Все" in labels(screen)

    expected = {
        "Черновики": ["черновик"],
        "Активные": ["в работе", "подана"],
        "Закрытые": ["закрыта"],
        "Отменённые": ["отменена"],
        "Все": ["закрыта", "отменена", "в работе", "подана", "черновик"],
    }
    for name, statuses in expected.items():
        screen = await env.click("initiator", screen, name)
        assert f"• {name}" in labels(screen)
        assert [row.split(" · ")[2] for row in rows(screen)] == statuses, name


async def test_changing_the_filter_starts_from_the_first_page(env: Env):
    for _ in range(9):
        await draft(env.co)
    screen = await env.send("initiator", "/my")
    screen = await env.click("initiator", screen, "›")

    screen = await env.click("initiator", screen, "Черновики")

    assert len(rows(screen)) == 8 and "Стр. 1 из 2" in visible(screen)


async def test_a_plain_initiator_has_one_list_and_an_empty_one_says_so(env: Env):
    screen = await env.send("initiator", "/my")

    assert "Здесь пока нет заявок." in visible(screen)
    assert not {"🛠 В работе", "📥 Очередь"} & set(labels(screen))


async def test_an_executor_sees_requests_in_his_work_and_switches_to_the_queue(env: Env):
    co = env.co
    taken = await in_work(co)
    waiting = await submitted(co)
    await draft(co)

    screen = await env.send("executor", "/my")

    assert "Мои заявки в работе" in visible(screen)
    assert rows(screen) == [f"Т-{taken:06d} · 02.03 · в работе"]
    assert "Черновики" not in labels(screen) and "• 🛠 В работе" in labels(screen)

    queue = await env.click("executor", screen, "📥 Очередь")
    assert "Очередь: ждут исполнителя" in visible(queue)
    assert rows(queue) == [f"Т-{waiting:06d} · 02.03 · подана"]
    assert "Загрузка исполнителей" not in visible(queue)


async def test_the_queue_puts_emergencies_first_and_keeps_other_departments_out(env: Env):
    co = env.co
    ordinary = await submitted(co)
    soon = (co.clock.now() + timedelta(days=1)).date()
    urgent = await submitted(co, data=transport_draft(co, loading=soon))

    screen = await env.send("executor", "/work")
    queue = await env.click("executor", screen, "📥 Очередь")
    assert [r[:8] for r in rows(queue)] == [f"Т-{urgent:06d}", f"Т-{ordinary:06d}"]

    buyer = await env.send("buyer", "/my")
    assert rows(buyer) == []


async def test_the_head_sees_the_queue_with_each_executors_load(env: Env):
    co = env.co
    await in_work(co, executor="executor")
    await in_work(co, executor="executor")
    await submitted(co)

    screen = await env.send("head", "/my")

    assert "Очередь: ждут исполнителя" in visible(screen)
    assert "Загрузка исполнителей: Executor — 2, Executor2 — 0" in visible(screen)
    assert len(rows(screen)) == 1


async def test_a_row_opens_the_card_and_back_returns_to_the_list(env: Env):
    request_id = await submitted(env.co)
    screen = await env.send("initiator", "/my")

    card = await env.click("initiator", screen, f"Т-{request_id:06d} .*")
    assert f"Т-{request_id:06d} · заявка на перевозку" in visible(card)

    back = await env.click("initiator", card, "⬅️ Назад")
    assert rows(back) == rows(screen)


async def test_a_stranger_is_told_to_register(env: Env):
    env.co.users["initiator"].tg_id = 999_999  # nobody with this Telegram id

    screen = await env.send("initiator", "/my")

    assert "Отправьте /start" in visible(screen)


async def test_the_whole_bot_opens_the_list_on_my_and_a_card_from_a_row(bot_env):
    request_id = await submitted(bot_env.company)
    anna = bot_env.client("initiator")

    await anna.send("/my")
    listing = bot_env.last(anna)
    check_limits(listing)
    assert rows(listing) == [f"Т-{request_id:06d} · 02.03 · подана"]

    await anna.click(listing, InlineButtonTextLocator("Т-.*"))
    card = bot_env.last(anna)
    check_limits(card)
    assert "Статус: подана" in visible(card)
    assert "↩️ Отозвать" in labels(card)
