"""Messages of the notification rules (``rule:<key>`` templates) as Telegram messages.

The text is the rule's Jinja template (the admin's, else the catalogue's), rendered with
every value escaped by :func:`flows.rules.render_rule`; the level mark is added by
:func:`bot.render.render_notice`. A reminder that waits on an approval carries the one-tap
approve and reject buttons, as the approval message itself does.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton

from bot.callbacks import ApprovalCb
from bot.render import Notice, Rendered, button, card_button, keyboard, renderer
from flows.errors import N_
from flows.rules import render_rule
from flows.rules.defaults import DEFAULT_RULES


def _decision_row(notice: Notice) -> list[InlineKeyboardButton]:
    approval_id = notice.params.get("approval_id")
    if approval_id is None:
        return []
    locale = notice.locale
    return [
        button(N_("Approve"), locale, ApprovalCb(id=int(approval_id), ok=True)),
        button(N_("Reject"), locale, ApprovalCb(id=int(approval_id), ok=False)),
    ]


def render_rule_notice(notice: Notice) -> Rendered:
    """A rule's message with its decision and card buttons, if any."""
    text = render_rule(notice.template, notice.params, notice.locale)
    card = [card_button(notice.request_id, notice.locale)] if notice.request_id else []
    rows = [row for row in (_decision_row(notice), card) if row]
    return Rendered(text, keyboard(*rows) if rows else None)


for _rule in DEFAULT_RULES:
    if _rule.template is not None:
        renderer(_rule.template_key)(render_rule_notice)
