"""The tender in chat: deadlines by the company calendar, bids from the directory or a new
counterparty, the comparison, the winner (a single bid needs a reason), restarts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from flows.enums import Decision, Status
from flows.services import decisions, tender
from flows.services.tender import BidData
from tests.bot.conftest import BotEnv
from tests.bot.lifecycle_kit import chat, labels, lifecycle_env, visible
from tests.support.databases import ScratchDatabases
from tests.support.lifecycle import (
    add_bids,
    approvals,
    approver_name,
    awaiting_payment,
    bids_of,
    in_tender,
    in_winner_approval,
    in_work,
    request_row,
)

START, ADD, COMPARE = (
    "📣 Начать тендер",
    "➕ Добавить предложение",
    "📊 Сравнить и выбрать победителя",
)
CHOOSE, SAVE, SKIP = "🏆 Выбрать победителя", "✅ Сохранить предложение", "Пропустить ›"
ONE_DAY = "через 1 рабочий день · 03.03 10:00"


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[BotEnv]:
    async with lifecycle_env(scratch_databases, tmp_path) as made:
        yield made


async def reject_winner(env: BotEnv, request_id: int, comment: str) -> None:
    co = env.company
    pending = await approvals(co, request_id, decision=Decision.pending)
    first = pending[0]
    assert first.id is not None
    who = approver_name(co, first)
    await decisions.decide(co.deps, co.ref(who), first.id, approve=False, comment=comment)


async def test_the_executor_starts_the_tender_with_a_deadline_one_working_day_ahead(
    env: BotEnv,
) -> None:
    request_id = await in_work(env.company)
    executor = chat(env, "executor")

    window = await executor.press(await executor.card(request_id), START)
    assert labels(window)[:3] == [
        ONE_DAY,
        "через 2 рабочих дня · 04.03 10:00",
        "через 3 рабочих дня · 05.03 10:00",
    ]
    card = await executor.press(window, ONE_DAY)

    text = visible(card)
    assert text.startswith("✅ Тендер начат: приём предложений до 03.03 10:00.")
    assert "Статус: тендер" in text
    row = await request_row(env.company, request_id)
    assert row.status == Status.tender and row.bid_deadline is not None


async def test_a_typed_deadline_is_read_and_a_past_one_is_refused_in_russian(
    env: BotEnv,
) -> None:
    request_id = await in_work(env.company)
    executor = chat(env, "executor")
    window = await executor.press(await executor.card(request_id), START)

    refused = await executor.type("02.03 09:00")
    assert visible(refused).startswith("⚠️ Срок приёма предложений должен быть в будущем.")
    wrong = await executor.type("04.03 25:00")
    assert "Такого времени нет" in visible(wrong)
    card = await executor.type("04.03")

    assert visible(card).startswith("✅ Тендер начат: приём предложений до 04.03 18:00.")
    assert window.message_id != card.message_id


async def test_three_bids_one_from_a_new_counterparty_are_compared_and_the_winner_picked(
    env: BotEnv,
) -> None:
    co = env.company
    request_id = await in_work(co)
    deadline = co.clock.now() + timedelta(days=2)
    await tender.start_tender(co.deps, co.ref("executor"), request_id, bid_deadline=deadline)
    executor = chat(env, "executor")

    directory = await executor.press(await executor.card(request_id), ADD)
    assert "Перевозчик 0 · ▫️ не проверялся" in labels(directory)
    await executor.press(directory, "Перевозчик 0 · ▫️ не проверялся")
    await executor.type("140 000")
    await executor.type("оплата 30 дней")
    await executor.type("10.03")
    confirm = await executor.press(executor.shown(), SKIP)
    assert "Цена: 140 000,00 ₽ (с НДС)" in visible(confirm)
    directory = await executor.press(confirm, SAVE)
    assert visible(directory).startswith("ℹ️ ✅ Предложение сохранено: Перевозчик 0")

    found = await executor.type("перевозчик 1")
    carriers = [label for label in labels(found) if label.startswith("Перевозчик")]
    assert carriers == ["Перевозчик 1 · ▫️ не проверялся"]
    price = await executor.press(found, "Перевозчик 1 · ▫️ не проверялся")
    price = await executor.press(price, "🔁 Сменить на «без НДС»")
    assert "Цена предложения, ₽ (без НДС):" in visible(price)
    await executor.press(await executor.type("155 тыс"), SKIP)
    await executor.press(await executor.type("08.03"), SKIP)
    directory = await executor.press(executor.shown(), SAVE)

    await executor.press(directory, "➕ Новый контрагент")
    await executor.type("ООО «Тяжмаш» <b>")
    wrong = await executor.type("12345")
    assert "В ИНН 10 или 12 цифр." in visible(wrong)
    await executor.type("7705 123 456")
    await executor.type("148000")
    for _ in range(3):  # terms, delivery date, comment
        await executor.press(executor.shown(), SKIP)
    directory = await executor.press(executor.shown(), SAVE)
    assert "Тяжмаш" in visible(directory)

    card = await executor.press(directory, "⬅️ К заявке")
    assert "Предложения: 3" in visible(card)
    comparison = await executor.press(card, COMPARE)
    text = visible(comparison)
    assert text.startswith("Предложения по заявке")
    assert "1. Перевозчик 0 — 140 000,00 ₽ с НДС" in text
    assert "дешевле сметы на 10 000,00 ₽ (6,7%) · дешевле медианы на 8 000,00 ₽ (5,4%)" in text
    assert "2. ООО «Тяжмаш» <b> — 148 000,00 ₽ с НДС" in text
    assert "3. Перевозчик 1 — 155 000,00 ₽ без НДС" in text
    assert "срок 08.03.2026 ⚡ самый ранний" in text
    assert "Медианное предложение: 148 000,00 ₽" in text
    assert "Самый ранний срок: 08.03.2026 (Перевозчик 1)" in text
    assert "⚠️ Часть цен указана без НДС" in text
    assert "СБ: ▫️ не проверялся · ✍️ внесено вручную" in text
    new = next(b for b in await bids_of(co, request_id) if b.price_kop == 148_000_00)
    async with co.deps.uow() as uow:
        cp = await uow.reference.counterparty(new.counterparty_id)
    assert cp is not None and cp.inn == "7705123456" and cp.kind == "carrier"

    pick = await executor.press(comparison, CHOOSE)
    card = await executor.press(pick, "1. Перевозчик 0 — 140 000,00 ₽")

    assert visible(card).startswith("✅ Победитель выбран: 1. Перевозчик 0 — 140 000,00 ₽.")
    row = await request_row(co, request_id)
    assert row.status == Status.winner_approval and row.amount_kop == 140_000_00


async def test_a_single_bid_needs_a_written_reason_before_it_wins(env: BotEnv) -> None:
    request_id, bids = await in_tender(env.company, prices=(140_000_00,))
    executor = chat(env, "executor")
    comparison = await executor.press(await executor.card(request_id), COMPARE)
    pick = await executor.press(comparison, CHOOSE)

    refused = await executor.press(pick, "1. Перевозчик 0 — 140 000,00 ₽")
    assert visible(refused).startswith(
        "⚠️ Получено только одно предложение. Напишите, почему можно работать с единственным "
        "поставщиком."
    )
    assert (await request_row(env.company, request_id)).status == Status.tender
    card = await executor.type("Единственный перевозчик с тралом в регионе")

    assert visible(card).startswith("✅ Победитель выбран")
    row = await request_row(env.company, request_id)
    assert row.winner_bid_id == bids[0].id
    assert row.single_source_reason == "Единственный перевозчик с тралом в регионе"


async def test_restarting_waits_for_a_rejection_then_opens_a_new_round(env: BotEnv) -> None:
    request_id, _ = await in_winner_approval(env.company)
    executor = chat(env, "executor")

    early = await executor.card(request_id)
    assert "🔄 Перезапустить тендер" not in labels(early)
    assert "🔁 Выбрать другого победителя" not in labels(early)
    await reject_winner(env, request_id, "Дорого")
    window = await executor.press(await executor.card(request_id), "🔄 Перезапустить тендер")
    card = await executor.press(window, ONE_DAY)

    text = visible(card)
    assert text.startswith("✅ Тендер перезапущен: приём предложений до 03.03 10:00.")
    assert "Перезапусков тендера: 1" in text
    row = await request_row(env.company, request_id)
    assert row.status == Status.tender and row.tender_restarts == 1


async def test_after_a_rejection_the_executor_picks_another_winner(env: BotEnv) -> None:
    request_id, bids = await in_winner_approval(env.company)
    await reject_winner(env, request_id, "Перевозчик 0 срывал сроки")
    executor = chat(env, "executor")

    comparison = await executor.press(
        await executor.card(request_id), "🔁 Выбрать другого победителя"
    )
    assert "Победитель отклонён: Перевозчик 0 срывал сроки" in visible(comparison)
    pick = await executor.press(comparison, CHOOSE)
    card = await executor.press(pick, "2. Перевозчик 1 — 155 000,00 ₽")

    assert visible(card).startswith("✅ Победитель выбран: 2. Перевозчик 1")
    row = await request_row(env.company, request_id)
    assert row.winner_bid_id == bids[1].id and row.winner_rejection is None


async def test_a_refusing_carrier_restarts_the_tender_the_count_shows_and_all_are_told(
    env: BotEnv,
) -> None:
    request_id = await awaiting_payment(env.company)
    executor = chat(env, "executor")

    ask = await executor.press(await executor.card(request_id), "🚫 Контрагент отказался")
    assert "победитель тендера отказался" in visible(ask)
    window = await executor.type("Машина сломалась")
    card = await executor.press(window, ONE_DAY)

    text = visible(card)
    assert text.startswith("✅ Отказ записан, все участники уведомлены. Перезапуск тендера № 1")
    assert "Перезапусков тендера: 1" in text and "Статус: тендер" in text
    await env.deliver()
    for who in ("initiator", "pm"):
        assert any("Машина сломалась" in t for t in env.texts(who)), who
    assert [b.refused for b in await bids_of(env.company, request_id)] == [True, False]


async def test_more_than_five_bids_come_with_a_chart_and_platform_bids_are_marked(
    env: BotEnv,
) -> None:
    co = env.company
    prices = (150_000_00, 140_000_00, 160_000_00, 145_000_00, 170_000_00)
    request_id, _ = await in_tender(co, prices=prices[:3])
    await add_bids(co, request_id, prices[3:])
    await tender.add_bid(
        co.deps,
        co.ref("executor"),
        request_id,
        BidData(price_kop=139_000_00, counterparty_id=co.carriers[2].id, source="platform"),
    )
    executor = chat(env, "executor")

    comparison = await executor.press(await executor.card(request_id), COMPARE)

    assert len(env.bot.photos) == 1
    photo = env.bot.photos[0]
    assert photo.caption and photo.caption.startswith("Предложения по заявке")
    assert photo.photo.data.startswith(b"\x89PNG")  # type: ignore[union-attr]
    chart = next(m for m in env.chat("executor") if m.photo)
    assert comparison.message_id > chart.message_id  # the window stays under the chart
    text = visible(comparison)
    assert "1. Перевозчик 2 — 139 000,00 ₽ с НДС" in text
    assert "🌐 с тендерной площадки" in text


async def test_the_comparison_shows_each_counterpartys_vetting(env: BotEnv) -> None:
    co = env.company
    request_id, _ = await in_tender(co, prices=(140_000_00, 150_000_00, 160_000_00))
    today = co.deps.today()
    async with co.deps.uow() as uow:
        for cp, status, until in zip(
            co.carriers,
            ("approved", "rejected", "approved"),
            (today + timedelta(days=30), None, today - timedelta(days=1)),
            strict=True,
        ):
            row = await uow.reference.counterparty(cp.id)
            assert row is not None
            row.security_status, row.security_valid_until = status, until
            uow.session.add(row)
        await uow.commit()
    executor = chat(env, "executor")

    text = visible(await executor.press(await executor.card(request_id), COMPARE))

    assert "СБ: ✅ проверен" in text
    assert "СБ: ⛔ отклонён СБ" in text
    assert "СБ: ⌛ проверка истекла" in text
    assert not env.bot.photos


async def test_a_stale_start_button_says_the_request_moved_on_and_shows_the_fresh_card(
    env: BotEnv,
) -> None:
    co = env.company
    request_id = await in_work(co)
    executor = chat(env, "executor")
    window = await executor.press(await executor.card(request_id), START)
    deadline = co.clock.now() + timedelta(days=3)
    await tender.start_tender(co.deps, co.ref("executor"), request_id, bid_deadline=deadline)

    card = await executor.press(window, ONE_DAY)

    text = visible(card)
    assert text.startswith("⚠️ Заявка уже изменилась")
    assert ADD in labels(card)
    row = await request_row(co, request_id)
    assert row.bid_deadline is not None and row.bid_deadline.date() == date(2026, 3, 5)
