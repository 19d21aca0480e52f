"""The sandbox Bot API server driven by a real aiogram Bot and Dispatcher over HTTP."""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    Message,
)
from aiogram.types.media_union import MediaUnion

from sandbox.botapi import BotApiSandbox, SandboxClient, SandboxTimeoutError, make_png

pytestmark = pytest.mark.e2e

ANNA = 1001
BORIS = 1002


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=label, callback_data=f"cb:{label}") for label in labels]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


@pytest.fixture(scope="module")
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(host="127.0.0.1", port=0) as running:
        yield running


@pytest.fixture(scope="module")
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=sandbox.api_server)
    real_bot = Bot(sandbox.token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    yield real_bot
    await real_bot.session.close()


@pytest.fixture
async def client(sandbox: BotApiSandbox) -> SandboxClient:
    await sandbox.client.reset()
    await sandbox.client.register_user(ANNA, "Анна", last_name="Петрова", username="anna_p")
    await sandbox.client.register_user(BORIS, "Борис", language_code="en")
    return sandbox.client


async def test_get_me_describes_the_configured_bot(bot: Bot, client: SandboxClient) -> None:
    me = await bot.get_me()

    assert me.is_bot is True
    assert me.username == "tonnage_sandbox_bot"
    assert me.id == int(bot.token.split(":")[0])


async def test_sent_html_message_is_seen_as_plain_text_with_entities(
    bot: Bot, client: SandboxClient
) -> None:
    sent = await bot.send_message(ANNA, "<b>Заявка №7</b> &amp; <i>груз</i> 😀 <code>x</code>")

    assert sent.text == "Заявка №7 & груз 😀 x"
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 9),
        ("italic", 12, 4),
        ("code", 20, 1),
    ]
    seen = (await client.messages(ANNA))[-1]
    assert seen.text == sent.text
    assert seen.source.startswith("<b>Заявка")
    assert seen.parse_mode == "HTML"
    assert seen.from_bot is True


async def test_every_supported_html_tag_becomes_its_entity(
    bot: Bot, client: SandboxClient
) -> None:
    markup = (
        "<b>b</b><strong>b</strong><i>i</i><em>i</em><u>u</u><ins>u</ins><s>s</s>"
        '<strike>s</strike><del>s</del><span class="tg-spoiler">p</span>'
        '<tg-spoiler>p</tg-spoiler><a href="https://example.org/?a=1&amp;b=2">l</a>'
        '<code>c</code><pre><code class="language-python">x = 1</code></pre>'
        "<blockquote>q</blockquote><blockquote expandable>q</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>&lt;&gt;&quot;&#33;'
    )

    sent = await bot.send_message(ANNA, markup)

    kinds = [e.type for e in sent.entities or []]
    assert kinds == ["bold"] * 2 + ["italic"] * 2 + ["underline"] * 2 + ["strikethrough"] * 3 + [
        "spoiler",
        "spoiler",
        "text_link",
        "code",
        "pre",
        "blockquote",
        "expandable_blockquote",
        "custom_emoji",
    ]
    by_type = {e.type: e for e in sent.entities or []}
    assert by_type["text_link"].url == "https://example.org/?a=1&b=2"
    assert by_type["pre"].language == "python"
    assert by_type["custom_emoji"].custom_emoji_id == "5368324170671202286"
    assert sent.text is not None and sent.text.endswith('<>"!')


async def test_edits_are_kept_in_history_and_deleted_messages_stay_listed(
    bot: Bot, client: SandboxClient
) -> None:
    sent = await bot.send_message(ANNA, "Черновик", reply_markup=keyboard("Да"))
    await bot.edit_message_text("Итог", chat_id=ANNA, message_id=sent.message_id)
    await bot.edit_message_reply_markup(
        chat_id=ANNA, message_id=sent.message_id, reply_markup=keyboard("Ещё")
    )
    gone = await bot.send_message(ANNA, "Удалить меня")
    assert await bot.delete_message(ANNA, gone.message_id) is True

    listed = {m.message_id: m for m in await client.messages(ANNA)}

    edited = listed[sent.message_id]
    assert edited.text == "Итог"
    assert edited.button_texts == ["Ещё"]
    assert [(v.text, bool(v.reply_markup)) for v in edited.history] == [
        ("Черновик", True),
        ("Итог", False),
    ]
    assert listed[gone.message_id].deleted is True
    assert gone.message_id not in [
        m.message_id for m in await client.messages(ANNA, include_deleted=False)
    ]


