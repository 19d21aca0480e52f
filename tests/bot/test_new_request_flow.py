"""Filing a transport and a procurement request from the phone, end to end."""

from __future__ import annotations

from datetime import date

import pytest

from flows.enums import Status
from tests.bot.conftest import BotEnv
from tests.bot.new_request_kit import (
    HOSTILE,
    Filer,
    add_reference,
    assert_short_callbacks,
    fill_procurement,
    fill_transport,
    latest_request,
    number_in,
)


@pytest.fixture
async def env(bot_env: BotEnv) -> BotEnv:
    await add_reference(bot_env.deps)
    return bot_env


async def test_a_transport_request_is_filed_from_the_phone_and_submitted(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    assert f.sees("Заявка на перевозку", "12,5 т", "12 × 3 × 2,5 м", "негабарит", "Манипулятор")
    assert f.sees(f"Груз: {HOSTILE}", f"Комментарий: {HOSTILE}", "Чертёж <A&B>.pdf")
    await f.tap("✅ Отправить")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена", "подана")
    number = number_in(f.text)

    request = await latest_request(env.deps)
    assert (request.number, request.status) == (number, Status.submitted)
    assert request.is_emergency is False
    assert request.comment == HOSTILE
    assert request.loading_date == date(2026, 3, 16)
    assert request.required_date == date(2026, 3, 20)
    assert request.estimated_cost_kop == 150_000_00
    async with env.deps.uow() as uow:
        route = await uow.requests.route(request.id)
        cargo = await uow.requests.cargo(request.id)
        files = await uow.requests.attachments(request.id)
    assert [(p.kind, p.address) for p in route] == [
        ("loading", "Кемерово, ул. Заводская, 1"),
        ("unloading", "Новосибирск, Промышленная, 7"),
    ]
    assert all(p.region_id is not None for p in route)
    assert cargo is not None and cargo.description == HOSTILE
    assert (cargo.weight_kg, cargo.length_m, cargo.width_m, cargo.height_m) == (12500, 12, 3, 2.5)
    assert (cargo.places, cargo.oversize, cargo.heavy) == (2, True, False)
    assert [(a.kind, a.file_id, a.file_unique_id, a.file_name) for a in files] == [
        ("photo", "photo-1", "u-photo-1", None),
        ("document", "doc-1", "u-doc-1", "Чертёж <A&B>.pdf"),
    ]
    assert assert_short_callbacks(env) > 50


async def test_a_procurement_request_is_filed_with_its_items_and_submitted(env: BotEnv):
    f = Filer(env)
    await fill_procurement(f)
    assert f.sees("Заявка на закупку ТМЦ", "Строп текстильный 10 т — 4 шт")
    assert f.sees("Скоба <такелажная> & Co [ГОСТ 2476-80] — 10,5 кг", "80 000 ₽")
    await f.tap("✅ Отправить")
    assert f.sees("Не аварийная", "стандартный срок — 5")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена", "подана")

    request = await latest_request(env.deps)
    assert (request.number, request.status) == (number_in(f.text), Status.submitted)
    assert request.kind == "procurement" and request.is_emergency is False
    assert request.delivery_address == "Кемерово, склад №2 <ворота 3>"
    assert request.required_date == date(2026, 3, 25)
    assert request.comment is None
    async with env.deps.uow() as uow:
        items = await uow.requests.items(request.id)
    assert [(i.name, i.quantity, i.unit, i.spec) for i in items] == [
        ("Строп текстильный 10 т", 4, "шт", None),
        ("Скоба <такелажная> & Co", 10.5, "кг", "ГОСТ 2476-80"),
    ]
    assert_short_callbacks(env)


async def test_reaching_the_summary_saves_a_draft_request(env: BotEnv):
    f = Filer(env)
    await fill_procurement(f)
    draft = await latest_request(env.deps)
    assert draft.status == Status.draft
    assert draft.number == number_in(f.text)
    assert draft.estimated_cost_kop == 80_000_00


async def test_a_field_edited_from_the_summary_returns_to_the_summary(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    await f.tap("✏️ Вес")
    assert f.sees("Вес груза", "Сейчас: 12,5 т")
    await f.type("800 кг")
    assert f.sees("Заявка на перевозку", "800 кг")
    await f.tap("✏️ Маршрут")
    await f.tap("➕ Выгрузка")
    await f.type("Барнаул, ул. Мира, 3")
    await f.tap("Алтайский край")
    assert f.sees("3. Выгрузка: Барнаул")
    await f.tap("Далее ▶")
    assert f.sees("Заявка на перевозку", "3. Выгрузка: Барнаул")

    draft = await latest_request(env.deps)
    async with env.deps.uow() as uow:
        cargo = await uow.requests.cargo(draft.id)
        route = await uow.requests.route(draft.id)
    assert cargo is not None and cargo.weight_kg == 800
    assert [p.kind for p in route] == ["loading", "unloading", "unloading"]


async def test_an_emergency_is_shown_before_confirming_and_moving_the_date_lifts_it(env: BotEnv):
    f = Filer(env)
    await fill_transport(f, loading="03.03", delivery="04.03")
    await f.tap("✅ Отправить")
    assert f.sees("Аварийная заявка: до даты погрузки 03.03.2026", "стандартный срок — 3")
    assert f.sees("Первая неаварийная дата — 06.03.2026")

    await f.tap("📅 Перенести на 06.03.2026")
    assert f.sees("Дата доставки 04.03.2026 оказалась раньше новой даты погрузки")
    await f.type("10.03")
    assert f.sees("Не аварийная: до даты погрузки 06.03.2026")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена") and "аварийной" not in f.text

    request = await latest_request(env.deps)
    assert request.status == Status.submitted and request.is_emergency is False
    assert (request.loading_date, request.required_date) == (date(2026, 3, 6), date(2026, 3, 10))


async def test_the_date_changed_from_the_confirmation_in_the_calendar_returns_there(env: BotEnv):
    f = Filer(env)
    await fill_transport(f, loading="03.03", delivery="20.03")
    await f.tap("✅ Отправить")
    await f.tap("📅 Изменить дату")
    assert f.sees("Дата погрузки", "С 06.03.2026 заявка уже не аварийная", "Сейчас: 03.03.2026")
    await f.pick_day(date(2026, 3, 12))
    assert f.sees("Отправить заявку", "Не аварийная: до даты погрузки 12.03.2026")


async def test_an_emergency_request_kept_as_it_is_is_submitted_as_an_emergency(env: BotEnv):
    f = Filer(env)
    await fill_procurement(f, required="04.03.2026")
    await f.tap("✅ Отправить")
    assert f.sees("Аварийная заявка: до требуемой даты 04.03.2026", "стандартный срок — 5")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена", "считается аварийной")
    request = await latest_request(env.deps)
    assert request.is_emergency is True and request.emergency_lead_days == 5


async def test_an_item_is_changed_from_its_card_and_the_summary_shows_it(env: BotEnv):
    f = Filer(env)
    await fill_procurement(f)
    await f.tap("✏️ Позиции")
    await f.tap(r"✏️ 2\. .*")
    assert f.sees("Позиция 2", "Скоба <такелажная> & Co [ГОСТ 2476-80] — 10,5 кг")
    await f.tap("✏️ Количество")
    await f.type("12 м")
    assert f.sees("Позиция 2", "Скоба <такелажная> & Co [ГОСТ 2476-80] — 12 м")
    await f.tap("✏️ Спецификация")
    await f.tap("Без спецификации ▶")
    await f.tap("◀ К списку")
    await f.tap("Далее ▶")
    assert f.sees("2. Скоба <такелажная> & Co — 12 м")


async def test_a_file_sent_twice_is_kept_once_and_a_tapped_file_is_removed(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    await f.tap("✏️ Вложения")
    await f.photo("photo-1")
    assert f.sees("Этот файл уже приложен.", "Вложения (2)")
    await f.type("вот ещё")
    assert f.sees("Пришлите фото или документ либо нажмите «Далее».")
    await f.tap(r"🗑 1\. .*")
    assert f.sees("Вложения (1)", "1. 📄 Чертёж <A&B>.pdf")
    await f.tap("Далее ▶")
    draft = await latest_request(env.deps)
    async with env.deps.uow() as uow:
        files = await uow.requests.attachments(draft.id)
    assert [a.file_id for a in files] == ["doc-1"]
