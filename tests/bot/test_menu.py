"""The main menu offers what the person's roles allow, and only what works."""

from __future__ import annotations

from aiogram.types import Message
from aiogram_dialog.test_tools import MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator as Label
from aiogram_dialog.test_tools.memory_storage import JsonMemoryStorage

from bot.app import build_dispatcher
from dialogs.menu.dialog import menu_dialog
from dialogs.registration.dialog import registration_dialog
from flows.enums import Role
from flows.services import requests
from flows.services.access import set_roles
from tests.bot.conftest import BotEnv, PersonClient, RecordingBot
from tests.support.factories import transport_draft

NOTE = "Заявки и решения, которые ждут вас, придут в этот чат."


def buttons(message: Message) -> list[str]:
    markup = message.reply_markup
    return [b.text for row in markup.inline_keyboard for b in row] if markup else []


async def open_menu(env: BotEnv, who: str) -> Message:
    await env.client(who).send("/menu")
    return env.last(who)


async def test_an_initiator_gets_filing_and_their_requests(bot_env: BotEnv) -> None:
    menu = await open_menu(bot_env, "initiator")

    assert menu.text.startswith("<b>Tonnage</b>\nInitiator, ваши роли: инициатор.")
    assert buttons(menu) == ["Новая заявка", "Мои заявки"]


async def test_a_project_manager_who_also_files_sees_both_roles(bot_env: BotEnv) -> None:
    menu = await open_menu(bot_env, "pm")

    assert "ваши роли: инициатор, руководитель проекта." in menu.text
    assert buttons(menu)[:2] == ["Новая заявка", "Мои заявки"]
    assert len(buttons(menu)) > 2  # and what project managers decide


async def test_security_gets_no_filing_buttons(bot_env: BotEnv) -> None:
    menu = await open_menu(bot_env, "security")

    assert "Новая заявка" not in buttons(menu) and "Мои заявки" not in buttons(menu)


async def test_a_role_without_menu_entries_is_told_where_work_comes(bot_env: BotEnv) -> None:
    menu = await open_menu(bot_env, "admin")

    assert buttons(menu) == []
    assert menu.text.endswith(NOTE)


async def test_the_menu_shows_only_dialogs_installed_in_the_bot(bot_env: BotEnv) -> None:
    manager = MockMessageManager()
    bot = RecordingBot(manager)
    dp = build_dispatcher(
        bot_env.deps,
        storage=JsonMemoryStorage(),
        message_manager=manager,
        dialogs=[menu_dialog(), registration_dialog()],
    )
    client = PersonClient(dp, bot_env.tg_id("initiator"), bot)

    await client.send("/menu")

    assert buttons(manager.last_message()) == []
    assert manager.last_message().text.endswith(NOTE)


async def test_an_executor_gets_their_work_and_the_queue(bot_env: BotEnv) -> None:
    await bot_env.client("executor").send("/start")

    menu = bot_env.last("executor")
    assert "ваши роли: исполнитель." in menu.text
    assert buttons(menu) == ["Заявки в работе", "Очередь новых заявок"]


async def test_a_head_gets_the_queue_of_the_department(bot_env: BotEnv) -> None:
    menu = await open_menu(bot_env, "head")

    assert buttons(menu) == ["Очередь новых заявок"]


async def test_the_queue_button_opens_the_queue_list(bot_env: BotEnv) -> None:
    menu = await open_menu(bot_env, "head")

    await bot_env.client("head").click(menu, Label("Очередь новых заявок"))

    assert bot_env.last("head").text.startswith("<b>Очередь: ждут исполнителя</b>")


async def test_my_requests_opens_the_list_from_the_menu(bot_env: BotEnv) -> None:
    anna = bot_env.client("initiator")
    menu = await open_menu(bot_env, "initiator")

    await anna.click(menu, Label("Мои заявки"))

    assert "Мои заявки" in bot_env.last(anna).text
    assert bot_env.last(anna).text != menu.text


async def test_new_request_opens_the_filing_dialog_from_the_menu(bot_env: BotEnv) -> None:
    anna = bot_env.client("initiator")
    menu = await open_menu(bot_env, "initiator")

    await anna.click(menu, Label("Новая заявка"))

    filing = bot_env.last(anna)
    assert filing.text != menu.text
    assert "Перевозка" in " ".join(buttons(filing))


async def test_a_role_taken_away_after_the_menu_was_shown_is_checked_at_the_tap(
    bot_env: BotEnv,
) -> None:
    anna = bot_env.client("initiator")
    menu = await open_menu(bot_env, "initiator")
    co = bot_env.company
    await set_roles(bot_env.deps, co.ref("admin"), co.id("initiator"), [Role.security])

    await anna.click(menu, Label("Новая заявка"))

    assert bot_env.alerts("initiator") == ["Это могут сделать только: инициатор."]


async def test_an_outdated_menu_button_brings_a_fresh_menu_with_an_apology(
    bot_env: BotEnv,
) -> None:
    anna = bot_env.client("initiator")
    menu = await open_menu(bot_env, "initiator")
    bot_env.storage.storage.clear()  # the dialog state is gone, as after a lost storage

    await anna.click(menu, Label("Мои заявки"))

    assert bot_env.alerts("initiator") == ["Извините, этот экран устарел. Вот актуальный."]
    fresh = bot_env.last(anna)
    assert fresh.message_id != menu.message_id
    assert buttons(fresh) == ["Новая заявка", "Мои заявки"]


async def test_help_lists_the_commands(bot_env: BotEnv) -> None:
    await bot_env.client("initiator").send("/help")

    text = bot_env.last("initiator").text
    assert "/menu — главное меню" in text and "/new — новая заявка" in text


async def test_a_stray_text_from_a_known_person_brings_the_menu(bot_env: BotEnv) -> None:
    await bot_env.client("executor").send("что тут?")

    assert "ваши роли: исполнитель." in bot_env.last("executor").text


async def test_open_request_button_of_a_notification_opens_the_card(bot_env: BotEnv) -> None:
    co = bot_env.company
    draft = await requests.save_draft(co.deps, co.ref("initiator"), transport_draft(co))
    await requests.submit(co.deps, co.ref("initiator"), draft.id)
    await requests.take(co.deps, co.ref("executor"), draft.id)
    await bot_env.deliver()
    taken = bot_env.last("initiator")
    assert taken.text == f"Заявку {draft.number} взял в работу: Executor."

    await bot_env.client("initiator").click(taken, Label("Открыть заявку"))

    card = bot_env.last("initiator")
    assert card.message_id != taken.message_id
    assert draft.number in card.text


async def test_my_opens_the_lists_for_an_executor_too(bot_env: BotEnv) -> None:
    await bot_env.client("executor").send("/my")

    assert bot_env.last("executor").text.startswith("<b>Мои заявки в работе</b>")


async def test_new_is_refused_to_someone_who_does_not_file(bot_env: BotEnv) -> None:
    await bot_env.client("security").send("/new")

    assert bot_env.last("security").text == "Создавать заявки может только инициатор."
