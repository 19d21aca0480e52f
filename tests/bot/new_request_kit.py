"""Filing requests in tests: reference lists, a person at the phone, whole fillings.

``Filer`` wraps a person's client: ``screen`` is the newest bot message in their chat,
``tap`` presses a button by its Russian label (a regex), ``type`` sends text, ``photo`` and
``document`` send files the way Telegram delivers them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiogram.types import Document, InlineKeyboardButton, Message, PhotoSize
from aiogram_dialog.test_tools.keyboard import InlineButtonDataLocator, InlineButtonTextLocator
from aiogram_dialog.widgets.kbd.calendar_kbd import raw_from_date
from sqlmodel import col, select

from dialogs.new_request.summary_text import visible_len
from flows.services.context import Deps
from sandbox.botapi.htmltext import parse_html
from storage.tables import Region, Request, Unit, VehicleType
from tests.bot.conftest import BotEnv

UNITS = ("шт", "кг", "м", "м³", "т", "компл")
REGIONS = ("Новосибирская область", "Алтайский край", "Московская область")
VEHICLES = ("Тентованный 20 т", "Манипулятор")
HOSTILE = "Пресс <b>ПК-200</b> & «плита» *_[жирный]_* <script>alert(1)</script> 🏗️"


async def add_reference(deps: Deps) -> None:
    """Units, more regions and vehicle types than the company factory makes."""
    async with deps.uow() as uow:
        for name in UNITS:
            uow.session.add(Unit(name=name))
        for name in REGIONS:
            uow.session.add(Region(name=name))
        for name in VEHICLES:
            uow.session.add(VehicleType(name=name))
        await uow.commit()


def buttons(message: Message) -> list[InlineKeyboardButton]:
    markup = message.reply_markup
    if markup is None or not hasattr(markup, "inline_keyboard"):
        return []
    return [button for row in markup.inline_keyboard for button in row]


def labels(message: Message) -> list[str]:
    return [button.text for button in buttons(message)]


def visible(message: Message) -> str:
    """The text as the person reads it: parsed the way Telegram parses HTML (strictly)."""
    text, _ = parse_html(message.text or "")
    return text


def assert_short_callbacks(env: BotEnv) -> int:
    """Every button shown so far carries at most 64 bytes of callback data."""
    checked = 0
    for message in env.message_manager.sent_messages:
        for button in buttons(message):
            if button.callback_data is not None:
                assert len(button.callback_data.encode()) <= 64, button.callback_data
                checked += 1
    return checked


def assert_fits(message: Message) -> None:
    """The message is valid HTML and within Telegram's 4096 characters."""
    assert visible_len(message.text or "") <= 4096
    parse_html(message.text or "")


@dataclass
class Filer:
    env: BotEnv
    who: str = "initiator"

    @property
    def client(self) -> Any:
        return self.env.client(self.who)

    @property
    def screen(self) -> Message:
        return self.env.last(self.who)

    @property
    def text(self) -> str:
        return visible(self.screen)

    async def tap(self, label: str) -> None:
        await self.client.click(self.screen, InlineButtonTextLocator(label))
        assert_fits(self.screen)

    async def type(self, text: str) -> None:
        await self.client.send(text)
        assert_fits(self.screen)

    async def pick_day(self, day: date) -> None:
        locator = InlineButtonDataLocator(rf".*:{raw_from_date(day)}")
        await self.client.click(self.screen, locator)

    async def photo(self, file_id: str) -> None:
        size = PhotoSize(file_id=file_id, file_unique_id=f"u-{file_id}", width=800, height=600)
        await self.env.send_message(self.who, photo=[size])

    async def document(self, file_id: str, name: str) -> None:
        doc = Document(file_id=file_id, file_unique_id=f"u-{file_id}", file_name=name)
        await self.env.send_message(self.who, document=doc)

    def sees(self, *fragments: str) -> bool:
        return all(fragment in self.text for fragment in fragments)


async def fill_transport(
    f: Filer, *, loading: str = "16.03.2026", delivery: str = "20.03"
) -> None:
    """A transport request from /new to the summary, typing or tapping every field."""
    await f.type("/new")
    await f.tap("🚚 Перевозка")
    await f.type("Кемерово, ул. Заводская, 1")
    await f.tap("Кемеровская область")
    await f.type("Новосибирск, Промышленная, 7")
    await f.type("новосибирская область")
    await f.tap("Далее ▶")
    await f.type(HOSTILE)
    await f.type("12,5 т")
    await f.type("12×3×2,5")
    await f.type("2")
    await f.tap("⬜ Негабарит")
    await f.tap("Далее ▶")
    await f.tap("Манипулятор")
    await f.type(loading)
    await f.type(delivery)
    await f.type("пресс")
    await f.tap(r"P-1 .*")
    await f.type("150 тыс")
    await f.photo("photo-1")
    await f.document("doc-1", "Чертёж <A&B>.pdf")
    await f.tap("Далее ▶")
    await f.type(HOSTILE)


async def fill_procurement(f: Filer, *, required: str = "25.03.2026") -> None:
    """A procurement request with two items from /new to the summary."""
    await f.type("/new")
    await f.tap("📦 Закупка ТМЦ")
    await f.type("Строп текстильный 10 т")
    await f.type("4 шт")
    await f.tap("Без спецификации ▶")
    await f.tap("➕ Добавить позицию")
    await f.type("Скоба <такелажная> & Co")
    await f.type("10,5")
    await f.tap("кг")
    await f.type("ГОСТ 2476-80")
    await f.tap("Далее ▶")
    await f.type(required)
    await f.type("Кемерово, склад №2 <ворота 3>")
    await f.tap(r"P-1 .*")
    await f.type("80 000")
    await f.tap("Далее ▶")
    await f.tap("Без комментария ▶")


async def latest_request(deps: Deps) -> Request:
    async with deps.uow() as uow:
        rows = await uow.session.exec(select(Request).order_by(col(Request.id).desc()))
        request = rows.first()
    assert request is not None
    return request


def number_in(text: str) -> str:
    found = re.search(r"[ТЗ]-\d{6}", text)
    assert found is not None, text
    return found.group(0)
