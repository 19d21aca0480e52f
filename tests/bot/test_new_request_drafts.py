"""A filling-in is saved as a draft step by step: leaving it for the menu loses nothing."""

from __future__ import annotations

from datetime import date

import pytest

from flows.enums import Status
from tests.bot.conftest import BotEnv
from tests.bot.new_request_kit import HOSTILE, Filer, add_reference, labels, latest_request

CONTINUE = "✏️ Продолжить заполнение"


@pytest.fixture
async def env(bot_env: BotEnv) -> BotEnv:
    await add_reference(bot_env.deps)
    return bot_env


async def start_transport(f: Filer) -> None:
    """Route, cargo and weight typed; the size question is on the screen."""
    await f.type("/new")
    await f.tap("🚚 Перевозка")
    await f.type("Кемерово, ул. Заводская, 1")
    await f.tap("Кемеровская область")
    await f.type("Новосибирск, Промышленная, 7")
    await f.tap("Новосибирская область")
    await f.tap("Далее ▶")
    await f.type(HOSTILE)
    await f.type("12,5 т")


async def test_start_in_the_middle_of_filling_keeps_what_was_typed_as_a_draft(env: BotEnv):
    f = Filer(env)
    await start_transport(f)
    await f.type("/start")

    draft = await latest_request(env.deps)
    assert draft.status == Status.draft and draft.kind == "transport"
    async with env.deps.uow() as uow:
        route = await uow.requests.route(draft.id)
        cargo = await uow.requests.cargo(draft.id)
    assert [(p.kind, p.address) for p in route] == [
        ("loading", "Кемерово, ул. Заводская, 1"),
        ("unloading", "Новосибирск, Промышленная, 7"),
    ]
    assert cargo is not None and (cargo.description, cargo.weight_kg) == (HOSTILE, 12500)
    notice = f"Черновик {draft.number} сохранён — его можно продолжить в «Мои заявки»."
    assert env.texts("initiator").count(notice) == 1
    assert any("Мои заявки" in label for label in labels(f.screen))  # the menu came after


async def test_each_answer_overwrites_the_same_draft(env: BotEnv):
    f = Filer(env)
    await start_transport(f)
    first = await latest_request(env.deps)
    await f.type("12×3×2,5")
    await f.type("2")
    again = await latest_request(env.deps)
    assert again.id == first.id and again.number == first.number
    async with env.deps.uow() as uow:
        cargo = await uow.requests.cargo(again.id)
    assert cargo is not None and (cargo.length_m, cargo.places) == (12, 2)


async def test_a_draft_left_for_the_menu_is_continued_from_its_card_and_submitted(env: BotEnv):
    f = Filer(env)
    await start_transport(f)
    await f.type("12×3×2,5")
    await f.type("2")
    await f.tap("Далее ▶")
    await f.tap("Манипулятор")
    await f.type("16.03.2026")
    await f.type("20.03")
    await f.type("/menu")
    draft = await latest_request(env.deps)
    assert (draft.loading_date, draft.required_date) == (date(2026, 3, 16), date(2026, 3, 20))

    await f.tap(".*Мои заявки.*")
    await f.tap(f".*{draft.number}.*")
    assert CONTINUE in labels(f.screen)
    await f.tap(CONTINUE)
    assert f.sees("Заявка на перевозку", draft.number, "12,5 т", "Манипулятор", HOSTILE)
    await f.tap("✏️ Проект")
    await f.type("пресс")
    await f.tap(r"P-1 .*")
    await f.tap("✅ Отправить")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена", "подана")

    request = await latest_request(env.deps)
    assert (request.id, request.status) == (draft.id, Status.submitted)
    assert request.project_id is not None


async def test_a_withdrawn_draft_offers_no_continue_button(env: BotEnv):
    f = Filer(env)
    await start_transport(f)
    await f.type("/menu")
    draft = await latest_request(env.deps)
    await f.tap(".*Мои заявки.*")
    await f.tap(f".*{draft.number}.*")
    await f.tap("↩️ Отозвать")
    await f.tap("✅ Да")
    assert CONTINUE not in labels(f.screen)
