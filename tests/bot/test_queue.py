"""The department's queue in chat: executors take requests from it, the head assigns one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from flows.services import requests
from tests.bot.conftest import BotEnv
from tests.bot.lifecycle_kit import chat, labels, lifecycle_env, visible
from tests.support.databases import ScratchDatabases
from tests.support.factories import procurement_draft, transport_draft
from tests.support.lifecycle import in_work, request_row, submitted

QUEUE = "Очередь новых заявок"
ASSIGN = "👤 Назначить исполнителя"


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[BotEnv]:
    async with lifecycle_env(scratch_databases, tmp_path) as made:
        yield made


async def transport_due_in(env: BotEnv, days: int) -> int:
    co = env.company
    loading = co.deps.today() + timedelta(days=days)
    return await submitted(co, draft=transport_draft(co, loading=loading))


async def number(env: BotEnv, request_id: int) -> str:
    return (await request_row(env.company, request_id)).number


async def test_the_head_sees_the_logistics_queue_emergencies_first_then_the_nearest_loading(
    env: BotEnv,
) -> None:
    later, urgent, sooner = [await transport_due_in(env, d) for d in (20, 1, 10)]
    await submitted(env.company, draft=procurement_draft(env.company))
    head = chat(env, "head")

    queue = await head.press(await head.type("/menu"), QUEUE)

    rows = [label for label in labels(queue) if "·" in label]
    assert rows == [
        f"🔥 {await number(env, urgent)} · погрузка 03.03",
        f"{await number(env, sooner)} · погрузка 12.03",
        f"{await number(env, later)} · погрузка 22.03",
    ]
    text = visible(queue)
    assert text.startswith("Очередь: ждут исполнителя")
    assert "Всего: 3" in text and "Откройте заявку, чтобы назначить исполнителя." in text


async def test_a_procurement_executor_sees_only_procurement_requests_with_their_due_date(
    env: BotEnv,
) -> None:
    await transport_due_in(env, 10)
    wanted = await submitted(env.company, draft=procurement_draft(env.company))
    buyer = chat(env, "buyer")

    queue = await buyer.press(await buyer.type("/menu"), QUEUE)

    rows = [label for label in labels(queue) if "·" in label]
    assert rows == [f"{await number(env, wanted)} · нужно к 23.03"]
    assert "Откройте заявку, чтобы взять её в работу." in visible(queue)


async def test_an_executor_opens_a_request_from_the_queue_and_takes_it(env: BotEnv) -> None:
    request_id = await transport_due_in(env, 10)
    executor = chat(env, "executor")
    queue = await executor.press(await executor.type("/menu"), QUEUE)

    card = await executor.press(queue, f"{await number(env, request_id)} · погрузка 12.03")
    card = await executor.press(card, "✋ Взять в работу")

    assert "Статус: в работе" in visible(card)
    assert (await request_row(env.company, request_id)).executor_id == env.company.id("executor")


async def test_the_head_assigns_the_least_loaded_executor_and_everyone_is_told(
    env: BotEnv,
) -> None:
    co = env.company
    await in_work(co, executor="executor2")
    request_id = await transport_due_in(env, 10)
    head = chat(env, "head")
    card = await head.card(request_id)

    choice = await head.press(card, ASSIGN)

    assert labels(choice)[:2] == ["Executor — в работе: 0", "Executor2 — в работе: 1"]
    assert "Buyer" not in " ".join(labels(choice))
    card = await head.press(choice, "Executor — в работе: 0")
    text = visible(card)
    assert text.startswith("✅ Назначен исполнитель: Executor.")
    assert "Статус: в работе" in text and "Исполнитель: Executor" in text
    await env.deliver()
    assert any("Executor" in t for t in env.texts("initiator"))
    assert (await request_row(co, request_id)).executor_id == co.id("executor")


async def test_the_head_reassigns_a_request_in_work_and_sees_the_current_executor(
    env: BotEnv,
) -> None:
    request_id = await in_work(env.company, executor="executor")
    head = chat(env, "head")

    choice = await head.press(await head.card(request_id), ASSIGN)
    assert "Executor — в работе: 1 · сейчас" in labels(choice)
    card = await head.press(choice, "Executor2 — в работе: 0")

    assert "Исполнитель: Executor2" in visible(card)


async def test_assigning_from_a_stale_card_says_why_and_shows_the_fresh_card(
    env: BotEnv,
) -> None:
    co = env.company
    request_id = await transport_due_in(env, 10)
    head = chat(env, "head")
    choice = await head.press(await head.card(request_id), ASSIGN)
    await requests.take(co.deps, co.ref("executor2"), request_id)

    card = await head.press(choice, "Executor — в работе: 0")

    text = visible(card)
    assert text.startswith("⚠️ Заявка уже изменилась")
    assert "Исполнитель: Executor2" in text
    assert ASSIGN in labels(card)
    assert (await request_row(co, request_id)).executor_id == co.id("executor2")
