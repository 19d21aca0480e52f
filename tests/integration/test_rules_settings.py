"""Admins change rules in the database; ``tonnage rules`` does it from the command line."""

from __future__ import annotations

import argparse

import pytest

from cli.rules import execute, register
from flows.enums import Level
from flows.errors import InvalidInput, NotFound
from flows.rules.model import Recipient, RuleEdits
from flows.rules.settings import edit_rule, event_rule, get_rule, list_rules
from storage.tables.rules import RuleSetting
from tests.support.factories import make_company
from tests.support.rules import msk, rule_rows, scan_at, submit_at


async def test_an_edit_is_stored_and_laid_over_the_default(session_factory):
    co = await make_company(session_factory)
    rule = await edit_rule(
        co.deps,
        "approval_reminder",
        RuleEdits(hours=2.0, recipients=(Recipient.approver, Recipient.executor)),
        by=co.id("admin"),
    )
    assert (rule.hours, rule.level) == (2.0, Level.reminder)
    async with session_factory() as session:
        row = await session.get(RuleSetting, "approval_reminder")
    assert row is not None and row.hours == 2.0 and row.level is None
    assert row.recipients == ["approver", "executor"] and row.updated_by == co.id("admin")
    assert (await get_rule(co.deps, "approval_reminder")).recipients == rule.recipients


async def test_a_reset_gives_the_setting_back_to_the_default(session_factory):
    co = await make_company(session_factory)
    await edit_rule(co.deps, "unassigned", RuleEdits(hours=3.0, templates={"ru": "{{ number }}"}))
    rule = await edit_rule(co.deps, "unassigned", RuleEdits(), reset=["hours", "templates"])
    assert rule.hours == 1.0 and dict(rule.templates) == {}


async def test_a_setting_that_cannot_work_is_refused_and_nothing_is_stored(session_factory):
    co = await make_company(session_factory)
    with pytest.raises(InvalidInput):
        await edit_rule(co.deps, "unassigned", RuleEdits(templates={"ru": "{{ nosuch }}"}))
    with pytest.raises(NotFound):
        await edit_rule(co.deps, "nosuch", RuleEdits(enabled=False))
    async with session_factory() as session:
        assert await session.get(RuleSetting, "unassigned") is None


async def test_an_edited_threshold_changes_when_the_escalation_comes(session_factory):
    co = await make_company(session_factory)
    await edit_rule(co.deps, "unassigned", RuleEdits(hours=2.0, repeat_hours=0.0))
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    await scan_at(co, msk(2026, 3, 16, 11, 30))
    assert await rule_rows(co, "unassigned") == []
    await scan_at(co, msk(2026, 3, 16, 12, 0))
    await scan_at(co, msk(2026, 3, 16, 16, 0))
    assert len(await rule_rows(co, "unassigned")) == 1


async def test_an_admin_template_travels_with_the_outbox_row(session_factory):
    co = await make_company(session_factory)
    await edit_rule(co.deps, "unassigned", RuleEdits(templates={"ru": "Срочно: {{ number }}"}))
    await submit_at(co, msk(2026, 3, 16, 10, 0))
    await scan_at(co, msk(2026, 3, 16, 11, 0))
    [row] = await rule_rows(co, "unassigned")
    assert row.params["templates"] == {"ru": "Срочно: {{ number }}"}


async def test_event_messages_can_be_switched_off_and_reworded(session_factory):
    co = await make_company(session_factory)
    with pytest.raises(InvalidInput):
        await edit_rule(co.deps, "tender_restarted", RuleEdits(hours=1.0))
    await edit_rule(
        co.deps, "tender_restarted", RuleEdits(enabled=False, templates={"ru": "{{ number }}!"})
    )
    rule = await event_rule(co.deps, "tender_restarted")
    assert rule is not None and rule.enabled is False and rule.templates["ru"] == "{{ number }}!"
    assert await event_rule(co.deps, "request_taken") is None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tonnage")
    register(parser.add_subparsers(dest="command"))
    return parser


async def _cli(co, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    return await execute(co.deps, _parser().parse_args(["rules", *argv]))


async def test_the_command_line_lists_shows_sets_and_previews_rules(session_factory):
    co = await make_company(session_factory)
    code, text = await _cli(co, "list")
    assert code == 0 and len(text.splitlines()) == 1 + len(await list_rules(co.deps))

    code, text = await _cli(
        co, "set", "unassigned", "hours=2", "level=reminder", "template.ru=Ждёт: {{ number }}"
    )
    assert code == 0 and "template.ru (admin)" in text
    assert (await get_rule(co.deps, "unassigned")).level is Level.reminder

    code, text = await _cli(co, "preview", "unassigned")
    assert (code, text) == (0, "Ждёт: Т-000123")
    code, text = await _cli(co, "preview", "unassigned", "--locale", "en")
    assert code == 0 and text.startswith("Request <b>Т-000123</b>")

    code, text = await _cli(co, "show", "unassigned")
    assert code == 0 and "hours:          2 (working hours after submission)" in text


async def test_the_command_line_explains_what_is_wrong(session_factory):
    co = await make_company(session_factory)
    assert await _cli(co, "set", "unassigned", "quiet=maybe") == (
        2,
        "Error: quiet_override takes yes or no, got 'maybe'",
    )
    code, text = await _cli(co, "set", "bid_deadline", "quiet=yes")
    assert (code, text) == (1, "Error: Only urgent messages may break quiet hours.")
    code, text = await _cli(co, "show", "nosuch")
    assert (code, text) == (1, "Error: No rule is called nosuch.")
