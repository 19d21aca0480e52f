"""Translations in the bot: aiogram's I18n fed from the merged catalogue, and the ``T`` widget.

``T("msgid {field}")`` renders a catalogue text in the person's language and fills the
placeholders from the dialog data, HTML-escaping every value, so text typed by people
(``<b>``, ``&``) never breaks a message sent with HTML parse mode.
"""

from __future__ import annotations

import html
import string
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n.middleware import I18nMiddleware
from aiogram_dialog.api.protocols import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

from locales import DEFAULT_LOCALE, LOCALES_DIR, gettext_for, translations


class CatalogueI18n(I18n):
    """aiogram's I18n over the in-memory compiled catalogue instead of ``.mo`` files."""

    def __init__(self) -> None:
        super().__init__(path=LOCALES_DIR, default_locale=DEFAULT_LOCALE, domain="tonnage")

    def find_locales(self) -> dict[str, Any]:
        return dict(translations())

    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's gettext looks the instance up on the I18n class; a subclass keeps its own
        # context variable, so set both.
        base_token = I18n.set_current(self)
        token = self.set_current(self)
        try:
            yield self
        finally:
            self.reset_current(token)
            I18n.reset_current(base_token)


class LocaleMiddleware(I18nMiddleware):
    """The company works in Russian: chats are Russian whatever the Telegram app's language.

    Messages from the outbox use each person's stored locale instead (users.locale).
    """

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        return DEFAULT_LOCALE


class _EscapingFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        return html.escape(super().format_field(value, format_spec), quote=False)


_FORMATTER = _EscapingFormatter()


def esc(value: object) -> str:
    """Escape a value for a message sent with HTML parse mode."""
    return html.escape("" if value is None else str(value), quote=False)


def locale_of(manager: DialogManager) -> str:
    i18n = manager.middleware_data.get("i18n")
    return getattr(i18n, "current_locale", None) or DEFAULT_LOCALE


class T(Text):
    """A catalogue text with ``{placeholders}`` filled from the window data, escaped."""

    def __init__(self, msgid: str, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.msgid = msgid

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        text = gettext_for(locale_of(manager)).gettext(self.msgid)
        return _FORMATTER.vformat(text, (), data)
