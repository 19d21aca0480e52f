"""The inboxes: «На согласовании» for project managers and the executive director, «Проверка
контрагентов» for security, with the same approve and reject as the messages."""

from __future__ import annotations

from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator as Label

from flows.enums import Decision, Role, SecurityStatus, Status
from sandbox.botapi.htmltext import parse_html
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import (
    approval_message,
    awaiting_winner,
    current,
    has_approval_buttons,
    labels,
)
from tests.support import lifecycle as lc


def visible(message) -> str:
    return parse_html(message.text or "", strict=True)[0]


async def open_inbox(env: BotEnv, who: str, entry: str):
    client = env.client(who)
    await client.send("/menu")
    await client.click(env.last(who), Label(entry))
    return env.last(who)


async def test_managers_and_security_get_their_inbox_in_the_menu(bot_env: BotEnv) -> None:
    for who, entry in (
        ("pm", "На согласовании"),
        ("director", "На согласовании"),
        ("security", "Проверка контрагентов"),
    ):
        await bot_env.client(who).send("/menu")
        assert entry in labels(bot_env.last(who)), who
    await bot_env.client("initiator").send("/menu")
    assert "На согласовании" not in labels(bot_env.last("initiator"))


async def test_a_project_manager_approves_from_the_inbox_and_the_message_follows(
    bot_env: BotEnv,
) -> None:
    request_id, seats = await awaiting_winner(bot_env)
    number = f"Т-{request_id:06d}"

    inbox = await open_inbox(bot_env, "pm", "На согласовании")
    assert "Ждут вашего решения: 1" in visible(inbox)
    assert f"{number} · победитель тендера · 140 000,00 ₽" in labels(inbox)

    await bot_env.client("pm").click(inbox, Label(f"{number}.*"))
    item = bot_env.last("pm")
    assert "Победитель: Перевозчик 0 — 140 000,00 ₽ (с НДС)" in visible(item)
    assert labels(item)[:2] == ["✅ Согласовать", "❌ Отклонить"]

    await bot_env.client("pm").click(item, Label(".*Согласовать"))

    after = bot_env.last("pm")
    assert "✅ Согласовано." in visible(after)
    assert "Сейчас ничто не ждёт вашего решения." in visible(after)
    approved = await lc.approvals(bot_env.company, request_id, decision=Decision.approved)
    assert [a.role for a in approved] == ["project_manager"]
    notice = approval_message(bot_env, "pm", seats[Role.project_manager].id)
    assert not has_approval_buttons(current(bot_env, notice))


async def test_the_inbox_lists_only_what_waits_for_the_person(bot_env: BotEnv) -> None:
    await awaiting_winner(bot_env)

    pm2 = await open_inbox(bot_env, "pm2", "На согласовании")
    director = await open_inbox(bot_env, "director", "На согласовании")

    assert "Сейчас ничто не ждёт вашего решения." in visible(pm2)
    assert "Ждут вашего решения: 1" in visible(director)


async def test_security_rejects_a_counterparty_with_a_justification_kept_on_it(
    bot_env: BotEnv,
) -> None:
    co = bot_env.company
    request_id, seats = await awaiting_winner(bot_env)
    vetting = seats[Role.security]
    inbox = await open_inbox(bot_env, "security", "Проверка контрагентов")
    assert f"Т-{request_id:06d} · проверка контрагента · Перевозчик 0" in labels(inbox)
    await bot_env.client("security").click(inbox, Label(".*Перевозчик 0"))
    item = bot_env.last("security")
    assert "Контрагент на проверку: Перевозчик 0, ИНН 7700000001" in visible(item)

    await bot_env.client("security").click(item, Label(".*Отклонить"))
    await bot_env.client("security").send("  ")
    assert "Причина обязательна" in visible(bot_env.last("security"))
    await bot_env.client("security").send("Нет допуска к перевозке негабарита")
    done = bot_env.last("security")
    assert visible(done).startswith("❌ Отклонено. Причина отправлена.")
    await bot_env.client("security").click(done, Label(".*Закрыть"))

    assert "Сейчас ничто не ждёт вашего решения." in visible(bot_env.last("security"))
    cp = await lc.counterparty(co, vetting.counterparty_id)
    assert (cp.security_status, cp.security_reason, cp.security_decided_by) == (
        SecurityStatus.rejected,
        "Нет допуска к перевозке негабарита",
        co.id("security"),
    )
    request = await lc.request_row(co, request_id)
    assert (request.status, request.winner_rejection) == (
        Status.winner_approval,
        "Нет допуска к перевозке негабарита",
    )
    notice = approval_message(bot_env, "security", vetting.id)
    assert not has_approval_buttons(current(bot_env, notice))


async def test_security_approves_the_vetting_from_its_message(bot_env: BotEnv) -> None:
    co = bot_env.company
    _request_id, seats = await awaiting_winner(bot_env)
    message = approval_message(bot_env, "security", seats[Role.security].id)

    await bot_env.client("security").click(message, Label(".*Согласовать"))

    cp = await lc.counterparty(co, seats[Role.security].counterparty_id)
    assert cp.security_status == SecurityStatus.approved
    assert cp.security_valid_until is not None
    assert visible(current(bot_env, message)).endswith(
        "✅ Согласовано: Security, 02.03.2026 10:00."
    )
