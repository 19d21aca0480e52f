"""Stored messages rendered as Bot API `Message` objects and as the user sees them."""

from __future__ import annotations

from typing import Any

from sandbox.botapi.state import ChatLog, StoredMessage


def message_json(log: ChatLog, message: StoredMessage, *, nested: bool = False) -> dict[str, Any]:
    """The Bot API `Message` object; `nested` leaves out the replied-to message."""
    body: dict[str, Any] = {
        "message_id": message.message_id,
        "from": message.sender,
        "chat": log.chat,
        "date": message.date,
    }
    text_key, entities_key = "text", "entities"
    if message.kind == "photo":
        body["photo"] = [size.photo_size_json() for size in message.media]
        text_key, entities_key = "caption", "caption_entities"
    elif message.kind == "document":
        body["document"] = message.media[0].document_json()
        text_key, entities_key = "caption", "caption_entities"
    if message.body.text or message.kind == "text":
        body[text_key] = message.body.text
    if message.body.entities:
        body[entities_key] = message.body.entities
    _add_optional(body, log, message, nested)
    return body


def _add_optional(
    body: dict[str, Any], log: ChatLog, message: StoredMessage, nested: bool
) -> None:
    if message.edit_date is not None:
        body["edit_date"] = message.edit_date
    if message.media_group_id:
        body["media_group_id"] = message.media_group_id
    if message.forward_origin:
        body["forward_origin"] = message.forward_origin
    # Telegram echoes only inline keyboards back in Message objects.
    if message.reply_markup and "inline_keyboard" in message.reply_markup:
        body["reply_markup"] = message.reply_markup
    replied = log.get(message.reply_to)
    if replied is not None and not nested:
        body["reply_to_message"] = message_json(log, replied, nested=True)


def message_view(message: StoredMessage) -> dict[str, Any]:
    """The message as the user sees it now, for the control API."""
    view: dict[str, Any] = {
        "message_id": message.message_id,
        "from_bot": message.from_bot,
        "date": message.date,
        "kind": message.kind,
        "text": message.body.text,
        "source": message.body.source,
        "parse_mode": message.body.parse_mode,
        "entities": message.body.entities,
        "reply_markup": message.reply_markup,
        "deleted": message.deleted,
        "edit_date": message.edit_date,
        "history": [
            {
                "date": version.date,
                "text": version.text,
                "entities": version.entities,
                "reply_markup": version.reply_markup,
            }
            for version in message.history
        ],
        "media_group_id": message.media_group_id,
        "reply_to_message_id": message.reply_to,
        "revision": message.revision,
    }
    if message.media:
        largest = message.media[-1]
        view["file_id"] = largest.file_id
        view["file_name"] = largest.file_name
        view["mime_type"] = largest.mime_type
    return view
