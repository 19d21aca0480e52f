"""Outbox templates as Telegram messages: text (HTML) and inline keyboard, per language.

Each template key maps to a renderer in :data:`RENDERERS`; a new template (for example one
added by notification rules) registers with ``@renderer("key")``. Parameter values are
HTML-escaped; texts come from the catalogue (``locales/ru/LC_MESSAGES/bot.po``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import I18n

from bot.callbacks import (
    ApprovalCb,
    CancelCb,
    CardCb,
    ReceiptCb,
)
from dialogs.approvals.text import approval_details
from dialogs.card.fmt import Ctx
from flows.errors import N_
from flows.reachability import MEANT_FOR_PARAM, VIA_PARAM
from locales import DEFAULT_LOCALE, gettext_for


@dataclass(frozen=True)
class Notice:
    """One outbox row to render for one recipient."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    locale: str = "ru"
    level: str = "info"
    request_id: int | None = None
    # The admin's own text for this message (an event rule's template); the keyboard stays.
    text: str | None = None


@dataclass(frozen=True)
class Rendered:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


Renderer = Callable[[Notice], Rendered]
RENDERERS: dict[str, Renderer] = {}
LEVEL_MARK = {"reminder": "🔔 ", "urgent": "🔴 "}


class UnknownTemplate(KeyError):
    """No renderer is registered for the template key."""


