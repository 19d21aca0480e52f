"""Formatting for the card: translated lines with escaped values, money, dates, lengths."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import esc
from locales import DEFAULT_LOCALE, gettext_for


@dataclass(frozen=True)
class Ctx:
    """Who reads the text: their language and the time zone for instants."""

    locale: str = DEFAULT_LOCALE
    tz: str = "Europe/Moscow"

    def tr(self, msgid: str | None) -> str:
        """A catalogue text (or an enum value) in the reader's language, not escaped."""
        return gettext_for(self.locale).gettext(msgid) if msgid else ""


def L_(msgid: str, ctx: Ctx, **params: Any) -> str:
    """Translate ``msgid`` and fill its placeholders with HTML-escaped values.

    The translation itself may hold markup (``<b>``); only the values are escaped, so text
    people typed is shown exactly as typed.
    """
    text = ctx.tr(msgid)
    return text.format(**{name: esc(value) for name, value in params.items()}) if params else text


def format_rub(kop: int) -> str:
    """Kopecks as rubles with grouped thousands and kopecks: 15000050 → «150 000,50 ₽»."""
    sign = "-" if kop < 0 else ""
    rubles, kopecks = divmod(abs(kop), 100)
    return f"{sign}{rubles:,}".replace(",", " ") + f",{kopecks:02d} ₽"


def format_number(value: float) -> str:
    """A quantity or a weight the Russian way: 12 500, 10,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    whole = f"{value:,.3f}".rstrip("0").rstrip(".")
    return whole.replace(",", " ").replace(".", ",")


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def local(value: datetime, ctx: Ctx) -> datetime:
    return value.astimezone(ZoneInfo(ctx.tz))


def format_instant(value: datetime | None, ctx: Ctx) -> str:
    """An instant in the reader's zone: 05.12.2026 14:30."""
    return local(value, ctx).strftime("%d.%m.%Y %H:%M") if value else "—"


def format_short(value: datetime, ctx: Ctx) -> str:
    """An instant in the reader's zone without the year: 05.12 14:30."""
    return local(value, ctx).strftime("%d.%m %H:%M")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
