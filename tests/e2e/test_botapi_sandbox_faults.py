"""The sandbox Bot API refuses what Telegram refuses and fails when told to.

Every rejection is checked through a real aiogram Bot, so the error surfaces as
the same exception class and text the product would get from Telegram.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from sandbox.botapi import BotApiSandbox, SandboxClient, make_png

pytestmark = pytest.mark.e2e

ANNA = 2001
BORIS = 2002
CLARA = 2003


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(host="127.0.0.1", port=0) as running:
        yield running


@pytest.fixture(scope="module")
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    real_bot = Bot(sandbox.token, session=AiohttpSession(api=sandbox.api_server))
    yield real_bot
    await real_bot.session.close()


@pytest.fixture
async def client(sandbox: BotApiSandbox) -> SandboxClient:
    await sandbox.client.reset()
    for user_id, name in ((ANNA, "Анна"), (BORIS, "Борис"), (CLARA, "Клара")):
        await sandbox.client.register_user(user_id, name)
    return sandbox.client


def buttons(count: int, data: str = "x") -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(text=str(i), callback_data=data) for i in range(start, start + 5)]
        for start in range(0, count, 5)
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>не закрыт", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<div>блок</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("цена < 100", 'Unsupported start tag "" at byte offset 9'),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("текст</b>", "Unexpected end tag at byte offset 10"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("ООО «Рога & Копыта»", 'Character "&" at byte offset 18 must be escaped as "&amp;"'),
        ("&nbsp;", 'Character "&" at byte offset 0 must be escaped as "&amp;"'),
    ],
)
async def test_malformed_html_is_refused_with_telegrams_parse_error(
    bot: Bot, client: SandboxClient, html: str, reason: str
) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(ANNA, html, parse_mode="HTML")

    assert caught.value.message == f"Bad Request: can't parse entities: {reason}"
    assert await client.messages(ANNA) == []


async def test_text_length_is_counted_in_utf16_after_markup(
    bot: Bot, client: SandboxClient
) -> None:
    fits = "<b>" + "я" * 4096 + "</b>"
    too_long = "😀" * 2049  # 2049 characters but 4098 UTF-16 code units

    await bot.send_message(ANNA, fits, parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(ANNA, too_long)


@pytest.mark.parametrize("text", ["", "   \n ", "<b></b>"])
async def test_empty_text_is_refused(bot: Bot, client: SandboxClient, text: str) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: message text is empty"):
        await bot.send_message(ANNA, text, parse_mode="HTML")


async def test_long_caption_is_refused(bot: Bot, client: SandboxClient) -> None:
    photo = BufferedInputFile(make_png(), "p.png")

    with pytest.raises(TelegramBadRequest, match="Bad Request: message caption is too long"):
        await bot.send_photo(ANNA, photo, caption="я" * 1025)


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, client: SandboxClient) -> None:
    fits = buttons(1, data="д" * 32)  # 64 bytes in UTF-8
    too_long = buttons(1, data="д" * 32 + "x")

    await bot.send_message(ANNA, "ok", reply_markup=fits)
    with pytest.raises(TelegramBadRequest, match="Bad Request: BUTTON_DATA_INVALID"):
        await bot.send_message(ANNA, "too long", reply_markup=too_long)


async def test_more_than_100_inline_buttons_are_refused(bot: Bot, client: SandboxClient) -> None:
    await bot.send_message(ANNA, "100", reply_markup=buttons(100))

    with pytest.raises(TelegramBadRequest, match="Bad Request: reply markup is too long"):
        await bot.send_message(ANNA, "105", reply_markup=buttons(105))


async def test_unknown_chat_is_not_found(bot: Bot, client: SandboxClient) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(999_999, "кто здесь?")


async def test_editing_to_the_same_content_is_not_modified(
    bot: Bot, client: SandboxClient
) -> None:
    markup = buttons(1)
    sent = await bot.send_message(ANNA, "Статус", reply_markup=markup)

    with pytest.raises(TelegramBadRequest) as caught:
        await bot.edit_message_text(
            "Статус", chat_id=ANNA, message_id=sent.message_id, reply_markup=markup
        )

    assert caught.value.message.startswith("Bad Request: message is not modified: specified new")


async def test_editing_a_missing_or_deleted_message_is_refused(
    bot: Bot, client: SandboxClient
) -> None:
    sent = await bot.send_message(ANNA, "временное")
    await bot.delete_message(ANNA, sent.message_id)

    for message_id in (sent.message_id, 12345):
        with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
            await bot.edit_message_text("новое", chat_id=ANNA, message_id=message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ANNA, sent.message_id)


async def test_answering_an_unknown_callback_query_is_refused(
    bot: Bot, client: SandboxClient
) -> None:
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("123456789")


async def test_unknown_file_id_is_refused(bot: Bot, client: SandboxClient) -> None:
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.get_file("AgACAgIAAxkBAAI-no-such-file")
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(ANNA, BufferedInputFile(b"not an image", "x.png"))


async def test_blocked_chat_answers_403_until_the_user_writes_again(
    bot: Bot, client: SandboxClient
) -> None:
    sent = await bot.send_message(ANNA, "до блокировки")
    await client.block_chat(ANNA)

    with pytest.raises(TelegramForbiddenError) as caught:
        await bot.send_message(ANNA, "после блокировки")
    with pytest.raises(TelegramForbiddenError):
        await bot.edit_message_text("правка", chat_id=ANNA, message_id=sent.message_id)
    await bot.send_message(BORIS, "другому можно")
    await client.send_text(ANNA, "/start")
    await bot.send_message(ANNA, "снова можно")

    assert caught.value.message == "Forbidden: bot was blocked by the user"
    updates = await bot.get_updates(timeout=0, allowed_updates=["my_chat_member", "message"])
    statuses = [u.my_chat_member.new_chat_member.status for u in updates if u.my_chat_member]
    assert statuses == ["kicked", "member"]


async def test_queued_retry_after_for_one_chat_fails_only_that_chat(
    bot: Bot, client: SandboxClient
) -> None:
    await client.inject_retry_after(7, count=2, chat_id=ANNA)

    for _ in range(2):
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(ANNA, "рано")
        assert caught.value.retry_after == 7
    await bot.send_message(BORIS, "другой чат не задет")
    await bot.send_message(ANNA, "теперь можно")

    statuses = [c.status for c in await client.calls("sendMessage")]
    assert statuses == [429, 429, 200, 200]


async def test_global_retry_after_hits_any_chat_and_can_target_methods(
    bot: Bot, client: SandboxClient
) -> None:
    await client.inject_retry_after(3, count=1, methods=["editMessageText"])
    await client.inject_retry_after(2, count=1)

    with pytest.raises(TelegramRetryAfter) as first:
        await bot.send_message(BORIS, "первое")
    sent = await bot.send_message(CLARA, "второе")
    with pytest.raises(TelegramRetryAfter) as edit:
        await bot.edit_message_text("правка", chat_id=CLARA, message_id=sent.message_id)

    assert (first.value.retry_after, edit.value.retry_after) == (2, 3)


async def test_flood_control_limits_each_chat_and_the_bot_overall(
    bot: Bot, client: SandboxClient
) -> None:
    await client.set_flood_control(per_chat_per_second=1, global_per_second=2)

    await bot.send_message(ANNA, "1")
    with pytest.raises(TelegramRetryAfter) as per_chat:
        await bot.send_message(ANNA, "2")
    await bot.send_message(BORIS, "3")
    with pytest.raises(TelegramRetryAfter) as overall:
        await bot.send_message(CLARA, "4")
    await client.set_flood_control(enabled=False)
    await bot.send_message(ANNA, "5")

    assert per_chat.value.retry_after == 1 and overall.value.retry_after == 1
    sends = await client.calls("sendMessage")
    assert [c.status for c in sends] == [200, 429, 200, 429, 200]
    assert sends[-1].time - sends[0].time < 1
