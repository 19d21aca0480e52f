"""Presses at the same moment, through the whole chat stack, on SQLite and PostgreSQL.

Approvers pressing together all count and the request moves once; one person's double tap
gives one decision. The callback updates are fed to the Dispatcher concurrently, as polling
does with updates from different chats.
"""

from __future__ import annotations

import asyncio

import pytest
from aiogram_dialog.test_tools import MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator as Label
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.app import build_dispatcher
from bot.outbox import BotSender, OutboxDispatcher
from flows.enums import Decision, Role, Status
from storage.repos.tender import TenderRepo
from tests.bot.conftest import BotEnv, RecordingBot
from tests.bot.decisions_kit import (
    APPROVE,
    approval_message,
    awaiting_winner,
    current,
    has_approval_buttons,
)
from tests.integration.test_concurrency import hold_after
from tests.support import lifecycle as lc
from tests.support.factories import make_company

TRIALS = 3
APPROVERS = {
    Role.project_manager: "pm",
    Role.executive_director: "director",
    Role.security: "security",
}


@pytest.fixture
async def env(session_factory) -> BotEnv:  # type: ignore[no-untyped-def]
    company = await make_company(session_factory)
    manager = MockMessageManager()
    bot = RecordingBot(manager)
    storage = JsonMemoryStorage()
    outbox = OutboxDispatcher(company.deps, BotSender(bot))
    dp = build_dispatcher(company.deps, storage=storage, outbox=outbox, message_manager=manager)
    return BotEnv(dp, bot, manager, storage, company.deps, company, outbox)


async def test_approvers_pressing_at_once_all_count_and_the_request_moves_once(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch
):
    co = env.company
    # Each decision holds its transaction a moment, so the presses surely overlap.
    hold_after(TenderRepo, "decide", monkeypatch)
    for _ in range(TRIALS):
        # New carriers each time, so security vets the winner in every round.
        request_id, seats = await awaiting_winner(env, carriers=await lc.new_carriers(co))
        messages = {
            who: approval_message(env, who, seats[role].id) for role, who in APPROVERS.items()
        }

        await asyncio.gather(
            *(env.client(who).click(m, Label(APPROVE)) for who, m in messages.items())
        )

        rows = await lc.approvals(co, request_id)
        assert {(a.role, a.decision) for a in rows} == {
            (role.value, Decision.approved) for role in APPROVERS
        }
        log = await lc.log_rows(co, request_id)
        moved = [r for r in log if r.to_status == Status.awaiting_payment]
        assert len(moved) == 1
        assert [r.action for r in log].count("approve_winner") == 3
        assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment
        for who, message in messages.items():
            assert not has_approval_buttons(current(env, message)), who


async def test_a_double_tap_gives_one_decision(env: BotEnv):
    co = env.company
    for _ in range(TRIALS):
        request_id, seats = await awaiting_winner(env)
        message = approval_message(env, "pm", seats[Role.project_manager].id)
        pm = env.client("pm")
        before = len(env.alerts("pm"))

        await asyncio.gather(pm.click(message, Label(APPROVE)), pm.click(message, Label(APPROVE)))

        answers = sorted(env.alerts("pm")[before:])
        assert answers == ["Вы уже приняли решение 02.03.2026 10:00.", "Согласовано."]
        log = await lc.log_rows(co, request_id)
        assert [r.actor_id for r in log if r.action == "approve_winner"] == [co.id("pm")]
        assert not has_approval_buttons(current(env, message))
