"""Rule messages: catalogue defaults, admin templates, escaping, the sandbox, late marks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.errors import InvalidInput
from flows.rules.defaults import DEFAULT_RULES, DEFAULTS_BY_KEY, VARIABLES
from flows.rules.templates import check_source, preview, render_event, render_rule

UNASSIGNED = {"number": "Т-000007", "hours": 2, "emergency": False}


def test_the_default_text_comes_from_the_catalogue_in_the_persons_language():
    ru = render_rule("rule:unassigned", UNASSIGNED, "ru")
    en = render_rule("rule:unassigned", UNASSIGNED, "en")
    assert ru == ("Заявка <b>Т-000007</b> ждёт исполнителя уже 2 раб. ч. Назначьте исполнителя.")
    assert en.startswith("Request <b>Т-000007</b> has been waiting for an executor")


@pytest.mark.parametrize("rule", [r for r in DEFAULT_RULES if r.template], ids=lambda r: r.key)
@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_default_template_renders_with_its_sample_data(rule, locale):
    text = check_source(rule, rule.template, locale)
    assert text and "{{" not in text and "{%" not in text


@pytest.mark.parametrize("rule", [r for r in DEFAULT_RULES if r.template], ids=lambda r: r.key)
def test_every_default_template_has_a_russian_source_of_its_own(rule):
    assert preview(rule, "ru") != preview(rule, "en")


def test_values_are_escaped_for_html_parse_mode():
    text = render_rule("rule:unassigned", {**UNASSIGNED, "number": "<b>&x"}, "ru")
    assert "&lt;b&gt;&amp;x" in text and "<b>&x" not in text


def test_the_admins_template_for_the_locale_wins():
    params = {**UNASSIGNED, "templates": {"ru": "Срочно: {{ number }}"}}
    assert render_rule("rule:unassigned", params, "ru") == "Срочно: Т-000007"
    assert render_rule("rule:unassigned", params, "en").startswith("Request")


def test_a_broken_admin_template_falls_back_to_the_default():
    text = render_rule("rule:unassigned", UNASSIGNED, "ru", {"ru": "{{ number | nosuch }}"})
    assert text.startswith("Заявка")


def test_the_sandbox_refuses_reaching_into_python():
    source = "{{ number.__class__.__mro__[1].__subclasses__() }}"
    with pytest.raises(InvalidInput):
        check_source(DEFAULTS_BY_KEY["unassigned"], source, "ru")
    assert "class" not in render_rule("rule:unassigned", UNASSIGNED, "ru", {"ru": source})


def test_an_unknown_variable_is_refused_when_the_admin_saves_it():
    with pytest.raises(InvalidInput) as caught:
        check_source(DEFAULTS_BY_KEY["unassigned"], "{{ numbr }}", "ru")
    assert "numbr" in caught.value.log_text


def test_a_late_message_says_when_it_was_due():
    params = {**UNASSIGNED, "late": True, "due": "16.03.2026 09:30"}
    first, _ = render_rule("rule:unassigned", params, "ru").split("\n", 1)
    assert first == "⏰ С опозданием: это должно было прийти 16.03.2026 09:30."


def test_the_executor_is_told_the_approvers_role_when_no_person_is_named():
    params = {**VARIABLES[DEFAULTS_BY_KEY["approval_overdue_executor"].watch], "approver": ""}
    text = render_rule("rule:approval_overdue_executor", params, "ru")
    assert "согласование (руководитель проекта)" in text


def test_the_documents_reminder_lists_every_request():
    params = dict(VARIABLES[DEFAULTS_BY_KEY["documents_month_end"].watch], last_day=True)
    text = render_rule("rule:documents_month_end", params, "ru")
    assert "Т-000123, З-000045" in text and "последний рабочий день" in text


def test_an_event_rule_keeps_the_bots_text_until_the_admin_sets_one():
    rule = DEFAULTS_BY_KEY["tender_restarted"]
    assert render_event(rule, {"number": "Т-1"}, "ru") is None
    edited = replace(rule, templates={"ru": "Тендер {{ number }} перезапущен"})
    assert render_event(edited, {"number": "Т-1"}, "ru") == "Тендер Т-1 перезапущен"
    with pytest.raises(InvalidInput):
        preview(rule, "ru")


def test_an_unknown_rule_key_is_refused():
    with pytest.raises(KeyError):
        render_rule("rule:nosuch", {}, "ru")
