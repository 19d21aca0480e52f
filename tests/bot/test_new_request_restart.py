"""The filling-in lives in the database: a restarted bot carries on where the person was.

These tests build the Dispatcher on the project's SqlStorage, with a tiny router that
opens the filing dialog with start data as other dialogs and notifications do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.test_tools import MockMessageManager
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_dispatcher
from dialogs.new_request.states import NewRequestSG
from flows.drafts import ItemData
from flows.enums import Status
from flows.services import requests, templates
from flows.services.context import Deps
from storage import db
from storage.fsm import SqlStorage
from storage.uow import uow_factory
from tests.bot.conftest import BotEnv, RecordingBot
from tests.bot.new_request_kit import Filer, add_reference, labels, latest_request, visible
from tests.support.databases import ScratchDatabases
from tests.support.factories import Company, make_company, procurement_draft, transport_draft


def opener() -> Router:
    router = Router()

    @router.message(Command("file"))
    async def file(message: Message, command: CommandObject, dialog_manager: DialogManager):
        args = (command.args or "").split()
        keys = {"template": "template_id", "draft": "request_id"}
        data = {keys[args[0]]: int(args[1])} if args[0] in keys else {"kind": args[0]}
        await dialog_manager.start(NewRequestSG.kind, data=data, mode=StartMode.RESET_STACK)

    return router


@dataclass
class Plant:
    """One database and the company in it; ``boot`` starts a bot process on it."""

    url: str
    company: Company

    def boot(self) -> tuple[BotEnv, AsyncEngine]:
        engine = db.create_engine(self.url)
        sessions = db.session_factory(engine)
        deps = Deps(uow=uow_factory(sessions), clock=self.company.clock)
        manager = MockMessageManager()
        bot = RecordingBot(manager)
        storage = SqlStorage(sessions)
        dp = build_dispatcher(deps, storage=storage, message_manager=manager, routers=[opener()])
        env = BotEnv(dp, bot, manager, storage, deps, self.company, None)  # type: ignore[arg-type]
        return env, engine


@pytest.fixture
async def plant(scratch_databases: ScratchDatabases, tmp_path: Path) -> AsyncIterator[Plant]:
    url = await scratch_databases.with_schema("sqlite", tmp_path)
    engine = db.create_engine(url)
    company = await make_company(db.session_factory(engine))
    await add_reference(company.deps)
    yield Plant(url, company)
    await engine.dispose()


async def test_a_restart_mid_dialog_resumes_where_the_person_was(plant: Plant):
    first, engine = plant.boot()
    f = Filer(first)
    await f.type("/file transport")
    await f.type("Кемерово, ул. Заводская, 1")
    await f.tap("Кемеровская область")
    await f.type("Новосибирск")
    await f.tap("Без региона")
    await f.tap("Далее ▶")
    await f.type("Пресс гидравлический")
    await f.type("12,5 т")
    assert f.sees("Габариты груза")
    await engine.dispose()

    plant.company.clock.advance(timedelta(days=7))
    second, engine = plant.boot()
    f = Filer(second)
    await f.type("12×3×2,5")
    assert f.sees("Количество мест")
    await f.type("1")
    await f.tap("Далее ▶")
    await f.tap("Трал")
    await f.type("23.03")
    await f.type("25.03")
    await f.tap(r"P-1 .*")
    await f.tap("Пропустить ▶")
    await f.tap("Далее ▶")
    await f.tap("Без комментария ▶")
    assert f.sees("1. Погрузка: Кемерово, ул. Заводская, 1 (Кемеровская область)")
    assert f.sees("Пресс гидравлический", "12,5 т", "12 × 3 × 2,5 м", "23.03.2026")
    await f.tap("✅ Отправить")
    await f.tap("✅ Отправить")
    assert f.sees("отправлена")
    request = await latest_request(second.deps)
    assert request.status == Status.submitted and request.loading_date == date(2026, 3, 23)
    await engine.dispose()


async def test_start_data_with_a_template_opens_its_summary(plant: Plant):
    co = plant.company
    draft = procurement_draft(co)
    draft.items = [ItemData("Канат", 100, "м")]
    info = await templates.save_template(co.deps, co.ref("initiator"), "Канат", draft)
    env, engine = plant.boot()
    f = Filer(env)
    await f.type(f"/file template {info.id}")
    assert f.sees("Заполнено по шаблону «Канат»", "1. Канат — 100 м", "❗ не указано")
    await engine.dispose()


async def test_start_data_with_a_draft_goes_on_with_it_and_refuses_others_drafts(plant: Plant):
    co = plant.company
    saved = await requests.save_draft(co.deps, co.ref("initiator"), transport_draft(co))
    env, engine = plant.boot()
    f = Filer(env)
    await f.type(f"/file draft {saved.id}")
    assert f.sees(f"Заявка на перевозку {saved.number}", "Кемерово, ул. Заводская, 1", "12,5 т")
    await f.tap("✏️ Комментарий")
    await f.type("Срочно нужен трал")
    async with co.deps.uow() as uow:
        again = await uow.requests.get(saved.id)
    assert again is not None and again.comment == "Срочно нужен трал"

    pm = Filer(env, "pm")
    await pm.type(f"/file draft {saved.id}")
    assert pm.sees("Заявка уже не черновик, её нельзя редактировать.", "Новая заявка")
    await engine.dispose()


async def test_a_person_without_the_initiator_role_is_told_they_cannot_file(plant: Plant):
    env, engine = plant.boot()
    f = Filer(env, "executor")
    await f.type("/file transport")
    assert f.sees("Создавать заявки может только инициатор.")
    assert labels(f.screen) == ["✖ Закрыть"]
    assert visible(f.screen).startswith("⛔")
    await engine.dispose()