def renderer(*keys: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        for key in keys:
            RENDERERS[key] = func
        return func

    return register


def render_notice(notice: Notice) -> Rendered:
    """Text and keyboard of a notice; raises UnknownTemplate for an unregistered key."""
    try:
        func = RENDERERS[notice.template]
    except KeyError:
        raise UnknownTemplate(notice.template) from None
    rendered = func(notice)
    text = rendered.text if notice.text is None else notice.text
    markup = rendered.keyboard
    meant_for = notice.params.get(MEANT_FOR_PARAM)
    if meant_for:
        # Rerouted from someone who blocked the bot; only a substitute may decide for them.
        note = N_("↪️ Meant for {name}, who cannot be reached in Telegram.")
        text = fill(note, notice.locale, name=meant_for) + "\n" + text
        if notice.params.get(VIA_PARAM) != "substitute":
            markup = _card_buttons_only(markup)
    return Rendered(LEVEL_MARK.get(notice.level, "") + text, markup)


def _card_buttons_only(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    prefix = f"{CardCb.__prefix__}:"
    rows = [
        [b for b in row if (b.callback_data or "").startswith(prefix)]
        for row in (markup.inline_keyboard if markup else [])
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


# --- building blocks -------------------------------------------------------------------


def current_locale() -> str:
    """The language of the update being handled (set by the i18n middleware)."""
    i18n = I18n.get_current(no_error=True)
    return i18n.current_locale if i18n is not None else DEFAULT_LOCALE


def tr(msgid: str, locale: str) -> str:
    return gettext_for(locale).gettext(msgid)


def fill(msgid: str, locale: str, **params: Any) -> str:
    """The translated text with every ``{placeholder}`` filled by an escaped value."""
    escaped = {name: html.escape(str(value), quote=False) for name, value in params.items()}
    try:
        return tr(msgid, locale).format(**escaped)
    except (KeyError, IndexError, ValueError):
        return tr(msgid, locale)


def label(value: str, locale: str) -> str:
    """An enum value as a capitalised label (``initiator`` → «Инициатор»)."""
    text = tr(value, locale)
    return text[:1].upper() + text[1:]


def role_list(roles: Iterable[str], locale: str) -> str:
    return ", ".join(tr(str(role), locale) for role in roles)


def button(msgid: str, locale: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=tr(msgid, locale), callback_data=data.pack())


def card_button(request_id: int, locale: str) -> InlineKeyboardButton:
    return button(N_("Open the request"), locale, CardCb(request_id=request_id))


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def _extra(notice: Notice, name: str, msgid: str) -> str:
    value = notice.params.get(name)
    return "\n" + fill(msgid, notice.locale, **{name: value}) if value else ""


def _card_row(notice: Notice) -> list[InlineKeyboardButton]:
    return [card_button(notice.request_id, notice.locale)] if notice.request_id else []


# --- plain notices: one text, the reason or comment if any, and the card button --------

INFO_TEXTS: dict[str, str] = {
    "request_taken": N_("Request {number} was taken into work by {executor}."),
    "winner_rejected": N_("The winner for request {number} was rejected."),
    "winner_approved": N_("The winner for request {number} is approved; payment is next."),
    "tender_restarted": N_("The tender for request {number} was started again."),
    "request_paid": N_("Request {number} is paid."),
    "dispatched": N_("Request {number} is on its way. Expected arrival: {arrival}."),
    "request_closed": N_("Request {number} is closed."),
    "request_cancelled": N_("Request {number} was cancelled."),
    "cancel_rejected": N_("The cancellation of request {number} was rejected."),
    "change_approved": N_("The change of request {number} is approved."),
    "change_rejected": N_("The change of request {number} was rejected."),
}


def _info(notice: Notice) -> Rendered:
    text = fill(INFO_TEXTS[notice.template], notice.locale, **notice.params)
    text += _extra(notice, "reason", N_("Reason: {reason}"))
    return Rendered(text, keyboard(_card_row(notice)) if notice.request_id else None)


for _key in INFO_TEXTS:
    renderer(_key)(_info)


@renderer("request_submitted")
def _submitted(notice: Notice) -> Rendered:
    text = fill(
        N_("New request {number} is waiting for an executor."),
        notice.locale,
        number=notice.params.get("number", ""),
    )
    if notice.params.get("emergency"):
        warning = N_("⚠️ Emergency: less time than the standard lead time.")
        text += "\n" + tr(warning, notice.locale)
    return Rendered(text, keyboard(_card_row(notice)) if notice.request_id else None)


@renderer("receipt_confirmed")
def _receipt_confirmed(notice: Notice) -> Rendered:
    how = N_("in full") if notice.params.get("receipt") == "full" else N_("with a discrepancy")
    text = fill(
        N_("Receipt of request {number} confirmed: {how}."),
        notice.locale,
        number=notice.params.get("number", ""),
        how=tr(how, notice.locale),
    )
    text += _extra(notice, "comment", N_("Comment: {comment}"))
    return Rendered(text, keyboard(_card_row(notice)) if notice.request_id else None)


# --- notices with one-tap decisions ----------------------------------------------------

APPROVAL_TEXTS: dict[str, str] = {
    "approval_winner": N_("Request {number}: approve the tender winner."),
    "approval_vetting": N_("Request {number}: check the counterparty (security)."),
    "approval_change": N_("Request {number}: approve a change of date or amount."),
}


def _approval(notice: Notice) -> Rendered:
    locale, approval_id = notice.locale, int(notice.params["approval_id"])
    text = fill(APPROVAL_TEXTS[notice.template], locale, number=notice.params.get("number", ""))
    # The brief (summary, winner, comparison, overrun) says the overrun with its amount.
    details = approval_details(notice.params, Ctx(locale))
    if details:
        text += "\n\n" + details
    elif notice.params.get("overrun"):
        text += "\n" + tr(N_("The amount is over the budget."), locale)
    decide = [
        button(N_("Approve"), locale, ApprovalCb(id=approval_id, ok=True)),
        button(N_("Reject"), locale, ApprovalCb(id=approval_id, ok=False)),
    ]
    return Rendered(text, keyboard(decide, _card_row(notice)))


for _key in APPROVAL_TEXTS:
    renderer(_key)(_approval)


@renderer("confirm_receipt")
def _confirm_receipt(notice: Notice) -> Rendered:
    locale, request_id = notice.locale, int(notice.request_id or 0)
    text = fill(
        N_("Request {number} is delivered. Did everything arrive?"),
        locale,
        number=notice.params.get("number", ""),
    )
    answers = [
        button(N_("Received in full"), locale, ReceiptCb(request_id=request_id, full=True)),
        button(N_("With a discrepancy"), locale, ReceiptCb(request_id=request_id, full=False)),
    ]
    return Rendered(text, keyboard(answers, _card_row(notice)))


@renderer("cancel_requested")
def _cancel_requested(notice: Notice) -> Rendered:
    locale, request_id = notice.locale, int(notice.request_id or 0)
    text = fill(
        N_("The executor asks to cancel request {number}."),
        locale,
        number=notice.params.get("number", ""),
    )
    text += _extra(notice, "reason", N_("Reason: {reason}"))
    answers = [
        button(N_("Cancel the request"), locale, CancelCb(request_id=request_id, ok=True)),
        button(N_("Keep the request"), locale, CancelCb(request_id=request_id, ok=False)),
    ]
    return Rendered(text, keyboard(answers, _card_row(notice)))


# The access and rule templates live in their own modules; importing them registers them.
from bot import render_access, render_rules  # noqa: E402, F401
