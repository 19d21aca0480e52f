"""A transport request from filing to closed, through the chat, by six people.

Initiator, executor, head of logistics, project manager, security and executive director
each act in their own chat: filing, assignment, the tender, a rejected winner and a re-pick,
the carrier refusing and a new tender, a change of date and amount, a discrepancy on
receipt, closing documents. Payment arrives from the 1C integration (a service call, as in
production). At the end the request's history names every step with who, role, when and
the comment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.actor import ActorRef
from flows.enums import Source, Status
from flows.services import delivery
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import current, has_approval_buttons
from tests.bot.lifecycle_kit import lifecycle_env, visible
from tests.bot.new_request_kit import add_reference, fill_transport, latest_request
from tests.bot.scenario_kit import ONE_DAY, Person, pending_seats
from tests.support import lifecycle as lc
from tests.support.databases import ScratchDatabases

REFUSAL = "Машина сломалась в пути на погрузку"
CHANGE_REASON = "Перевозчик просит доплату за простой"
EXPECTED_LOG = [
    ("Initiator", "initiator", "submit", "draft", "submitted", None),
    ("Head", "head", "assign", "submitted", "in_work", None),
    ("Executor", "executor", "start_tender", "in_work", "tender", None),
    ("Executor", "executor", "pick_winner", "tender", "winner_approval", None),
    ("Security", "security", "approve_winner", "winner_approval", "winner_approval", None),
    (
        "Pm",
        "project_manager",
        "reject_winner",
        "winner_approval",
        "winner_approval",
        "Перевозчик 0 срывал сроки",
    ),
    ("Executor", "executor", "repick_winner", "winner_approval", "winner_approval", None),
    ("Pm", "project_manager", "approve_winner", "winner_approval", "winner_approval", None),
    ("Security", "security", "approve_winner", "winner_approval", "winner_approval", None),
    (
        "Director",
        "executive_director",
        "approve_winner",
        "winner_approval",
        "awaiting_payment",
        None,
    ),
    ("Executor", "executor", "carrier_refused", "awaiting_payment", "tender", REFUSAL),
    ("Executor", "executor", "pick_winner", "tender", "winner_approval", None),
    ("Pm", "project_manager", "approve_winner", "winner_approval", "winner_approval", None),
    (
        "Director",
        "executive_director",
        "approve_winner",
        "winner_approval",
        "awaiting_payment",
        None,
    ),
    ("1c", "system", "record_payment", "awaiting_payment", "paid", "ПП 42 от 02.03.2026"),
    ("Executor", "executor", "request_change", "paid", "paid", CHANGE_REASON),
    ("Pm", "project_manager", "approve_change", "paid", "paid", None),
    ("Director", "executive_director", "approve_change", "paid", "paid", None),
    ("Executor", "executor", "dispatch", "paid", "in_delivery", None),
    ("Executor", "executor", "deliver", "in_delivery", "delivered", None),
    (
        "Initiator",
        "initiator",
        "confirm_receipt",
        "delivered",
        "documents",
        "Одно место пришло с вмятиной",
    ),
    ("Executor", "executor", "close", "documents", "closed", None),
]


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[BotEnv]:
    async with lifecycle_env(scratch_databases, tmp_path) as made:
        await add_reference(made.deps)
        yield made


async def test_a_transport_request_goes_from_filing_to_closed_through_the_chat(env: BotEnv):
    co = env.company
    anna, ivan, head, pm, security, director = (
        Person(env, who) for who in ("initiator", "executor", "head", "pm", "security", "director")
    )

    # The initiator files the request with the filing dialog.
    await fill_transport(anna.filer())
    await anna.tap("✅ Отправить")
    await anna.tap("✅ Отправить")
    times = {"submitted": co.clock.now()}
    request = await latest_request(co.deps)
    request_id, number = request.id, request.number
    assert request.status == Status.submitted
    await env.deliver()

    # The head assigns the executor from the queue.
    await head.menu("Очередь новых заявок")
    await head.tap(f"{number} · .*")
    await head.tap_exactly("👤 Назначить исполнителя")
    await head.tap("Executor — .*")
    assert (await lc.request_row(co, request_id)).executor_id == co.id("executor")

    # The executor starts the tender and enters two bids from the directory.
    await ivan.card(request_id)
    await ivan.tap_exactly("📣 Начать тендер")
    await ivan.tap(ONE_DAY)
    for carrier, price in (("Перевозчик 0", "140 000"), ("Перевозчик 1", "155 000")):
        await ivan.tap_exactly("➕ Добавить предложение")
        await ivan.tap(f"{carrier} · .*")
        await ivan.type(price)
        for _ in range(3):
            await ivan.tap_exactly("Пропустить ›")
        await ivan.tap_exactly("✅ Сохранить предложение")
        await ivan.tap_exactly("⬅️ К заявке")

    # He compares the bids and picks the cheaper one; approvals go out.
    await ivan.tap_exactly("📊 Сравнить и выбрать победителя")
    await ivan.tap_exactly("🏆 Выбрать победителя")
    assert (await ivan.tap("1. Перевозчик 0 — 140 000,00 ₽.*")).startswith("✅ Победитель выбран")
    seats = await pending_seats(env, request_id)
    assert set(seats) == {"pm", "director", "security"}
    director_copy = director.approval_message(seats["director"])
    assert "Сравнение ставок (2):" in visible(director_copy)

    # Security clears the carrier; the project manager rejects the winner with a reason.
    await security.tap("Согласовать", security.approval_message(seats["security"]))
    await pm.tap("Отклонить", pm.approval_message(seats["pm"]))
    assert (await pm.type("Перевозчик 0 срывал сроки")).startswith("❌ Отклонено.")
    times["rejected"] = co.clock.now()
    assert not has_approval_buttons(current(env, director_copy))
    assert "Больше не требуется: отклонено, Pm" in visible(current(env, director_copy))
    await env.deliver()
    assert "Причина: Перевозчик 0 срывал сроки" in env.texts("executor")[-1]

    # The executor picks the other bid, over the budget this time.
    await ivan.card(request_id)
    await ivan.tap_exactly("🔁 Выбрать другого победителя")
    await ivan.tap_exactly("🏆 Выбрать победителя")
    await ivan.tap("2. Перевозчик 1 — 155 000,00 ₽.*")
    seats = await pending_seats(env, request_id)
    assert set(seats) == {"pm", "director", "security"}
    message = director.approval_message(seats["director"])
    assert "Превышение бюджета на 5 000,00 ₽." in visible(message)

    # The project manager approves from «На согласовании», security from its list, the
    # director from the message: the request moves to payment.
    await pm.menu("На согласовании")
    await pm.tap(f"{number} · победитель тендера · 155 000,00 ₽")
    assert "✅ Согласовано." in await pm.tap_exactly("✅ Согласовать")
    await security.menu("Проверка контрагентов")
    await security.tap(f"{number} · проверка контрагента · Перевозчик 1")
    await security.tap_exactly("✅ Согласовать")
    await director.tap("Согласовать", message)
    assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment

    # The carrier refuses: the tender restarts and everyone involved is told.
    await ivan.card(request_id)
    await ivan.tap_exactly("🚫 Контрагент отказался")
    await ivan.type(REFUSAL)
    assert "Перезапуск тендера № 1" in await ivan.tap(ONE_DAY)
    times["refused"] = co.clock.now()
    await env.deliver()
    assert REFUSAL in env.texts("initiator")[-1]

    # A new round of bids; Перевозчик 0 (already cleared by security) wins it.
    await ivan.card(request_id)
    for carrier, price in (("Перевозчик 0", "148 000"), ("Перевозчик 2", "151 000")):
        await ivan.tap_exactly("➕ Добавить предложение")
        await ivan.tap(f"{carrier} · .*")
        await ivan.type(price)
        for _ in range(3):
            await ivan.tap_exactly("Пропустить ›")
        await ivan.tap_exactly("✅ Сохранить предложение")
        await ivan.tap_exactly("⬅️ К заявке")
    await ivan.tap_exactly("📊 Сравнить и выбрать победителя")
    await ivan.tap_exactly("🏆 Выбрать победителя")
    await ivan.tap("1. Перевозчик 0 — 148 000,00 ₽.*")
    seats = await pending_seats(env, request_id)
    assert set(seats) == {"pm", "director"}
    for person in (pm, director):
        await person.tap("Согласовать", person.approval_message(seats[person.who]))
    assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment

    # Payment arrives from 1C.
    await delivery.record_payment(
        co.deps,
        ActorRef.service("1c"),
        request_id,
        payment_ref="ПП 42 от 02.03.2026",
        source=Source.integration,
    )

    # The executor asks for a later date and more money; over the budget, so the director
    # approves too.
    await ivan.card(request_id)
    await ivan.tap_exactly("✏️ Изменить срок или сумму")
    await ivan.type("25.03")
    await ivan.type("152 000")
    confirm = await ivan.type(CHANGE_REASON)
    assert "согласуют руководитель проекта и исполнительный директор" in confirm
    await ivan.tap_exactly("📤 Отправить")
    seats = await pending_seats(env, request_id)
    assert set(seats) == {"pm", "director"}
    for person in (pm, director):
        await person.tap("Согласовать", person.approval_message(seats[person.who]))
    request = await lc.request_row(co, request_id)
    assert (request.amount_kop, str(request.required_date)) == (152_000_00, "2026-03-25")

    # Dispatch and delivery.
    await ivan.card(request_id)
    await ivan.tap_exactly("🚚 Отметить отгрузку")
    await ivan.tap_exactly("📅 Сегодня")
    assert (await ivan.type("20.03")).startswith("✅ Отгрузка отмечена")
    await ivan.tap_exactly("📦 Доставлено")
    await ivan.tap_exactly("✅ Да")
    await env.deliver()

    # The initiator reports a discrepancy with a photo.
    await anna.tap("С расхождением", anna.receipt_message(request_id))
    await anna.type("Одно место пришло с вмятиной")
    await anna.filer().photo("dent-1")
    assert "Фото: 1" in anna.text
    assert (await anna.tap("✅ Готово")).startswith("⚠️ Получение записано с расхождением")
    times["received"] = co.clock.now()

    # Closing documents, then closing.
    await ivan.card(request_id)
    await ivan.tap_exactly("📎 Закрывающие документы")
    for label, file_id in (("📎 Счёт-фактура", "inv"), ("📎 ТТН/УПД", "ttn"), ("📎 Акт", "act")):
        await ivan.tap_exactly(label)
        await ivan.send_document(file_id, f"{file_id}.pdf")
    await ivan.tap_exactly("⬅️ К заявке")
    await ivan.tap_exactly("🏁 Закрыть заявку")
    assert (await ivan.tap_exactly("✅ Да")).startswith("✅ Заявка закрыта.")

    request = await lc.request_row(co, request_id)
    assert (request.status, request.tender_restarts, request.receipt) == (
        Status.closed,
        1,
        "discrepancy",
    )
    log = await lc.log_rows(co, request_id)
    assert [
        (r.actor_name, r.role, r.action, r.from_status, r.to_status, r.comment) for r in log
    ] == EXPECTED_LOG
    assert [r.at for r in log] == sorted(r.at for r in log)
    at = {r.action: r.at for r in log}
    assert (at["submit"], at["reject_winner"], at["carrier_refused"], at["confirm_receipt"]) == (
        times["submitted"],
        times["rejected"],
        times["refused"],
        times["received"],
    )
    assert at["close"] == co.clock.now()
    assert {r.source for r in log} == {"bot", "integration"}

    # Anyone involved reads the same history in the card.
    await anna.card(request_id)
    history = await anna.tap_exactly("📜 История")
    assert f"История {number}" in history
    assert "Pm (руководитель проекта)" in history
    assert "💬 Перевозчик 0 срывал сроки" in history
    assert "💬 Одно место пришло с вмятиной" in history