async def test_message_ids_count_per_chat_and_update_ids_only_grow(
    bot: Bot, client: SandboxClient
) -> None:
    first = await client.send_text(ANNA, "раз")
    reply = await bot.send_message(ANNA, "ответ")
    other = await client.send_text(BORIS, "hello")
    await client.send_text(ANNA, "два")

    updates = await bot.get_updates(timeout=0)

    assert (first.message_id, reply.message_id, other.message_id) == (1, 2, 1)
    ids = [u.update_id for u in updates]
    assert ids == sorted(ids) and len(set(ids)) == 3
    message = updates[0].message
    assert message is not None and message.from_user is not None
    assert message.from_user.username == "anna_p" and message.from_user.is_bot is False
    assert message.chat.id == ANNA and message.chat.type == "private"
    assert abs(message.date.timestamp() - time.time()) < 5


async def test_offset_confirms_updates_and_limit_caps_the_batch(
    bot: Bot, client: SandboxClient
) -> None:
    for text in ("1", "2", "3"):
        await client.send_text(ANNA, text)

    first = await bot.get_updates(limit=2, timeout=0)
    rest = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
    after = await bot.get_updates(offset=rest[-1].update_id + 1, timeout=0)

    assert [u.message.text for u in first if u.message] == ["1", "2"]
    assert [u.message.text for u in rest if u.message] == ["3"]
    assert after == []


async def test_long_poll_returns_as_soon_as_the_user_writes(
    bot: Bot, client: SandboxClient
) -> None:
    await bot.get_updates(offset=-1, timeout=0)
    poll = asyncio.create_task(bot.get_updates(timeout=10, allowed_updates=["message"]))
    await asyncio.sleep(0.1)
    started = time.monotonic()

    await client.send_command(ANNA, "start", "deep-link")
    updates = await poll

    assert time.monotonic() - started < 2
    message = updates[-1].message
    assert message is not None and message.text == "/start deep-link"
    assert message.entities is not None and message.entities[0].type == "bot_command"


