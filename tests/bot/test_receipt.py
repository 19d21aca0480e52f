"""Confirming receipt in chat: in full with one tap, or with a discrepancy described and
photographed; from the notification or from the request card."""

from __future__ import annotations

from aiogram.types import PhotoSize, Sticker
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator as Label

from bot.callbacks import CardCb
from flows.enums import Receipt, Status
from flows.services import delivery
from sandbox.botapi.htmltext import parse_html
from storage.tables import Attachment
from tests.bot.conftest import BotEnv
from tests.bot.decisions_kit import buttons, current, labels, press, receipt_message
from tests.support import lifecycle as lc


def visible(message) -> str:
    return parse_html(message.text or "", strict=True)[0]


async def delivered(env: BotEnv) -> int:
    co = env.company
    request_id = await lc.awaiting_payment(co)
    await lc.in_delivery(co, request_id)
    await delivery.deliver(co.deps, co.ref("executor"), request_id)
    await env.deliver()
    return request_id


def photo(file_id: str) -> list[PhotoSize]:
    return [
        PhotoSize(file_id=f"{file_id}-s", file_unique_id=f"{file_id}-us", width=90, height=90),
        PhotoSize(file_id=file_id, file_unique_id=f"u-{file_id}", width=800, height=600),
    ]


async def receipt_photos(env: BotEnv, request_id: int) -> list[str]:
    async with env.deps.uow() as uow:
        rows = await uow.requests.attachments(request_id)
    return [a.file_id for a in rows if isinstance(a, Attachment) and a.purpose == "receipt"]


async def test_receipt_in_full_is_one_tap_and_the_question_closes(bot_env: BotEnv) -> None:
    request_id = await delivered(bot_env)
    message = receipt_message(bot_env, "initiator", request_id)

    await press(bot_env, "initiator", message, "Получено полностью")

    request = await lc.request_row(bot_env.company, request_id)
    assert (request.status, request.receipt) == (Status.documents, Receipt.full)
    shown = current(bot_env, message)
    assert buttons(shown) == []
    assert visible(shown).endswith("✅ Получено полностью: Initiator, 02.03.2026 10:00.")
    assert bot_env.alerts("initiator")[-1] == "Спасибо! Получение подтверждено."


async def test_a_discrepancy_needs_a_comment_and_keeps_the_photos(bot_env: BotEnv) -> None:
    request_id = await delivered(bot_env)
    message = receipt_message(bot_env, "initiator", request_id)
    anna = bot_env.client("initiator")

    await press(bot_env, "initiator", message, "С расхождением")
    assert "Расхождение по заявке" in visible(bot_env.last("initiator"))
    await anna.send("  ")
    assert "Причина обязательна" in visible(bot_env.last("initiator"))
    await anna.send("Нет одного места, <ящик> помят")
    assert "Фото: 0" in visible(bot_env.last("initiator"))
    await bot_env.send_message("initiator", photo=photo("p1"))
    await bot_env.send_message("initiator", photo=photo("p1"))
    await bot_env.send_message("initiator", photo=photo("p2"))
    await bot_env.send_message(
        "initiator",
        sticker=Sticker(
            file_id="s",
            file_unique_id="us",
            type="regular",
            width=1,
            height=1,
            is_animated=False,
            is_video=False,
        ),
    )
    window = bot_env.last("initiator")
    assert "Пришлите фото или нажмите «Готово»." in visible(window)
    assert "Фото: 2" in visible(window)

    await anna.click(window, Label(".*Готово"))

    assert visible(bot_env.last("initiator")).startswith("⚠️ Получение записано с расхождением")
    request = await lc.request_row(bot_env.company, request_id)
    assert (request.status, request.receipt, request.receipt_comment) == (
        Status.documents,
        Receipt.discrepancy,
        "Нет одного места, <ящик> помят",
    )
    assert await receipt_photos(bot_env, request_id) == ["p1", "p2"]
    assert buttons(current(bot_env, message)) == []
    assert visible(current(bot_env, message)).endswith(
        "⚠️ Получено с расхождением: Initiator, 02.03.2026 10:00."
    )
    await bot_env.deliver()
    assert bot_env.texts("executor")[-1].startswith(
        f"🔴 Получение по заявке Т-{request_id:06d} подтверждено: с расхождением."
    )


async def test_the_card_offers_the_initiator_to_confirm_receipt(bot_env: BotEnv) -> None:
    request_id = await delivered(bot_env)
    await bot_env.press("initiator", CardCb(request_id=request_id).pack())
    card = bot_env.last("initiator")
    assert "📦 Подтвердить получение" in labels(card)

    await bot_env.client("initiator").click(card, Label("📦 Подтвердить получение"))
    await bot_env.client("initiator").click(bot_env.last("initiator"), Label(".*полностью"))
    done = bot_env.last("initiator")
    assert visible(done).startswith("✅ Получение подтверждено полностью. Спасибо!")
    await bot_env.client("initiator").click(done, Label(".*Закрыть"))

    assert "Статус: закрывающие документы" in visible(bot_env.last("initiator"))
    assert (await lc.request_row(bot_env.company, request_id)).receipt == Receipt.full
    assert buttons(current(bot_env, receipt_message(bot_env, "initiator", request_id))) == []


async def test_a_late_press_shows_where_the_request_is(bot_env: BotEnv) -> None:
    request_id = await delivered(bot_env)
    message = receipt_message(bot_env, "initiator", request_id)
    await press(bot_env, "initiator", message, "Получено полностью")

    await press(bot_env, "initiator", message, "С расхождением")

    expected = f"Заявка Т-{request_id:06d} сейчас в статусе «закрывающие документы»."
    assert bot_env.alerts("initiator")[-1] == expected
    assert labels(current(bot_env, message)) == ["Открыть заявку"]


async def test_only_the_author_confirms_receipt(bot_env: BotEnv) -> None:
    request_id = await delivered(bot_env)

    await bot_env.press("executor", f"rc:{request_id}:1")
    await bot_env.press("executor", f"rc:{request_id}:0")

    assert bot_env.alerts("executor") == ["Это может сделать только автор заявки."] * 2
    assert (await lc.request_row(bot_env.company, request_id)).status == Status.delivered
