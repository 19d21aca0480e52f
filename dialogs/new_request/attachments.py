"""Attachments: photos and documents sent to the chat; the request keeps their Telegram ids."""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select
from aiogram_dialog.widgets.text import Format

from bot.i18n import T, esc
from dialogs.common.edge import flash_error, flash_notice, tr
from dialogs.common.widgets import Html, flashes
from dialogs.new_request import preview
from dialogs.new_request.flow import advance
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.steps import back_button
from flows.errors import N_

MAX_FILES = 20
NAME_LIMIT = 255  # attachments.file_name
BUTTON_LIMIT = 30
LINE_LIMIT = 80


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def attachment_of(message: Message) -> dict[str, Any] | None:
    """What the request keeps of a photo (its largest size) or a document."""
    if message.photo:
        photo = message.photo[-1]
        return {
            "kind": "photo",
            "file_id": photo.file_id,
            "file_unique_id": photo.file_unique_id,
            "file_name": None,
        }
    if message.document:
        document = message.document
        name = (document.file_name or "")[:NAME_LIMIT] or None
        return {
            "kind": "document",
            "file_id": document.file_id,
            "file_unique_id": document.file_unique_id,
            "file_name": name,
        }
    return None


def _label(manager: DialogManager, attachment: dict[str, Any]) -> str:
    if attachment["kind"] == "photo":
        return "📷 " + tr(manager, N_("photo"))
    return "📄 " + (attachment.get("file_name") or tr(manager, N_("document")))


async def on_file(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    files = manager.dialog_data.setdefault("attachments", [])
    attachment = attachment_of(message)
    if attachment is None:
        return
    if len(files) >= MAX_FILES:
        flash_error(
            manager, tr(manager, N_("A request holds at most {count} files."), count=MAX_FILES)
        )
        return
    if any(f["file_unique_id"] == attachment["file_unique_id"] for f in files):
        flash_notice(manager, tr(manager, N_("This file is attached already.")))
        return
    files.append(attachment)


async def on_other(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    flash_error(manager, tr(manager, N_("Send a photo or a document, or tap «Next».")))


async def attachments_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    files = dialog_manager.dialog_data.get("attachments") or []
    labels = [_label(dialog_manager, f) for f in files]
    lines = [f"{n}. {esc(_short(label, LINE_LIMIT))}" for n, label in enumerate(labels, 1)]
    buttons = [(n, f"🗑 {n + 1}. {label[:BUTTON_LIMIT]}") for n, label in enumerate(labels)]
    return {"lines": "\n".join(lines), "buttons": buttons, "count": len(files)}


async def on_remove(
    callback: CallbackQuery, widget: Any, manager: DialogManager, index: int
) -> None:
    files = manager.dialog_data.get("attachments") or []
    if 0 <= index < len(files):
        files.pop(index)


async def on_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await advance(manager, S.attachments)


def attachment_windows() -> list[Window]:
    return [
        Window(
            *flashes(),
            T(
                "<b>Attachments ({count})</b>\nSend photos or documents (drawings, lists, "
                "specifications) one by one, then tap «Next». Tap a file to remove it."
            ),
            Html("lines"),
            MessageInput(on_file, content_types=[ContentType.PHOTO, ContentType.DOCUMENT]),
            MessageInput(on_other, content_types=[ContentType.ANY]),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="af",
                    item_id_getter=lambda row: row[0],
                    items="buttons",
                    type_factory=int,
                    on_click=on_remove,
                )
            ),
            Row(back_button(), Button(T("Next ▶"), id="nx", on_click=on_done)),
            state=S.attachments,
            getter=attachments_getter,
            preview_data=preview.FILES,
        ),
    ]
