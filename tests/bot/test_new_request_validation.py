"""Typed answers that cannot be used are refused with what is wrong and an example."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.enums import Role, Status
from tests.bot.conftest import BotEnv
from tests.bot.new_request_kit import Filer, add_reference, fill_transport, latest_request


@pytest.fixture
async def env(bot_env: BotEnv) -> BotEnv:
    await add_reference(bot_env.deps)
    return bot_env


async def to_cargo(f: Filer) -> None:
    await f.type("/new")
    await f.tap("🚚 Перевозка")
    await f.type("Кемерово")
    await f.tap("Без региона")
    await f.type("Новосибирск")
    await f.tap("Без региона")
    await f.tap("Далее ▶")
    await f.type("Пресс")


async def to_items(f: Filer) -> None:
    await f.type("/new")
    await f.tap("📦 Закупка ТМЦ")
    await f.type("Строп")


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("-3", "Число должно быть больше нуля."),
        ("0", "Число должно быть больше нуля."),
        ("много", "Не удалось понять вес."),
        ("12 500", "Слишком большой вес. Если это килограммы, допишите «кг»."),
        ("5 фунтов", "Непонятная единица веса «фунтов»"),
    ],
)
async def test_a_weight_that_is_not_a_positive_weight_is_refused(env: BotEnv, typed, why):
    f = Filer(env)
    await to_cargo(f)
    await f.type(typed)
    assert f.sees(why, "Например: 12,5 т или 12 500 кг", "Вес груза")
    await f.type("12 500 кг")
    assert f.sees("Габариты груза")


async def test_sizes_and_places_must_be_three_positive_numbers_and_a_whole_one(env: BotEnv):
    f = Filer(env)
    await to_cargo(f)
    await f.type("12.5")
    await f.type("12x3")
    assert f.sees("Укажите три размера: длину, ширину и высоту.", "Например: 12 × 3 × 2,5")
    await f.type("12 × 0 × 2")
    assert f.sees("Число должно быть больше нуля.")
    await f.type("1200x300x250 см")
    assert f.sees("Количество мест")
    await f.type("2,5")
    assert f.sees("Количество мест — целое число.", "Например: 3")
    await f.type("3 места")
    assert f.sees("Негабарит и тяжеловес")


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("01.03", "Дата 01.03.2026 уже прошла."),
        ("31.02", "Такой даты нет."),
        ("на днях", "Не удалось понять дату."),
        ("05.12.2031", "Дата слишком далеко в будущем"),
    ],
)
async def test_a_loading_date_that_is_past_or_unreadable_is_refused(env: BotEnv, typed, why):
    f = Filer(env)
    await to_cargo(f)
    for answer in ("12 т", "2×2×2", "1"):
        await f.type(answer)
    await f.tap("Далее ▶")
    await f.tap("Любой ▶")
    await f.type(typed)
    assert f.sees(why, "Например: 05.12, 05.12.2026 или 5 дек", "Дата погрузки")


async def test_delivery_before_loading_is_refused(env: BotEnv):
    f = Filer(env)
    await fill_transport(f, loading="16.03", delivery="20.03")
    await f.tap("✏️ Дата доставки")
    await f.type("10 марта")
    assert f.sees(
        "Доставка не может быть раньше погрузки (16.03.2026).", "Требуемая дата доставки"
    )
    await f.type("16 мар")
    assert f.sees("Заявка на перевозку", "Дата доставки: 16.03.2026")


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("0", "Число должно быть больше нуля."),
        ("-1", "Число должно быть больше нуля."),
        ("пару штук", "Не удалось понять количество."),
    ],
)
async def test_a_quantity_that_is_not_positive_is_refused(env: BotEnv, typed, why):
    f = Filer(env)
    await to_items(f)
    await f.type(typed)
    assert f.sees(why, "Например: 10 или 2,5", "Позиция 1")


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("-5", "Число должно быть больше нуля."),
        ("0", "Число должно быть больше нуля."),
        ("дорого", "Не удалось понять сумму."),
    ],
)
async def test_a_cost_that_is_not_positive_is_refused(env: BotEnv, typed, why):
    f = Filer(env)
    await fill_transport(f)
    await f.tap("✏️ Стоимость")
    await f.type(typed)
    assert f.sees(why, "Например: 150 000, 150000,50 или 150 тыс", "Ориентировочная стоимость")


async def test_a_photo_where_text_is_expected_asks_for_text(env: BotEnv):
    f = Filer(env)
    await to_cargo(f)
    await f.photo("not-a-weight")
    assert f.sees("Пожалуйста, напишите ответ текстом.", "Вес груза")


async def test_a_project_search_that_finds_nothing_says_so(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    await f.tap("✏️ Проект")
    await f.type("XYZ-404")
    assert f.sees("По запросу «XYZ-404» проектов нет.")
    await f.type("P-1")
    assert f.sees("Проекты по запросу «P-1»:")


async def test_a_route_without_an_unloading_point_cannot_go_on(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    await f.tap("✏️ Маршрут")
    await f.tap(r"✏️ 2\. .*")
    await f.tap("🗑 Удалить пункт")
    await f.tap("Далее ▶")
    assert f.sees("Добавьте хотя бы один пункт погрузки и один пункт выгрузки.", "Маршрут")


async def test_a_loading_date_passed_during_a_pause_blocks_submission(env: BotEnv):
    f = Filer(env)
    await fill_transport(f, loading="16.03", delivery="20.03")
    env.company.clock.advance(timedelta(days=20))
    await f.tap("✅ Отправить")
    assert f.sees("Дата 16.03.2026 уже прошла. Выберите сегодняшнюю или более позднюю дату.")
    assert (await latest_request(env.deps)).status == Status.draft


async def test_text_typed_where_buttons_are_expected_keeps_the_person_in_place(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    await f.type("отправляй уже")
    assert f.sees("Пожалуйста, воспользуйтесь кнопками под сообщением.", "Заявка на перевозку")
    await f.tap("✅ Отправить")
    assert f.sees("Отправить заявку")


async def test_a_refusal_from_the_service_is_shown_and_the_person_stays(env: BotEnv):
    f = Filer(env)
    await fill_transport(f)
    await f.tap("✅ Отправить")
    async with env.deps.uow() as uow:
        await uow.people.set_roles(env.company.id("initiator"), [Role.executor])
        await uow.commit()
    await f.tap("✅ Отправить")
    assert f.sees("Создавать заявки может только инициатор.", "Отправить заявку")
    assert (await latest_request(env.deps)).status == Status.draft
