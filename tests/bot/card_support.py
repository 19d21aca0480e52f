"""A dispatcher with the request list and card dialogs, driven as people in the company.

Messages are recorded by aiogram-dialog's MockMessageManager; ``visible`` parses a message's
HTML the way Telegram does (strictly), so a test reads what the person reads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from aiogram import Dispatcher, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardButton, Message
from aiogram_dialog import DialogManager, StartMode, setup_dialogs
from aiogram_dialog.api.entities import DIALOG_EVENT_NAME
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.i18n import CatalogueI18n, LocaleMiddleware
from dialogs.card import utf16_len
from dialogs.my_requests.dialog import my_requests_dialogs
from dialogs.my_requests.states import MyRequestsSG, RequestCardSG
from flows.drafts import DraftData
from flows.services import decisions, delivery, requests, tender
from flows.services.tender import BidData
from sandbox.botapi.htmltext import parse_html
from storage import db
from tests.support.databases import ScratchDatabases
from tests.support.factories import Company, make_company, transport_draft


def commands_router() -> Router:
    router = Router()

    @router.message(Command("my"))
    async def my(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(MyRequestsSG.list, mode=StartMode.RESET_STACK)

    @router.message(Command("work"))
    async def work(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(
            MyRequestsSG.list, data={"mode": "work"}, mode=StartMode.RESET_STACK
        )

    @router.message(Command("card"))
    async def card(message: Message, command: CommandObject, dialog_manager: DialogManager):
        data = {"request_id": int(command.args or 0)}
        await dialog_manager.start(RequestCardSG.card, data=data, mode=StartMode.RESET_STACK)

    return router


@dataclass
class Env:
    co: Company
    dp: Dispatcher
    messages: MockMessageManager
    clients: dict[str, BotClient] = field(default_factory=dict)

    def client(self, who: str) -> BotClient:
        if who not in self.clients:
            tg_id = self.co.users[who].tg_id
            self.clients[who] = BotClient(self.dp, user_id=tg_id, chat_id=tg_id)
        return self.clients[who]

    async def send(self, who: str, text: str) -> Message:
        self.messages.reset_history()
        await self.client(who).send(text)
        return self.shown()

    async def click(self, who: str, message: Message, button: str) -> Message:
        """Press the button whose text matches the regex ``button``; the new screen."""
        self.messages.reset_history()
        callback_id = await self.client(who).click(message, InlineButtonTextLocator(button))
        self.messages.assert_answered(callback_id)
        return self.shown()

    def shown(self) -> Message:
        message = self.messages.last_message()
        check_limits(message)
        return message


def check_limits(message: Message) -> None:
    """What Telegram would refuse: a text over 4096 units, callback data over 64 bytes."""
    assert utf16_len(message.text or "") <= 4096
    for button in buttons(message):
        assert button.callback_data is not None
        assert len(button.callback_data.encode("utf-8")) <= 64, button.callback_data


def buttons(message: Message) -> list[InlineKeyboardButton]:
    markup = message.reply_markup
    return [b for row in markup.inline_keyboard for b in row] if markup else []


def labels(message: Message) -> list[str]:
    return [button.text for button in buttons(message)]


def visible(message: Message) -> str:
    """The text as the person sees it (Telegram's HTML parsing, strict about entities)."""
    return parse_html(message.text or "")[0]


@asynccontextmanager
async def sqlite_env(databases: ScratchDatabases, directory: Path) -> AsyncIterator[Env]:
    """An Env on a fresh SQLite database (the dialogs do not depend on the engine)."""
    engine = db.create_engine(await databases.with_schema("sqlite", directory))
    try:
        yield await make_env(db.session_factory(engine))
    finally:
        await engine.dispose()


async def make_env(session_factory) -> Env:
    co = await make_company(session_factory)
    dp = Dispatcher(storage=JsonMemoryStorage())
    dp["deps"] = co.deps
    dp.include_router(commands_router())
    dp.include_routers(*my_requests_dialogs())
    messages = MockMessageManager()
    setup_dialogs(dp, message_manager=messages)
    locale = LocaleMiddleware(CatalogueI18n())
    dp.update.outer_middleware(locale)
    dp.observers[DIALOG_EVENT_NAME].outer_middleware(locale)
    return Env(co, dp, messages)


async def draft(co: Company, who: str = "initiator", data: DraftData | None = None) -> int:
    saved = await requests.save_draft(co.deps, co.ref(who), data or transport_draft(co))
    assert saved.id is not None
    return saved.id


async def submitted(co: Company, who: str = "initiator", data: DraftData | None = None) -> int:
    request_id = await draft(co, who, data)
    await requests.submit(co.deps, co.ref(who), request_id)
    return request_id


async def in_work(co: Company, who: str = "initiator", executor: str = "executor") -> int:
    request_id = await submitted(co, who)
    await requests.take(co.deps, co.ref(executor), request_id)
    return request_id


async def withdrawn(co: Company, who: str = "initiator") -> int:
    request_id = await submitted(co, who)
    await requests.withdraw(co.deps, co.ref(who), request_id)
    return request_id


async def closed(co: Company, who: str = "initiator") -> int:
    """A transport request taken all the way to «closed» through the services."""
    request_id, deps, executor = await in_work(co, who), co.deps, co.ref("executor")
    await tender.start_tender(
        deps, executor, request_id, bid_deadline=co.clock.now() + timedelta(days=2)
    )
    bids = [
        await tender.add_bid(
            deps, executor, request_id, BidData(price_kop=price, counterparty_id=carrier.id)
        )
        for price, carrier in zip((140_000_00, 155_000_00), co.carriers, strict=False)
    ]
    await tender.pick_winner(deps, executor, request_id, bids[0].id)
    async with deps.uow() as uow:
        approvals = await uow.tender.approvals(request_id)
    approver = {"project_manager": "pm", "executive_director": "director", "security": "security"}
    for approval in approvals:
        await decisions.decide(deps, co.ref(approver[approval.role]), approval.id, approve=True)
    await delivery.record_payment(deps, co.ref("admin"), request_id, payment_ref="ПП 1")
    today = co.clock.now().date()
    await delivery.dispatch(
        deps, executor, request_id, dispatch_date=today, expected_arrival=today
    )
    await delivery.deliver(deps, executor, request_id)
    await delivery.confirm_receipt(deps, co.ref(who), request_id, receipt="full")
    for doc in ("invoice", "waybill", "act"):
        await delivery.attach_document(deps, executor, request_id, doc_type=doc, file_id=doc)
    await delivery.close(deps, executor, request_id)
    return request_id
