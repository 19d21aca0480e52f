"""The runtime against the sandbox Bot API: a stop waits for handlers; webhooks check secrets."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiogram import Bot, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.types import Message

from bot.runner import build_runtime, serve
from bot.settings import Settings
from flows.services.access import ask_access
from flows.services.context import Deps
from sandbox.botapi import BotApiSandbox
from storage import db
from storage.uow import uow_factory

pytestmark = pytest.mark.e2e

ADMIN, SLOWPOKE = 3001, 3002


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(host="127.0.0.1", port=0) as running:
        await running.client.register_user(ADMIN, "Админ")
        await running.client.register_user(SLOWPOKE, "Семён")
        yield running


def settings_for(sandbox: BotApiSandbox, tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        bot_token=sandbox.token,
        telegram_api_base=sandbox.base_url,
        admin_ids=[ADMIN],
        **extra,
    )


def slow_router(started: asyncio.Event) -> Router:
    router = Router()

    @router.message(F.text == "медленно")
    async def slow(message: Message, deps: Deps) -> None:
        started.set()
        await asyncio.sleep(1.0)
        assert message.from_user is not None
        await ask_access(deps, message.from_user.id, full_name="Семён Медленный", position="тест")
        await message.answer("готово")

    return router


async def access_requests(url: str) -> int:
    engine = db.create_engine(url)
    try:
        async with uow_factory(db.session_factory(engine))() as uow:
            return 1 if await uow.people.pending_access(SLOWPOKE) else 0
    finally:
        await engine.dispose()


async def test_a_stop_waits_for_a_slow_handler_and_keeps_its_write(
    sandbox: BotApiSandbox, tmp_path: Path
) -> None:
    started = asyncio.Event()
    settings = settings_for(sandbox, tmp_path)
    runtime = await build_runtime(settings, routers=[slow_router(started)])
    running = asyncio.create_task(serve(runtime))

    sent = await sandbox.client.send_text(SLOWPOKE, "медленно")
    await asyncio.wait_for(started.wait(), 10)
    runtime.stop_requested.set()
    await asyncio.wait_for(running, 15)

    assert await access_requests(settings.database_url) == 1
    texts = [m.text for m in await sandbox.client.messages(SLOWPOKE) if m.from_bot]
    assert texts == ["готово"]
    assert sent.message_id > 0
    fresh = Bot(sandbox.token, session=AiohttpSession(api=sandbox.api_server))
    try:
        assert (await fresh.get_webhook_info()).pending_update_count == 0
    finally:
        await fresh.session.close()
    commands = (await sandbox.client.bot_info())["commands"]
    assert "меню" in str(commands).lower()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_takes_updates_with_the_secret_only(
    sandbox: BotApiSandbox, tmp_path: Path
) -> None:
    port = free_port()
    settings = settings_for(
        sandbox,
        tmp_path,
        webhook_url="https://bot.example.org/tg/hook",
        webhook_secret="s3cret-token",
        webapp_host="127.0.0.1",
        webapp_port=port,
    )
    runtime = await build_runtime(settings)
    running = asyncio.create_task(serve(runtime))
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": SLOWPOKE, "type": "private"},
            "from": {"id": SLOWPOKE, "is_bot": False, "first_name": "Семён"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    url = f"http://127.0.0.1:{port}/tg/hook"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(100):
                if (await sandbox.client.bot_info())["webhook"].get("url"):
                    break
                await asyncio.sleep(0.05)
            forged = await http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
            )
            genuine = await http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            )
        reply = await sandbox.client.wait_for_message(SLOWPOKE, contains="Добро пожаловать")
    finally:
        runtime.stop_requested.set()
        await asyncio.wait_for(running, 15)

    assert (forged.status_code, genuine.status_code) == (401, 200)
    assert "Ваши фамилия, имя и отчество?" in reply.text
