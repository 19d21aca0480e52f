"""Every outbox template renders as valid Telegram HTML in Russian, with the right buttons."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData

from bot.callbacks import (
    AccessCb,
    ApprovalCb,
    CancelCb,
    CardCb,
    MenuCb,
    ReceiptCb,
    pack_access,
    toggle_access,
    unpack_access,
)
from bot.render import RENDERERS, Notice, UnknownTemplate, render_notice
from bot.render_access import access_keyboard
from flows.enums import Department, Role
from sandbox.botapi.htmltext import parse_html

SERVICE_TEMPLATES = {
    "request_submitted": {"number": "Т-7", "emergency": True},
    "request_taken": {"number": "Т-7", "executor": "Петров"},
    "approval_winner": {"number": "Т-7", "approval_id": 3, "overrun": True},
    "approval_vetting": {"number": "Т-7", "approval_id": 4, "overrun": False},
    "approval_change": {"number": "Т-7", "approval_id": 5, "overrun": False},
    "winner_rejected": {"number": "Т-7", "reason": "дорого"},
    "winner_approved": {"number": "Т-7"},
    "tender_restarted": {"number": "Т-7", "reason": "перевозчик отказался"},
    "request_paid": {"number": "Т-7"},
    "dispatched": {"number": "Т-7", "arrival": "05.03.2026"},
    "confirm_receipt": {"number": "Т-7"},
    "receipt_confirmed": {"number": "Т-7", "receipt": "discrepancy", "comment": "нет 2 мест"},
    "request_closed": {"number": "Т-7"},
    "cancel_requested": {"number": "Т-7", "reason": "не нужно"},
    "request_cancelled": {"number": "Т-7", "reason": ""},
    "cancel_rejected": {"number": "Т-7", "reason": "нужно"},
    "change_approved": {"number": "Т-7", "reason": ""},
    "change_rejected": {"number": "Т-7", "reason": "нет бюджета"},
    "access_request": {"access_id": 9, "name": "Орлов Пётр", "position": "прораб"},
    "access_granted": {"roles": ["initiator", "project_manager"]},
    "access_refused": {},
}
EXPECTED_BUTTONS: dict[str, list[type[CallbackData]]] = {
    "approval_winner": [ApprovalCb, ApprovalCb, CardCb],
    "approval_vetting": [ApprovalCb, ApprovalCb, CardCb],
    "approval_change": [ApprovalCb, ApprovalCb, CardCb],
    "confirm_receipt": [ReceiptCb, ReceiptCb, CardCb],
    "cancel_requested": [CancelCb, CancelCb, CardCb],
    "access_request": [AccessCb] * 9,
    "access_granted": [MenuCb],
    "access_refused": [],
}


def callback_kinds(notice: Notice) -> list[type[CallbackData]]:
    keyboard = render_notice(notice).keyboard
    rows = keyboard.inline_keyboard if keyboard else []
    factories = [AccessCb, ApprovalCb, CancelCb, CardCb, MenuCb, ReceiptCb]
    found = []
    for button in (b for row in rows for b in row):
        assert button.callback_data is not None
        assert len(button.callback_data.encode()) <= 64
        prefix = button.callback_data.split(":")[0]
        found.append(next(f for f in factories if f.__prefix__ == prefix))
    return found


def test_every_template_services_write_has_a_renderer() -> None:
    assert set(SERVICE_TEMPLATES) <= set(RENDERERS)


@pytest.mark.parametrize(("template", "params"), SERVICE_TEMPLATES.items())
def test_a_template_renders_valid_russian_html(template: str, params: dict[str, Any]) -> None:
    notice = Notice(template, params, "ru", "info", request_id=7)

    text, _entities = parse_html(render_notice(notice).text, strict=True)

    assert any("а" <= ch <= "я" for ch in text.lower()), text
    if "number" in params:
        assert "Т-7" in text
    assert callback_kinds(notice) == EXPECTED_BUTTONS.get(template, [CardCb])


def test_values_typed_by_people_are_escaped() -> None:
    params = {"access_id": 1, "name": "<b>Бендер & Ко</b>", "position": "1 < 2"}

    rendered = render_notice(Notice("access_request", params))

    assert "&lt;b&gt;Бендер &amp; Ко&lt;/b&gt;, 1 &lt; 2" in rendered.text
    text, _ = parse_html(rendered.text, strict=True)
    assert "<b>Бендер & Ко</b>, 1 < 2" in text


def test_urgent_and_reminder_notices_are_marked() -> None:
    urgent = render_notice(Notice("winner_rejected", {"number": "Т-1"}, level="urgent"))
    reminder = render_notice(Notice("confirm_receipt", {"number": "Т-1"}, level="reminder"))

    assert urgent.text.startswith("🔴 ") and reminder.text.startswith("🔔 ")


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        render_notice(Notice("no_such_template"))


def test_approval_buttons_carry_only_the_approval_id() -> None:
    rendered = render_notice(Notice("approval_winner", {"number": "Т-1", "approval_id": 42}))

    assert rendered.keyboard is not None
    approve, reject = rendered.keyboard.inline_keyboard[0]
    assert (approve.text, approve.callback_data) == ("Согласовать", "ap:42:1")
    assert (reject.text, reject.callback_data) == ("Отклонить", "ap:42:0")


def test_role_toggles_keep_roles_and_department_in_the_button() -> None:
    mask = toggle_access(0, "r1")  # executor
    mask = toggle_access(mask, "d0")  # logistics

    assert unpack_access(mask) == ({Role.executor}, Department.logistics)
    assert unpack_access(toggle_access(mask, "r1")) == (frozenset(), None)
    assert unpack_access(pack_access([Role.admin, Role.security])) == (
        {Role.admin, Role.security},
        None,
    )
    labels = [b.text for row in access_keyboard(5, mask, "ru").inline_keyboard for b in row]
    assert "✅ Исполнитель" in labels and "🔘 Логистика" in labels and "⚪️ Закупки" in labels


@pytest.mark.parametrize("act", ["x1", "r", "r99", "d7"])
def test_a_forged_toggle_is_refused(act: str) -> None:
    with pytest.raises((ValueError, IndexError)):
        toggle_access(0, act)
