"""One error router: unexpected failures are logged and answered with an apology."""

from __future__ import annotations

import logging

import pytest
from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog.test_tools import MockMessageManager
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.app import build_dispatcher
from flows.errors import N_, InvalidInput
from tests.bot.conftest import BotEnv, PersonClient, RecordingBot

APOLOGY = "У нас что-то пошло не так. Попробуйте ещё раз или отправьте /menu."


def failing_router() -> Router:
    router = Router()

    @router.message(F.text == "сломай")
    async def broken(message: Message) -> None:
        raise RuntimeError("boom")

    @router.callback_query(F.data == "x:1")
    async def broken_button(callback: CallbackQuery) -> None:
        raise RuntimeError("boom")

    @router.message(F.text == "длинно")
    async def long_refusal(message: Message) -> None:
        raise InvalidInput(N_("Write the reason in a comment."))

    return router


@pytest.fixture
def env_with_failures(bot_env: BotEnv) -> BotEnv:
    manager = MockMessageManager()
    bot = RecordingBot(manager)
    dp = build_dispatcher(
        bot_env.deps,
        storage=JsonMemoryStorage(),
        message_manager=manager,
        routers=[failing_router()],
    )
    bot_env.dp, bot_env.bot, bot_env.message_manager = dp, bot, manager
    bot_env._clients.clear()
    return bot_env


async def test_an_unexpected_failure_is_logged_with_the_update_and_apologised_for(
    env_with_failures: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    client = env_with_failures.client("initiator")
    assert isinstance(client, PersonClient)

    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        await client.send("сломай")

    assert env_with_failures.last("initiator").text == APOLOGY
    [record] = [r for r in caplog.records if r.name == "bot.errors"]
    assert record.getMessage().startswith("update ") and record.exc_info is not None


async def test_a_failing_button_gets_the_apology_as_an_alert(env_with_failures: BotEnv) -> None:
    await env_with_failures.press("initiator", "x:1")

    assert env_with_failures.alerts("initiator") == [APOLOGY]
    assert env_with_failures.bot.answers[-1].show_alert is True


async def test_a_domain_refusal_to_a_message_is_answered_in_the_chat(
    env_with_failures: BotEnv,
) -> None:
    await env_with_failures.client("initiator").send("длинно")

    assert env_with_failures.last("initiator").text == "Напишите причину в комментарии."
