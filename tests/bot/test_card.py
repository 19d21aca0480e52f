"""The request card in chat: the right buttons for each person, actions, stale presses,
history, long cards in pages, and typed text shown exactly as typed."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.drafts import CargoData, ItemData
from flows.enums import Status
from flows.services import requests
from tests.bot.card_support import (
    Env,
    draft,
    in_work,
    labels,
    sqlite_env,
    submitted,
    visible,
)
from tests.support.databases import ScratchDatabases
from tests.support.factories import procurement_draft, transport_draft

NAVIGATION = ["📜 История", "🔄 Обновить", "⬅️ Назад"]
WITHDRAW, SUBMIT, TAKE = "↩️ Отозвать", "📤 Подать", "✋ Взять в работу"
CONTINUE = "✏️ Продолжить заполнение"
NASTY = "<b>Пресс</b> & *жирный* _курсив_ `код` [ссылка](x) &amp; 🚚"


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[Env]:
    async with sqlite_env(scratch_databases, tmp_path) as made:
        yield made


def actions(message) -> list[str]:
    """The business buttons: everything but navigation and page turning."""
    return [
        label
        for label in labels(message)
        if label not in NAVIGATION and not re.fullmatch(r"‹ \d+/\d+|\d+/\d+ ›", label)
    ]


async def status_of(env: Env, request_id: int) -> Status:
    async with env.co.deps.uow() as uow:
        request = await uow.requests.get(request_id)
    assert request is not None
    return Status(request.status)


async def test_the_author_may_withdraw_a_submitted_request_and_nobody_else_sees_it(env: Env):
    request_id = await submitted(env.co)

    author = await env.send("initiator", f"/card {request_id}")
    assert actions(author) == [WITHDRAW]
    assert labels(author)[-3:] == NAVIGATION

    # The project manager of the project may cancel it, giving the reason in a dialog.
    assert actions(await env.send("pm", f"/card {request_id}")) == ["❌ Отменить заявку"]
    assert actions(await env.send("head", f"/card {request_id}")) == ["👤 Назначить исполнителя"]
    assert actions(await env.send("executor", f"/card {request_id}")) == [TAKE]
    assert actions(await env.send("buyer", f"/card {request_id}")) == [TAKE]


async def test_a_draft_offers_its_author_to_submit_or_withdraw(env: Env):
    request_id = await draft(env.co)

    author = await env.send("initiator", f"/card {request_id}")
    assert actions(author) == [CONTINUE, SUBMIT, WITHDRAW]
    assert actions(await env.send("executor", f"/card {request_id}")) == []


async def test_pressing_submit_submits_and_shows_the_fresh_card(env: Env):
    request_id = await draft(env.co)
    card = await env.send("initiator", f"/card {request_id}")

    after = await env.click("initiator", card, SUBMIT)

    assert visible(after).startswith("✅ Заявка подана.")
    assert "Статус: подана" in visible(after)
    assert actions(after) == [WITHDRAW]
    assert await status_of(env, request_id) is Status.submitted


async def test_an_incomplete_draft_is_not_submitted_and_the_card_says_what_is_missing(env: Env):
    data = transport_draft(env.co)
    data.cargo = None
    request_id = await draft(env.co, data=data)
    card = await env.send("initiator", f"/card {request_id}")

    after = await env.click("initiator", card, SUBMIT)

    assert visible(after).startswith("⚠️ Заполните поле «груз»")
    assert "Статус: черновик" in visible(after)
    assert await status_of(env, request_id) is Status.draft


async def test_withdrawing_asks_first_and_no_keeps_the_request(env: Env):
    request_id = await submitted(env.co)
    card = await env.send("initiator", f"/card {request_id}")

    question = await env.click("initiator", card, WITHDRAW)
    assert visible(question).startswith(f"Отозвать заявку Т-{request_id:06d}?")
    assert labels(question) == ["✅ Да", "✖️ Нет"]

    again = await env.click("initiator", question, "✖️ Нет")
    assert actions(again) == [WITHDRAW]
    assert await status_of(env, request_id) is Status.submitted

    question = await env.click("initiator", again, WITHDRAW)
    done = await env.click("initiator", question, "✅ Да")
    assert visible(done).startswith("✅ Заявка отозвана.")
    assert "Статус: отменена" in visible(done)
    assert actions(done) == []
    assert await status_of(env, request_id) is Status.cancelled


async def test_an_executor_takes_the_request_from_its_card(env: Env):
    request_id = await submitted(env.co)
    card = await env.send("executor", f"/card {request_id}")

    after = await env.click("executor", card, TAKE)

    assert visible(after).startswith("✅ Вы взяли заявку в работу.")
    assert "Статус: в работе" in visible(after)
    assert "Исполнитель: Executor" in visible(after)
    assert actions(after) == [
        "✏️ Изменить срок или сумму",
        "🛑 Запросить отмену",
        "📣 Начать тендер",
    ]
    async with env.co.deps.uow() as uow:
        request = await uow.requests.get(request_id)
    assert request is not None and request.executor_id == env.co.id("executor")


async def test_the_second_executor_on_a_stale_card_learns_who_was_faster(env: Env):
    request_id = await submitted(env.co)
    slow = await env.send("executor2", f"/card {request_id}")
    fast = await env.send("executor", f"/card {request_id}")
    await env.click("executor", fast, TAKE)

    after = await env.click("executor2", slow, TAKE)

    assert visible(after).startswith("⚠️ Заявку уже взял в работу: Executor.")
    assert "Статус: в работе" in visible(after)
    assert actions(after) == []
    async with env.co.deps.uow() as uow:
        request = await uow.requests.get(request_id)
    assert request is not None and request.executor_id == env.co.id("executor")


async def test_a_stale_press_is_refused_not_applied(env: Env):
    request_id = await draft(env.co)
    card = await env.send("initiator", f"/card {request_id}")
    # Someone (the same author from another device) submits meanwhile.
    await requests.submit(env.co.deps, env.co.ref("initiator"), request_id)

    question = await env.click("initiator", card, WITHDRAW)
    after = await env.click("initiator", question, "✅ Да")

    assert visible(after).startswith("⚠️ Заявка уже изменилась")
    assert "Статус: подана" in visible(after)
    assert actions(after) == [WITHDRAW]
    assert await status_of(env, request_id) is Status.submitted


async def test_the_stale_message_names_the_status_in_russian(env: Env):
    request_id = await draft(env.co)
    card = await env.send("initiator", f"/card {request_id}")
    await requests.submit(env.co.deps, env.co.ref("initiator"), request_id)

    after = await env.click("initiator", card, SUBMIT)

    assert "сейчас она в статусе «подана»" in visible(after)


async def test_refresh_shows_what_others_did_meanwhile(env: Env):
    request_id = await submitted(env.co)
    card = await env.send("initiator", f"/card {request_id}")
    await requests.take(env.co.deps, env.co.ref("executor"), request_id)

    fresh = await env.click("initiator", card, "🔄 Обновить")

    assert "Статус: в работе" in visible(fresh)
    assert actions(fresh) == []


async def test_history_lists_every_step_and_leads_back_to_the_card(env: Env):
    request_id = await in_work(env.co)
    card = await env.send("initiator", f"/card {request_id}")

    history = await env.click("initiator", card, "📜 История")

    text = visible(history)
    assert text.startswith(f"История Т-{request_id:06d}")
    assert "02.03 10:00 · Initiator (инициатор)\nподать: черновик → подана" in text
    assert "02.03 10:00 · Executor (исполнитель)\nвзять в работу: подана → в работе" in text
    back = await env.click("initiator", history, "⬅️ К карточке")
    assert "Статус: в работе" in visible(back)


async def test_a_long_card_is_paged_and_every_page_fits(env: Env):
    data = procurement_draft(env.co)
    data.items = [ItemData(f"Позиция {n} " + "ж" * 80, n, "шт", "ТУ " * 20) for n in range(60)]
    data.comment = ("Комментарий <длинный> & подробный 🚚 " * 100)[:3000]
    request_id = await draft(env.co, data=data)

    screen = await env.send("initiator", f"/card {request_id}")
    first_page = visible(screen)
    pages = [first_page]
    total = int(first_page.rsplit("Стр. 1 из ", 1)[1])
    assert total > 1 and "‹" not in "".join(labels(screen))
    for number in range(2, total + 1):
        screen = await env.click("initiator", screen, rf"{number}/{total} ›")
        pages.append(visible(screen))
        assert f"Стр. {number} из {total}" in pages[-1]

    text = "\n".join(pages)
    for n in range(60):
        assert f"{n + 1}. Позиция {n} " + "ж" * 80 in text
    assert data.comment in text.replace("\n", "")
    assert actions(screen) == [CONTINUE, SUBMIT, WITHDRAW]
    back = await env.click("initiator", screen, rf"‹ {total - 1}/{total}")
    assert visible(back) == pages[-2]


async def test_typed_text_is_escaped_in_html_and_read_exactly_as_typed(env: Env):
    data = transport_draft(env.co)
    data.comment = NASTY
    data.cargo = CargoData(description=NASTY, weight_kg=100)
    data.route[0].address = NASTY
    request_id = await draft(env.co, data=data)

    screen = await env.send("initiator", f"/card {request_id}")

    assert "&lt;b&gt;Пресс&lt;/b&gt; &amp; *жирный*" in (screen.text or "")
    assert "<b>Пресс</b>" not in (screen.text or "")
    text = visible(screen)
    assert f"1. Погрузка: {NASTY}" in text
    assert f"Комментарий: {NASTY}" in text
    assert text.count(NASTY) == 3


async def test_a_missing_request_says_so_and_offers_only_the_way_back(env: Env):
    screen = await env.send("initiator", "/card 424242")

    assert visible(screen).startswith("⚠️ Заявка не найдена.")
    assert labels(screen) == ["🔄 Обновить", "⬅️ Назад"]