async def test_dispatcher_answers_a_command_and_a_button_press(
    bot: Bot, client: SandboxClient
) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def greet(message: Message) -> None:
        await message.answer("Здравствуйте, <b>Анна</b>", reply_markup=keyboard("Принять"))

    @dp.callback_query(F.data == "cb:Принять")
    async def accept(query: CallbackQuery) -> None:
        await query.answer("Принято")
        assert isinstance(query.message, Message)
        await query.message.edit_text("Заявка принята")

    polling = asyncio.create_task(
        dp.start_polling(bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    try:
        await client.send_command(ANNA, "start")
        greeting = await client.wait_for_message(ANNA, contains="Здравствуйте")
        answer = await client.press_button(ANNA, greeting.message_id, text="Принять")
        edited = await client.wait_for_message(
            ANNA, lambda m: m.message_id == greeting.message_id and m.edited
        )
    finally:
        await dp.stop_polling()
        await polling

    assert greeting.text == "Здравствуйте, Анна"
    assert answer is not None and answer.text == "Принято" and answer.show_alert is False
    assert edited.text == "Заявка принята" and edited.buttons == []


async def test_waiting_for_a_message_that_never_comes_times_out(client: SandboxClient) -> None:
    await client.send_text(ANNA, "есть кто?")

    with pytest.raises(SandboxTimeoutError):
        await client.wait_for_message(ANNA, contains="ответ", within=0.3)


async def test_unanswered_button_press_times_out(bot: Bot, client: SandboxClient) -> None:
    sent = await bot.send_message(ANNA, "Выбор", reply_markup=keyboard("A"))

    with pytest.raises(SandboxTimeoutError):
        await client.press_button(ANNA, sent.message_id, callback_data="cb:A", within=0.3)
    updates = await bot.get_updates(timeout=0)

    query = updates[-1].callback_query
    assert query is not None and query.data == "cb:A"
    assert query.from_user.id == ANNA
    assert await bot.answer_callback_query(query.id, text="поздно") is True


async def test_second_concurrent_poller_terminates_the_first_with_conflict(
    sandbox: BotApiSandbox, bot: Bot, client: SandboxClient
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    for _ in range(250):
        if (await client.bot_info())["poll_waiting"]:
            break
        await asyncio.sleep(0.02)
    other = Bot(sandbox.token, session=AiohttpSession(api=sandbox.api_server))

    try:
        assert await other.get_updates(timeout=0) == []
        with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
            await first
    finally:
        await other.session.close()


async def test_webhook_is_stored_and_blocks_polling_until_deleted(
    bot: Bot, client: SandboxClient
) -> None:
    assert await bot.set_webhook("https://tonnage.example/hook") is True
    info = await bot.get_webhook_info()

    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates(timeout=0)
    assert info.url == "https://tonnage.example/hook"
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert await bot.get_updates(timeout=0) == []


async def test_commands_and_menu_button_are_stored(bot: Bot, client: SandboxClient) -> None:
    commands = [BotCommand(command="start", description="Начать")]

    await bot.set_my_commands(commands)
    await bot.set_chat_menu_button()
    stored = await bot.get_my_commands()
    info = await client.bot_info()
    await bot.delete_my_commands()

    assert [c.command for c in stored] == ["start"]
    assert info["commands"][0]["commands"] == [{"command": "start", "description": "Начать"}]
    assert await bot.get_my_commands() == []


async def test_get_chat_copy_forward_and_chat_action(bot: Bot, client: SandboxClient) -> None:
    original = await bot.send_message(ANNA, "Копия")

    chat = await bot.get_chat(ANNA)
    copied = await bot.copy_message(BORIS, ANNA, original.message_id)
    forwarded = await bot.forward_message(BORIS, ANNA, original.message_id)

    assert (chat.first_name, chat.username) == ("Анна", "anna_p")
    assert await bot.send_chat_action(ANNA, "typing") is True
    assert forwarded.forward_origin is not None
    texts = [m.text for m in await client.messages(BORIS)]
    assert texts == ["Копия", "Копия"] and copied.message_id == 1


async def test_bot_photo_and_document_round_trip_through_get_file(
    bot: Bot, client: SandboxClient
) -> None:
    image = make_png(1000, 500)
    photo = await bot.send_photo(ANNA, BufferedInputFile(image, "plan.png"), caption="<b>План</b>")
    document = await bot.send_document(ANNA, BufferedInputFile(b"%PDF-1.4 test", "act.pdf"))
    assert photo.photo is not None
    again = await bot.send_photo(BORIS, photo.photo[-1].file_id)

    assert photo.photo is not None and again.photo is not None
    downloaded = await bot.download(photo.photo[-1].file_id)
    info = await bot.get_file(document.document.file_id)  # type: ignore[union-attr]

    assert [(p.width, p.height) for p in photo.photo] == [
        (90, 45),
        (320, 160),
        (800, 400),
        (1000, 500),
    ]
    assert photo.caption == "План" and photo.caption_entities is not None
    assert downloaded is not None and downloaded.read() == image
    assert document.document is not None and document.document.mime_type == "application/pdf"
    assert info.file_path is not None and info.file_size == len(b"%PDF-1.4 test")
    assert await client.download(document.document.file_id) == b"%PDF-1.4 test"
    assert again.photo[-1].file_unique_id == photo.photo[-1].file_unique_id


async def test_caption_and_media_of_a_sent_photo_can_be_edited(
    bot: Bot, client: SandboxClient
) -> None:
    photo = await bot.send_photo(ANNA, BufferedInputFile(make_png(), "a.png"), caption="до")
    await bot.edit_message_caption(
        chat_id=ANNA, message_id=photo.message_id, caption="<i>после</i>"
    )
    report = InputMediaDocument(media=BufferedInputFile(b"report", "r.txt"), caption="отчёт")
    edited = await bot.edit_message_media(report, chat_id=ANNA, message_id=photo.message_id)

    with pytest.raises(TelegramBadRequest, match="there is no text in the message to edit"):
        await bot.edit_message_text("текст", chat_id=ANNA, message_id=photo.message_id)
    assert isinstance(edited, Message) and edited.document is not None
    assert edited.document.file_name == "r.txt" and edited.caption == "отчёт"
    seen = (await client.messages(ANNA))[0]
    assert (seen.kind, seen.file_name) == ("document", "r.txt")
    assert [version.text for version in seen.history] == ["до", "после"]


async def test_media_group_sends_one_message_per_item(bot: Bot, client: SandboxClient) -> None:
    items: list[MediaUnion] = [
        InputMediaPhoto(media=BufferedInputFile(make_png(), "a.png"), caption="первое"),
        InputMediaPhoto(media=BufferedInputFile(make_png(3, 3), "b.png")),
    ]

    sent = await bot.send_media_group(ANNA, items)

    assert len(sent) == 2 and sent[0].media_group_id == sent[1].media_group_id
    assert [m.kind for m in await client.messages(ANNA)] == ["photo", "photo"]


async def test_user_photo_and_document_reach_the_bot_as_downloadable_files(
    bot: Bot, client: SandboxClient
) -> None:
    image = make_png(64, 32)
    await client.send_photo(ANNA, image, caption="фото груза")
    await client.send_document(ANNA, b"a;b\n1;2\n", filename="load.csv", caption="ведомость")

    updates = await bot.get_updates(timeout=0)
    photo_message, document_message = (u.message for u in updates)

    assert photo_message is not None and photo_message.photo is not None
    assert photo_message.caption == "фото груза"
    assert photo_message.photo[-1].width == 64
    photo_bytes = await bot.download(photo_message.photo[-1])
    assert photo_bytes is not None and photo_bytes.read() == image
    assert document_message is not None and document_message.document is not None
    assert document_message.document.file_name == "load.csv"
    file = await bot.get_file(document_message.document.file_id)
    assert file.file_path is not None
    content = await bot.download_file(file.file_path)
    assert content is not None and content.read() == b"a;b\n1;2\n"


async def test_unknown_method_is_not_found_and_json_bodies_work(
    sandbox: BotApiSandbox, client: SandboxClient
) -> None:
    async with httpx.AsyncClient(base_url=sandbox.base_url) as http:
        missing = await http.post(f"/bot{sandbox.token}/sendTelepathy", json={})
        sent = await http.post(
            f"/bot{sandbox.token}/SENDMESSAGE",
            json={"chat_id": ANNA, "text": "json", "reply_markup": {"inline_keyboard": []}},
        )

    assert missing.status_code == 404
    assert missing.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert sent.json()["ok"] is True and sent.json()["result"]["text"] == "json"


async def test_call_log_records_method_params_status_and_time(
    bot: Bot, client: SandboxClient
) -> None:
    before = time.time()
    await bot.send_message(ANNA, "первое", reply_markup=keyboard("A"))
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(ANNA, "")

    calls = await client.calls("sendMessage")

    assert [c.status for c in calls] == [200, 400]
    assert calls[0].params["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
    assert calls[1].description == "Bad Request: message text is empty"
    assert before <= calls[0].time <= calls[1].time <= time.time()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_standalone_server_starts_from_the_command_line() -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox.botapi",
        "--port",
        str(port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async with SandboxClient(f"http://127.0.0.1:{port}") as standalone:
            for _ in range(100):
                try:
                    assert await standalone.health() is True
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            else:
                pytest.fail("the standalone sandbox did not start")
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)
