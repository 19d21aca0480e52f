"""/unreachable lists the people the bot cannot reach; writing to the bot clears the flag."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.bot.conftest import BotEnv
from tests.support.outbox import update_user, user

SINCE = datetime(2026, 3, 1, 6, 30, tzinfo=UTC)  # 09:30 in Moscow


async def test_an_admin_sees_who_cannot_be_reached_and_since_when(bot_env: BotEnv) -> None:
    co = bot_env.company
    await update_user(
        co, "executor", unreachable=True, unreachable_since=SINCE, full_name="Иванов <Иван>"
    )

    await bot_env.client("admin").send("/unreachable")

    text = bot_env.last("admin").text or ""
    assert text.startswith("<b>Бот не может написать этим людям в Telegram</b> (1):")
    assert "• Иванов &lt;Иван&gt;, executor — с 01.03.2026 09:30" in text
    assert text.endswith("отправить /start.")


async def test_with_everyone_reachable_the_admin_is_told_so(bot_env: BotEnv) -> None:
    await bot_env.client("admin").send("/unreachable")

    assert bot_env.last("admin").text == "Бот может написать всем в Telegram."


async def test_only_an_admin_may_see_the_list(bot_env: BotEnv) -> None:
    await bot_env.client("head").send("/unreachable")

    assert bot_env.last("head").text == "Это может сделать только администратор."


async def test_a_person_who_sends_start_again_is_reachable(bot_env: BotEnv) -> None:
    co = bot_env.company
    await update_user(co, "initiator", unreachable=True, unreachable_since=SINCE)

    await bot_env.client("initiator").send("/start")

    assert (await user(co, "initiator")).unreachable is False
    await bot_env.client("admin").send("/unreachable")
    assert bot_env.last("admin").text == "Бот может написать всем в Telegram."
