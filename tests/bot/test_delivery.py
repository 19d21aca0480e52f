"""After approval, in chat: the admin records the payment, the executor records dispatch and
delivery, collects the closing documents and closes the request once they are all in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram.types import Document, PhotoSize

from flows.actor import ActorRef
from flows.enums import Source, Status
from flows.services import delivery
from tests.bot.conftest import BotEnv
from tests.bot.lifecycle_kit import chat, labels, lifecycle_env, visible
from tests.support.databases import ScratchDatabases
from tests.support.lifecycle import awaiting_payment, in_delivery, request_row

PAY, DISPATCH, DELIVERED = "💳 Отметить оплату", "🚚 Отметить отгрузку", "📦 Доставлено"
DOCUMENTS, CLOSE, YES = "📎 Закрывающие документы", "🏁 Закрыть заявку", "✅ Да"


@pytest.fixture
async def env(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[BotEnv]:
    async with lifecycle_env(scratch_databases, tmp_path) as made:
        yield made


async def paid(env: BotEnv) -> int:
    request_id = await awaiting_payment(env.company)
    await delivery.record_payment(
        env.company.deps,
        ActorRef.service("1c"),
        request_id,
        payment_ref="ПП 7",
        source=Source.integration,
    )
    return request_id


async def in_documents(env: BotEnv) -> int:
    co = env.company
    request_id = await awaiting_payment(co)
    await in_delivery(co, request_id)
    await delivery.deliver(co.deps, co.ref("executor"), request_id)
    await delivery.confirm_receipt(co.deps, co.ref("initiator"), request_id, receipt="full")
    return request_id


def pdf(name: str) -> Document:
    return Document(file_id=f"file-{name}", file_unique_id=name, file_name=f"{name}.pdf")


async def test_the_admin_records_the_payment_and_the_executor_is_told(env: BotEnv) -> None:
    request_id = await awaiting_payment(env.company)
    assert PAY not in labels(await chat(env, "executor").card(request_id))
    admin = chat(env, "admin")

    await admin.press(await admin.card(request_id), PAY)
    card = await admin.type("ПП №123 от 02.03 <b>")

    text = visible(card)
    assert text.startswith("✅ Оплата отмечена: ПП №123 от 02.03 <b>.")
    assert "Статус: оплачена" in text
    row = await request_row(env.company, request_id)
    assert row.status == Status.paid and row.payment_ref == "ПП №123 от 02.03 <b>"
    await env.deliver()
    assert any(row.number in t for t in env.texts("executor"))


async def test_dispatch_refuses_a_future_dispatch_and_an_arrival_before_it(env: BotEnv) -> None:
    request_id = await paid(env)
    executor = chat(env, "executor")
    await executor.press(await executor.card(request_id), DISPATCH)

    future = await executor.type("10.03")
    assert "Отгрузку отмечают, когда она состоялась" in visible(future)
    arrival = await executor.press(future, "📅 Сегодня")
    assert "Отгружено: 02.03.2026" in visible(arrival)
    early = await executor.type("01.03")
    assert visible(early).startswith("⚠️ Ожидаемое прибытие не может быть раньше даты отгрузки.")
    assert (await request_row(env.company, request_id)).status == Status.paid
    card = await executor.type("05.03")

    text = visible(card)
    assert text.startswith("✅ Отгрузка отмечена; ожидаемое прибытие 05.03.2026.")
    assert "Статус: в доставке" in text
    row = await request_row(env.company, request_id)
    assert row.dispatch_date == env.company.deps.today()
    assert row.expected_arrival == env.company.deps.today() + timedelta(days=3)


async def test_delivery_is_confirmed_before_it_is_recorded(env: BotEnv) -> None:
    request_id = await awaiting_payment(env.company)
    await in_delivery(env.company, request_id)
    executor = chat(env, "executor")

    question = await executor.press(await executor.card(request_id), DELIVERED)
    assert "доставленной? Инициатора попросят подтвердить получение." in visible(question)
    card = await executor.press(question, YES)

    assert visible(card).startswith("✅ Доставка отмечена")
    assert (await request_row(env.company, request_id)).status == Status.delivered


async def test_the_documents_checklist_ticks_each_file_or_photo_and_close_waits_for_all(
    env: BotEnv,
) -> None:
    request_id = await in_documents(env)
    executor = chat(env, "executor")
    card = await executor.card(request_id)

    refused = await executor.press(await executor.press(card, CLOSE), YES)
    assert visible(refused).startswith(
        "⚠️ Не хватает закрывающих документов: счёт-фактура, ТТН/УПД, акт."
    )
    checklist = await executor.press(refused, DOCUMENTS)
    assert "⬜ Счёт-фактура\n⬜ ТТН/УПД\n⬜ Акт" in visible(checklist)
    await executor.press(checklist, "📎 Счёт-фактура")
    not_a_file = await executor.type("счёт у бухгалтера")
    assert "Пришлите документ файлом или фотографией." in visible(not_a_file)
    checklist = await executor.send(document=pdf("invoice"))
    assert visible(checklist).startswith("ℹ️ ✅ Приложено: Счёт-фактура.")
    assert "✅ Счёт-фактура\n⬜ ТТН/УПД\n⬜ Акт" in visible(checklist)
    await executor.press(checklist, "📎 ТТН/УПД")
    photo = PhotoSize(file_id="scan", file_unique_id="scan", width=800, height=1200)
    checklist = await executor.send(photo=[photo])

    card = await executor.press(checklist, "⬅️ К заявке")
    refused = await executor.press(await executor.press(card, CLOSE), YES)
    assert visible(refused).startswith("⚠️ Не хватает закрывающих документов: акт.")
    await executor.press(await executor.press(refused, DOCUMENTS), "📎 Акт")
    checklist = await executor.send(document=pdf("act"))
    assert "Все документы на месте: заявку можно закрыть." in visible(checklist)
    assert "Все документы на месте. Закройте заявку из её карточки." in visible(checklist)

    card = await executor.press(checklist, "⬅️ К заявке")
    closed = await executor.press(await executor.press(card, CLOSE), YES)
    assert visible(closed).startswith("✅ Заявка закрыта.")
    assert "Статус: закрыта" in visible(closed)
    async with env.company.deps.uow() as uow:
        files = {a.doc_type: a.file_id for a in await uow.requests.attachments(request_id)}
    assert files == {"invoice": "file-invoice", "waybill": "scan", "act": "file-act"}


async def test_a_stale_dispatch_button_says_the_request_moved_on(env: BotEnv) -> None:
    co = env.company
    request_id = await paid(env)
    executor = chat(env, "executor")
    await executor.press(
        await executor.press(await executor.card(request_id), DISPATCH), "📅 Сегодня"
    )
    today = co.deps.today()
    await delivery.dispatch(
        co.deps, co.ref("executor"), request_id, dispatch_date=today, expected_arrival=today
    )

    card = await executor.type("05.03")

    assert visible(card).startswith("⚠️ Заявка уже изменилась")
    assert DELIVERED in labels(card)
    assert (await request_row(co, request_id)).expected_arrival == today
