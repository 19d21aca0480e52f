"""SqlStorage keeps aiogram FSM state and aiogram-dialog stacks in the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from aiogram import Dispatcher
from aiogram.exceptions import DataNotDictLikeError
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Button
from aiogram_dialog.widgets.text import Const, Format
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import create_engine, session_factory
from storage.fsm import SqlStorage
from storage.tables.chat_state import ChatState

BOT_ID = 42


class Order(StatesGroup):
    drafting = State()
    confirming = State()


def make_key(chat_id: int = 100, user_id: int = 100, **extra: Any) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=chat_id, user_id=user_id, **extra)


@pytest.fixture
def storage(session_factory: async_sessionmaker[AsyncSession]) -> SqlStorage:
    return SqlStorage(session_factory)


async def _row_count(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return (await session.exec(select(func.count()).select_from(ChatState))).one()


async def test_missing_key_has_no_state_and_empty_data(storage: SqlStorage) -> None:
    assert await storage.get_state(make_key()) is None
    assert await storage.get_data(make_key()) == {}


async def test_state_object_and_string_are_stored_by_name(storage: SqlStorage) -> None:
    await storage.set_state(make_key(), Order.confirming)
    assert await storage.get_state(make_key()) == "Order:confirming"

    await storage.set_state(make_key(), "Order:drafting")
    assert await storage.get_state(make_key()) == "Order:drafting"


async def test_data_round_trips_beside_the_state(storage: SqlStorage) -> None:
    data = {"route": ["Пермь", "Норильск"], "weight_t": 12.5, "places": 3, "rush": False}

    await storage.set_state(make_key(), Order.drafting)
    await storage.set_data(make_key(), data)

    assert await storage.get_data(make_key()) == data
    assert await storage.get_state(make_key()) == "Order:drafting"


async def test_keys_keep_bots_chats_users_threads_and_destinies_apart(
    storage: SqlStorage,
) -> None:
    keys = [
        make_key(),
        make_key(chat_id=200),
        make_key(user_id=300),
        make_key(thread_id=7),
        make_key(destiny="aiogd:stack:"),
        make_key(business_connection_id="bc-1"),
        StorageKey(bot_id=BOT_ID + 1, chat_id=100, user_id=100),
    ]
    for number, key in enumerate(keys):
        await storage.set_state(key, f"Order:step{number}")
        await storage.set_data(key, {"number": number})

    for number, key in enumerate(keys):
        assert await storage.get_state(key) == f"Order:step{number}"
        assert await storage.get_data(key) == {"number": number}


async def test_update_data_merges_and_returns_the_result(storage: SqlStorage) -> None:
    await storage.set_data(make_key(), {"cargo": "crane", "places": 1})

    merged = await storage.update_data(make_key(), {"places": 2, "rush": True})

    expected = {"cargo": "crane", "places": 2, "rush": True}
    assert merged == expected
    assert await storage.get_data(make_key()) == expected


async def test_concurrent_first_updates_of_one_key_lose_nothing(storage: SqlStorage) -> None:
    await asyncio.gather(*(storage.update_data(make_key(), {f"f{n}": n}) for n in range(8)))

    assert await storage.get_data(make_key()) == {f"f{n}": n for n in range(8)}


async def test_dates_decimals_and_nested_lists_come_back_with_their_types(
    storage: SqlStorage,
) -> None:
    data = {
        "loading": {"day": date(2024, 5, 17), "window": [time(8, 30), time(12, 0)]},
        "created": datetime(2024, 5, 1, 9, 15, tzinfo=UTC),
        "budget": Decimal("125000.50"),
        "project": UUID("12345678-1234-5678-1234-567812345678"),
        "points": [{"city": "Пермь", "tags": ["heavy", None]}, {"city": "Тикси"}],
    }

    await storage.set_data(make_key(), data)
    loaded = await storage.get_data(make_key())

    assert loaded == data
    assert type(loaded["loading"]["day"]) is date
    assert type(loaded["created"]) is datetime


async def test_value_json_cannot_carry_is_refused_and_nothing_is_written(
    storage: SqlStorage,
) -> None:
    with pytest.raises(TypeError):
        await storage.set_data(make_key(), {"callback": object()})
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(make_key(), [("a", 1)])  # type: ignore[arg-type]

    assert await storage.get_data(make_key()) == {}


async def test_clearing_state_and_data_deletes_the_row(
    storage: SqlStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await storage.set_state(make_key(), Order.drafting)
    await storage.set_data(make_key(), {"cargo": "crane"})

    await storage.set_state(make_key(), None)
    assert await storage.get_data(make_key()) == {"cargo": "crane"}
    await storage.set_data(make_key(), {})

    assert await _row_count(session_factory) == 0


async def test_state_and_data_survive_a_new_storage_on_the_same_database(
    db_url: str,
) -> None:
    first_engine = create_engine(db_url)
    first = SqlStorage(session_factory(first_engine))
    await first.set_state(make_key(), Order.confirming)
    await first.update_data(make_key(), {"day": date(2024, 5, 17)})
    await first.close()
    await first_engine.dispose()

    second_engine = create_engine(db_url)
    try:
        second = SqlStorage(session_factory(second_engine))
        assert await second.get_state(make_key()) == "Order:confirming"
        assert await second.get_data(make_key()) == {"day": date(2024, 5, 17)}
    finally:
        await second_engine.dispose()


# A two-window dialog; the picked day is a real date, so rendering it with a date format
# fails if the storage hands it back as a string.


async def _start(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Order.drafting, mode=StartMode.RESET_STACK)


async def _pick_day(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["day"] = date(2024, 5, 17)
    await manager.next()


async def _take_note(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data["note"] = message.text


async def _confirming_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {"day": data["day"], "note": data.get("note", "-")}


def _build_dispatcher(storage: SqlStorage, messages: MockMessageManager) -> Dispatcher:
    dialog = Dialog(
        Window(
            Const("Pick a day"),
            Button(Const("Next"), id="next", on_click=_pick_day),
            state=Order.drafting,
        ),
        Window(
            Format("Day {day:%d.%m.%Y}, note {note}"),
            MessageInput(_take_note),
            Back(Const("Back")),
            getter=_confirming_getter,
            state=Order.confirming,
        ),
    )
    dispatcher = Dispatcher(storage=storage)
    dispatcher.message.register(_start, CommandStart())
    dispatcher.include_router(dialog)
    setup_dialogs(dispatcher, message_manager=messages)
    return dispatcher


async def test_dialog_resumes_at_its_second_window_after_a_restart(db_url: str) -> None:
    first_engine = create_engine(db_url)
    before = MockMessageManager()
    client = BotClient(_build_dispatcher(SqlStorage(session_factory(first_engine)), before))
    await client.send("/start")
    first_window = before.one_message()
    assert first_window.text == "Pick a day"
    before.reset_history()
    callback_id = await client.click(first_window, InlineButtonTextLocator("Next"))
    before.assert_answered(callback_id)
    second_window = before.last_message()
    assert second_window.text == "Day 17.05.2024, note -"
    async with session_factory(first_engine)() as session:
        keys = (await session.exec(select(ChatState.key))).all()
    assert any(":aiogd:stack:" in key for key in keys)
    assert any(":aiogd:context:" in key for key in keys)
    await first_engine.dispose()

    second_engine = create_engine(db_url)
    try:
        after = MockMessageManager()
        storage = SqlStorage(session_factory(second_engine))
        client = BotClient(_build_dispatcher(storage, after))
        await client.send("ready to load")
        assert after.last_message().text == "Day 17.05.2024, note ready to load"

        after.reset_history()
        await client.click(second_window, InlineButtonTextLocator("Back"))
        assert after.last_message().text == "Pick a day"
    finally:
        await second_engine.dispose()
