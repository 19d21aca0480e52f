"""Before a row is sent: quiet hours in the recipient's zone, the admin's switches and texts
for the services' messages, and the rules' own messages with their marks and buttons."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from bot.outbox import OutboxDispatcher
from bot.render import Notice, render_notice
from flows.enums import Level
from flows.rules.defaults import DEFAULT_RULES, VARIABLES
from flows.rules.model import RuleEdits
from flows.rules.settings import edit_rule
from sandbox.botapi.htmltext import parse_html
from tests.support.factories import Company, make_company
from tests.support.outbox import ChatSender, put, row, update_user

# 23:00 in Novosibirsk (UTC+7), 19:00 in Moscow.
LATE_EVENING = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 08:00 in Novosibirsk
RULE_PARAMS: dict[str, Any] = {"number": "Т-000001", "hours": 1, "step": 0, "late": False}


@pytest.fixture
async def co(session_factory) -> Company:  # type: ignore[no-untyped-def]
    company = await make_company(session_factory, at=LATE_EVENING)
    await update_user(
        company, "executor", tz="Asia/Novosibirsk", quiet_start=time(22), quiet_end=time(8)
    )
    return company


@pytest.fixture
def sender() -> ChatSender:
    return ChatSender()


@pytest.fixture
def outbox(co: Company, sender: ChatSender) -> OutboxDispatcher:
    # One dispatcher per test: a second one would wait for the first one's lease.
    return OutboxDispatcher(co.deps, sender)


async def test_an_info_row_waits_until_the_recipients_quiet_hours_end(
    co: Company, outbox: OutboxDispatcher, sender: ChatSender
) -> None:
    outbox_id = await put(co, "executor", "request_paid")

    await outbox.run_once()

    held = await row(co, outbox_id)
    assert (held.status, held.due_at, sender.calls) == ("pending", NEXT_MORNING, 0)
    co.clock.set(NEXT_MORNING - timedelta(minutes=1))
    await outbox.run_once()
    assert sender.calls == 0
    co.clock.set(NEXT_MORNING)
    await outbox.run_once()
    assert (await row(co, outbox_id)).status == "sent"


async def test_quiet_hours_are_kept_in_the_recipients_zone_not_the_companys(
    co: Company, outbox: OutboxDispatcher, sender: ChatSender
) -> None:
    await update_user(co, "executor2", quiet_start=time(22), quiet_end=time(8))  # Moscow
    outbox_id = await put(co, "executor2", "request_paid")

    await outbox.run_once()

    assert (await row(co, outbox_id)).status == "sent"


async def test_an_urgent_service_message_breaks_quiet_hours(
    co: Company, outbox: OutboxDispatcher, sender: ChatSender
) -> None:
    params = {"number": "Т-000001", "receipt": "discrepancy", "comment": "нет двух мест"}
    outbox_id = await put(co, "executor", "receipt_confirmed", params, level=Level.urgent)

    await outbox.run_once()

    assert (await row(co, outbox_id)).status == "sent"
    assert sender.texts(co.users["executor"].tg_id)[0].startswith("🔴 ")


async def test_an_urgent_rule_message_breaks_quiet_hours_only_where_the_rule_says(
    co: Company, outbox: OutboxDispatcher, sender: ChatSender
) -> None:
    held = await put(co, "executor", "rule:unassigned", RULE_PARAMS, level=Level.urgent)
    rejected = await put(co, "executor", "winner_rejected", level=Level.urgent)

    await outbox.run_once()
    assert [(await row(co, i)).due_at for i in (held, rejected)] == [NEXT_MORNING] * 2

    await edit_rule(co.deps, "unassigned", RuleEdits(quiet_override=True), by=co.id("admin"))
    allowed = await put(co, "executor", "rule:unassigned", RULE_PARAMS, level=Level.urgent)
    again = await put(co, "executor", "winner_rejected", level=Level.urgent)
    await outbox.run_once()
    assert [(await row(co, i)).status for i in (allowed, again)] == ["sent", "pending"]


async def test_a_switched_off_event_rule_cancels_its_message(
    co: Company, outbox: OutboxDispatcher, sender: ChatSender
) -> None:
    await edit_rule(co.deps, "request_cancelled", RuleEdits(enabled=False), by=co.id("admin"))
    outbox_id = await put(co, "executor2", "request_cancelled", {"number": "Т-1", "reason": ""})

    await outbox.run_once()

    cancelled = await row(co, outbox_id)
    assert cancelled.status == "cancelled" and "switched off" in (cancelled.last_error or "")
    assert sender.calls == 0


async def test_the_admins_text_for_an_event_replaces_the_bots_and_escapes_values(
    co: Company, outbox: OutboxDispatcher, sender: ChatSender
) -> None:
    source = "Тендер по <b>{{ number }}</b> начат заново. Причина: {{ reason }}"
    edits = RuleEdits(templates={"ru": source})
    await edit_rule(co.deps, "tender_restarted", edits, by=co.id("admin"))
    params = {"number": "Т-000009", "reason": "перевозчик <отказался> & ушёл"}
    await put(co, "executor2", "tender_restarted", params)

    await outbox.run_once()

    [text] = sender.texts(co.users["executor2"].tg_id)
    assert text == (
        "Тендер по <b>Т-000009</b> начат заново. Причина: перевозчик &lt;отказался&gt; &amp; ушёл"
    )
    assert sender.sent[co.users["executor2"].tg_id][0].keyboard is None  # no request id


@pytest.mark.parametrize("rule", [r for r in DEFAULT_RULES if r.template], ids=lambda r: r.key)
def test_every_rule_message_renders_valid_html_with_its_level_mark(rule: Any) -> None:
    params = {**VARIABLES[rule.watch], "step": 0, "late": False}

    rendered = render_notice(Notice(rule.template_key, params, "ru", rule.level.value, 7))

    text, _ = parse_html(rendered.text, strict=True)
    mark = {"urgent": "🔴 ", "reminder": "🔔 "}.get(rule.level.value, "")
    assert rendered.text.startswith(mark) and any("а" <= c <= "я" for c in text.lower())
    assert rendered.keyboard is not None
    data = [b.callback_data for row in rendered.keyboard.inline_keyboard for b in row]
    if "approval_id" in params:
        assert data == ["ap:1:1", "ap:1:0", "cd:7"]
    else:
        assert data == ["cd:7"]


def test_values_in_a_rule_message_are_escaped() -> None:
    params = {**RULE_PARAMS, "number": "<i>Т-1</i>", "emergency": False}

    rendered = render_notice(Notice("rule:unassigned", params, "ru", "urgent"))

    assert "&lt;i&gt;Т-1&lt;/i&gt;" in rendered.text
    assert parse_html(rendered.text, strict=True)[0].startswith("🔴 ")
