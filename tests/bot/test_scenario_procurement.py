"""A procurement request end to end through the chat, with two suppliers bidding.

The initiator files it with the filing dialog, the procurement executor takes it from the
queue, collects two suppliers' bids and picks the cheaper one; the project manager, the
executive director and security approve (each from the message); payment comes from 1C;
dispatch, delivery, receipt in full, closing documents, closed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.actor import ActorRef
from flows.enums import Receipt, SecurityStatus, Status
from flows.services import delivery
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import current, has_approval_buttons
from tests.bot.lifecycle_kit import lifecycle_env, visible
from tests.bot.new_request_kit import add_reference, fill_procurement, latest_request
from tests.bot.scenario_kit import ONE_DAY, Person, pending_seats
from tests.support import lifecycle as lc
from tests.support.databases import ScratchDatabases

EXPECTED_LOG = [
    ("Initiator", "initiator", "submit", "draft", "submitted"),
    ("Buyer", "executor", "take", "submitted", "in_work"),
    ("Buyer", "executor", "start_tender", "in_work", "tender"),
    ("Buyer", "executor", "pick_winner", "tender", "winner_approval"),
    ("Security", "security", "approve_winner", "winner_approval", "winner_approval"),
    ("Pm", "project_manager", "approve_winner", "winner_approval", "winner_approval"),
    ("Director", "executive_director", "approve_winner", "winner_approval", "awaiting_payment"),
    ("1c", "system", "record_payment", "awaiting_payment", "paid"),
    ("Buyer", "executor", "dispatch", "paid", "in_delivery"),
    ("Buyer", "executor", "deliver", "in_delivery", "delivered"),
    ("Initiator", "initiator", "confirm_receipt", "delivered", "documents"),
    ("Buyer", "executor", "close", "documents", "closed"),
]


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[BotEnv]:
    async with lifecycle_env(scratch_databases, tmp_path) as made:
        await add_reference(made.deps)
        yield made


async def test_a_procurement_request_with_two_suppliers_goes_end_to_end(env: BotEnv) -> None:
    co = env.company
    anna, buyer, pm, security, director = (
        Person(env, who) for who in ("initiator", "buyer", "pm", "security", "director")
    )

    await fill_procurement(anna.filer())
    await anna.tap("✅ Отправить")
    await anna.tap("✅ Отправить")
    request = await latest_request(co.deps)
    request_id, number = request.id, request.number
    assert request.kind == "procurement" and request.status == Status.submitted

    # The procurement executor takes it from the queue and runs the tender.
    await buyer.menu("Очередь новых заявок")
    await buyer.tap(f"{number} · .*")
    assert "Статус: в работе" in await buyer.tap_exactly("✋ Взять в работу")
    await buyer.tap_exactly("📣 Начать тендер")
    await buyer.tap(ONE_DAY)
    for supplier, price in (("Поставщик 1", "78 500"), ("Поставщик 0", "82 000")):
        await buyer.tap_exactly("➕ Добавить предложение")
        await buyer.tap(f"{supplier} · .*")
        await buyer.type(price)
        for _ in range(3):
            await buyer.tap_exactly("Пропустить ›")
        await buyer.tap_exactly("✅ Сохранить предложение")
        await buyer.tap_exactly("⬅️ К заявке")
    await buyer.tap_exactly("📊 Сравнить и выбрать победителя")
    await buyer.tap_exactly("🏆 Выбрать победителя")
    await buyer.tap("1. Поставщик 1 — 78 500,00 ₽.*")

    # Every approver decides from the message, which shows the items and both bids.
    seats = await pending_seats(env, request_id)
    assert set(seats) == {"pm", "director", "security"}
    text = visible(pm.approval_message(seats["pm"]))
    assert "Позиции (2): Строп текстильный 10 т — 4 шт; Скоба <такелажная> & Co — 10,5 кг" in text
    assert "1. Поставщик 1 — 78 500,00 ₽ ✅\n2. Поставщик 0 — 82 000,00 ₽ (+3 500,00 ₽)" in text
    assert "Экономия к бюджету: 1 500,00 ₽" in text
    for person in (security, pm, director):
        message = person.approval_message(seats[person.who])
        await person.tap("Согласовать", message)
        assert not has_approval_buttons(current(env, message))
    assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment
    supplier = await lc.counterparty(co, co.suppliers[1].id)
    assert supplier.security_status == SecurityStatus.approved

    await delivery.record_payment(co.deps, ActorRef.service("1c"), request_id, payment_ref="ПП 77")
    await buyer.card(request_id)
    await buyer.tap_exactly("🚚 Отметить отгрузку")
    await buyer.tap_exactly("📅 Сегодня")
    await buyer.type("10.03")
    await buyer.tap_exactly("📦 Доставлено")
    await buyer.tap_exactly("✅ Да")
    await env.deliver()

    await anna.tap("Получено полностью", anna.receipt_message(request_id))
    assert env.alerts("initiator")[-1] == "Спасибо! Получение подтверждено."

    await buyer.card(request_id)
    await buyer.tap_exactly("📎 Закрывающие документы")
    for label, file_id in (("📎 Счёт-фактура", "inv"), ("📎 ТТН/УПД", "upd"), ("📎 Акт", "act")):
        await buyer.tap_exactly(label)
        await buyer.send_document(file_id, f"{file_id}.pdf")
    await buyer.tap_exactly("⬅️ К заявке")
    await buyer.tap_exactly("🏁 Закрыть заявку")
    await buyer.tap_exactly("✅ Да")

    request = await lc.request_row(co, request_id)
    assert (request.status, request.receipt, request.amount_kop) == (
        Status.closed,
        Receipt.full,
        78_500_00,
    )
    log = await lc.log_rows(co, request_id)
    assert [(r.actor_name, r.role, r.action, r.from_status, r.to_status) for r in log] == (
        EXPECTED_LOG
    )
    assert [r.at for r in log] == sorted(r.at for r in log)
    assert log[-1].at == co.clock.now()
