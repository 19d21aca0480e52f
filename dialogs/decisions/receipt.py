"""The initiator confirms receipt: in full, or with a discrepancy described and photographed."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Row, SwitchTo

from bot.i18n import T, esc, locale_of
from dialogs.approvals.text import RECEIVED_FULL, RECEIVED_WITH_DISCREPANCY, done_line
from dialogs.common.edge import actor_of, deps_of, flash_error, flash_getter, text_input, tr
from dialogs.common.widgets import flashes
from dialogs.decisions.common import (
    card_of,
    finish,
    messages_of,
    required_reason,
    result_window,
    start_int,
    start_value,
    tapped_ref,
)
from dialogs.decisions.states import ReceiptSG
from flows import access_views
from flows.enums import Receipt
from flows.errors import N_, DomainError
from flows.services import delivery
from locales import render_error

logger = logging.getLogger(__name__)

MAX_PHOTOS = 20
COMMENT, PHOTOS = "comment", "photos"
PREVIEW = {"number": "Т-000123", "count": 2}


async def receipt_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    card = await card_of(manager)
    return {"number": card.request.number, "count": len(manager.dialog_data.get(PHOTOS, []))}


async def on_comment(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data[COMMENT] = required_reason(text)
    await manager.switch_to(ReceiptSG.photos)


async def on_photo(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    photos: list[list[str]] = manager.dialog_data.setdefault(PHOTOS, [])
    if not message.photo:
        return
    largest = message.photo[-1]
    if any(unique == largest.file_unique_id for _file, unique in photos):
        return
    if len(photos) >= MAX_PHOTOS:
        flash_error(manager, tr(manager, N_("At most {count} photos."), count=MAX_PHOTOS))
        return
    photos.append([largest.file_id, largest.file_unique_id])


async def on_not_photo(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    flash_error(manager, tr(manager, N_("Send a photo, or tap «Done».")))


async def on_full(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _confirm(manager, Receipt.full)


async def on_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _confirm(manager, Receipt.discrepancy)


async def _confirm(manager: DialogManager, receipt: Receipt) -> None:
    deps, request_id = deps_of(manager), start_int(manager, "request_id")
    full = receipt is Receipt.full
    comment = None if full else manager.dialog_data.get(COMMENT)
    photos = () if full else tuple(f for f, _u in manager.dialog_data.get(PHOTOS, []))
    try:
        await delivery.confirm_receipt(
            deps,
            actor_of(manager),
            request_id,
            receipt=receipt.value,
            comment=comment,
            photos=photos,
            version=start_value(manager, "version"),
        )
    except DomainError as error:
        logger.info("receipt of request %s refused: %s", request_id, error.log_text)
        await finish(manager, ReceiptSG.done, "⚠️ " + esc(render_error(error, locale_of(manager))))
        return
    await _retire(manager, request_id, full)
    done = (
        N_("✅ Receipt confirmed in full. Thank you!")
        if full
        else N_("⚠️ Receipt recorded with a discrepancy; the executor is told.")
    )
    await finish(manager, ReceiptSG.done, esc(tr(manager, done)))


async def _retire(manager: DialogManager, request_id: int, full: bool) -> None:
    messages = messages_of(manager)
    user = manager.middleware_data["event_from_user"]
    person = await access_views.person(messages.deps, user.id)
    msgid = RECEIVED_FULL if full else RECEIVED_WITH_DISCREPANCY
    line = done_line(msgid, messages.ctx, name=person.name, at=messages.deps.now())
    await messages.notice_done(f"receipt:{request_id}", line, tapped_ref(manager))


def receipt_dialog() -> Dialog:
    return Dialog(
        Window(
            T("<b>Request {number} is delivered.</b>\nDid everything arrive?"),
            Row(
                Button(T("✅ Received in full"), id="fl", on_click=on_full),
                SwitchTo(T("⚠️ With a discrepancy"), id="ds", state=ReceiptSG.comment),
            ),
            Cancel(T("✖️ Not now"), id="cn"),
            state=ReceiptSG.choice,
            getter=receipt_getter,
            preview_data=PREVIEW,
        ),
        Window(
            *flashes(),
            T(
                "<b>Discrepancy on request {number}</b>\nWhat is wrong? Describe it in one "
                "message: missing places, damage, wrong items."
            ),
            *text_input(on_comment),
            Cancel(T("✖️ Not now"), id="cn"),
            state=ReceiptSG.comment,
            getter=receipt_getter,
            preview_data=PREVIEW,
        ),
        Window(
            *flashes(),
            T("Send photos of the discrepancy, if any, then tap «Done».\nPhotos: {count}"),
            MessageInput(on_photo, content_types=[ContentType.PHOTO]),
            MessageInput(on_not_photo, content_types=[ContentType.ANY]),
            Row(
                Back(T("◀ Back"), id="bk"),
                Button(T("✅ Done"), id="dn", on_click=on_done),
            ),
            state=ReceiptSG.photos,
            getter=receipt_getter,
            preview_data=PREVIEW,
        ),
        result_window(ReceiptSG.done),
        getter=flash_getter,
    )
