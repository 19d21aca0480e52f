"""Widgets shared by the dialogs: prepared HTML, escaped values, a Russian calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.api.protocols import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.kbd import Calendar, CalendarScope, CalendarUserConfig
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScopeView,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Const, Format, Text

from bot.i18n import esc, locale_of
from flows.errors import N_
from locales import gettext_for

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


class Html(Text):
    """A piece of HTML prepared by the getter (values in it already escaped with ``esc``)."""

    def __init__(self, key: str, when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.key = key

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return str(data.get(self.key) or "")


class Esc(Text):
    """A value from the window data, HTML-escaped; nothing when it is empty."""

    def __init__(self, key: str, prefix: str = "", when: WhenCondition = None) -> None:
        super().__init__(when=when)
        self.key = key
        self.prefix = prefix

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        value = data.get(self.key)
        return f"{self.prefix}{esc(value)}" if value else ""


def flashes() -> list[Text]:
    """The one-shot error and notice lines a window starts with (see ``edge.flash_getter``)."""
    return [Esc("error", prefix="⚠️ "), Esc("notice", prefix="ℹ️ ")]


class _Named(Text):
    """A month or weekday name of ``data["date"]`` in the person's language."""

    def __init__(self, names: tuple[str, ...], pick: str, with_year: bool = False) -> None:
        super().__init__()
        self.names, self.pick, self.with_year = names, pick, with_year

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        day: date = data["date"]
        index = day.month - 1 if self.pick == "month" else day.weekday()
        name = gettext_for(locale_of(manager)).gettext(self.names[index])
        return f"{name} {day.year}" if self.with_year else name


class RuCalendar(Calendar):
    """The calendar in the person's language, from the company's today (no past days)."""

    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        month = _Named(MONTHS, "month")
        return {
            CalendarScope.DAYS: CalendarDaysView(
                self._item_callback_data,
                weekday_text=_Named(WEEKDAYS, "weekday"),
                header_text=_Named(MONTHS, "month", with_year=True),
                prev_month_text=Const("◀"),
                next_month_text=Const("▶"),
            ),
            CalendarScope.MONTHS: CalendarMonthView(
                self._item_callback_data,
                month_text=month,
                this_month_text=Format("[ ") + month + Format(" ]"),
            ),
            CalendarScope.YEARS: CalendarYearsView(self._item_callback_data),
        }

    async def _get_user_config(
        self, data: dict[str, Any], manager: DialogManager
    ) -> CalendarUserConfig:
        return CalendarUserConfig(firstweekday=0, min_date=_today(manager))

    async def _render_keyboard(self, data: dict[str, Any], manager: DialogManager) -> RawKeyboard:
        if self.get_offset(manager) is None:
            self.set_offset(_today(manager), manager)
        return await super()._render_keyboard(data, manager)


def _today(manager: DialogManager) -> date:
    deps = manager.middleware_data.get("deps")
    return deps.today() if deps is not None else date.today()
