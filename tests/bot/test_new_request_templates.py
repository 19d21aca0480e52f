"""Templates: keep a request as one, start the next from it, delete it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from flows.enums import Status
from flows.services import templates
from storage.tables import RequestTemplate
from tests.bot.conftest import BotEnv
from tests.bot.new_request_kit import (
    Filer,
    add_reference,
    assert_short_callbacks,
    fill_procurement,
    labels,
    latest_request,
)


@pytest.fixture
async def env(bot_env: BotEnv) -> BotEnv:
    await add_reference(bot_env.deps)
    return bot_env


async def saved_templates(env: BotEnv) -> list[RequestTemplate]:
    async with env.deps.uow() as uow:
        return list((await uow.session.exec(select(RequestTemplate))).all())


async def save_as_template(f: Filer, name: str) -> None:
    await fill_procurement(f)
    await f.tap("💾 Сохранить как шаблон")
    await f.type(name)


async def test_a_request_saved_as_a_template_keeps_everything_but_dates(env: BotEnv):
    f = Filer(env)
    await save_as_template(f, "Стропы <склад 2> & скобы")
    assert f.sees("Сохранено как шаблон «Стропы <склад 2> & скобы».", "Заявка на закупку ТМЦ")

    [row] = await saved_templates(env)
    assert (row.name, row.kind, row.owner_id) == (
        "Стропы <склад 2> & скобы",
        "procurement",
        env.company.id("initiator"),
    )
    body = row.payload["draft"]
    assert [i["name"] for i in body["items"]] == [
        "Строп текстильный 10 т",
        "Скоба <такелажная> & Co",
    ]
    assert "required_date" not in body and "attachments" not in body
    assert body["delivery_address"] == "Кемерово, склад №2 <ворота 3>"


async def test_a_request_started_from_a_template_asks_for_the_date_then_submits(env: BotEnv):
    f = Filer(env)
    await save_as_template(f, "Стропы")
    await f.tap("✅ Отправить")
    await f.tap("✅ Отправить")
    first = await latest_request(env.deps)

    await f.type("/new")
    await f.tap("📋 По шаблону")
    await f.tap("📦 Стропы")
    assert f.sees("Шаблон «Стропы»", "Строп текстильный 10 т — 4 шт")
    await f.tap("✅ Заполнить по нему")
    assert f.sees("Заполнено по шаблону «Стропы»", "Требуемая дата: ❗ не указано")
    await f.tap("✅ Отправить")
    assert f.sees("Заполните поле «требуемая дата» перед отправкой.")
    await f.tap("✏️ Требуемая дата")
    await f.type("27.03.2026")
    await f.tap("✅ Отправить")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена")

    second = await latest_request(env.deps)
    assert second.id != first.id and second.status == Status.submitted
    async with env.deps.uow() as uow:
        items = await uow.requests.items(second.id)
    assert [i.name for i in items] == ["Строп текстильный 10 т", "Скоба <такелажная> & Co"]
    assert second.delivery_address == first.delivery_address
    assert_short_callbacks(env)


async def test_a_template_can_be_deleted_and_only_its_owner_sees_it(env: BotEnv):
    f = Filer(env)
    await save_as_template(f, "Стропы")
    assert await templates.list_templates(env.deps, env.company.ref("pm")) == []

    await f.type("/new")
    await f.tap("📋 По шаблону")
    await f.tap("📦 Стропы")
    await f.tap("🗑 Удалить шаблон")
    assert f.sees("Шаблон удалён.", "Шаблонов пока нет.")
    assert await saved_templates(env) == []
    await f.tap("◀ Назад")
    assert "📋 По шаблону" not in labels(f.screen)
