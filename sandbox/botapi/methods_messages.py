"""Bot API methods on text messages: send, edit, delete, copy, forward, chat action."""

from __future__ import annotations

from typing import Any

from sandbox.botapi.context import Call, Handler
from sandbox.botapi.errors import NOT_MODIFIED, ApiError, bad_request
from sandbox.botapi.files import StoredFile
from sandbox.botapi.messages import message_json
from sandbox.botapi.state import ChatLog, StoredMessage
from sandbox.botapi.validation import RenderedText, check_caption, check_text

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _unique_ids(files: list[StoredFile]) -> list[str]:
    return [stored.file_unique_id for stored in files]


def _inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup and "inline_keyboard" in markup else None


async def send_message(call: Call) -> dict[str, Any]:
    log = call.chat()
    body = call.render("text", "entities")
    check_text(body)
    message = log.add(
        from_bot=True,
        sender=call.bot.user,
        kind="text",
        body=body,
        reply_markup=call.reply_markup(),
        reply_to=call.reply_to(log),
    )
    return message_json(log, message)


def editable_message(call: Call, log: ChatLog) -> StoredMessage:
    """The bot message named by the call; raises ApiError if absent or not the bot's."""
    message = call.message(log, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def apply_edit(
    log: ChatLog,
    message: StoredMessage,
    body: RenderedText,
    markup: dict[str, Any] | None,
    media: tuple[str, list[StoredFile]] | None = None,
) -> dict[str, Any]:
    """Change a message; raises ApiError (400 not modified) if nothing would change."""
    same = (body.text, body.entities) == (message.body.text, message.body.entities)
    same = same and _inline(markup) == _inline(message.reply_markup)
    if media is not None:
        same = same and _unique_ids(media[1]) == _unique_ids(message.media)
    if same:
        raise ApiError(400, NOT_MODIFIED)
    message.edit(body, markup)
    if media is not None:
        message.kind, message.media = media
    log.touch(message)
    return message_json(log, message)


async def edit_message_text(call: Call) -> dict[str, Any]:
    log = call.chat()
    message = editable_message(call, log)
    if message.kind != "text":
        raise bad_request("there is no text in the message to edit")
    body = call.render("text", "entities")
    check_text(body)
    return apply_edit(log, message, body, call.reply_markup())


async def edit_message_caption(call: Call) -> dict[str, Any]:
    log = call.chat()
    message = editable_message(call, log)
    if message.kind == "text":
        raise bad_request("there is no caption in the message to edit")
    body = call.render("caption", "caption_entities")
    check_caption(body)
    return apply_edit(log, message, body, call.reply_markup())


async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    log = call.chat()
    message = editable_message(call, log)
    return apply_edit(log, message, message.body, call.reply_markup())


async def delete_message(call: Call) -> bool:
    log = call.chat()
    message = call.message(log, "message to delete not found")
    message.deleted = True
    log.touch(message)
    return True


def _source(call: Call, missing: str) -> StoredMessage:
    source_log = call.chat("from_chat_id")
    return call.message(source_log, missing)


def _copy_into(call: Call, log: ChatLog, source: StoredMessage, **fields: Any) -> StoredMessage:
    return log.add(
        from_bot=True,
        sender=call.bot.user,
        kind=source.kind,
        media=list(source.media),
        reply_to=call.reply_to(log),
        **fields,
    )


async def copy_message(call: Call) -> dict[str, Any]:
    log = call.chat()
    source = _source(call, "message to copy not found")
    body = source.body
    if call.params.has("caption") and source.kind != "text":
        body = call.render("caption", "caption_entities")
        check_caption(body)
    copy = _copy_into(call, log, source, body=body, reply_markup=call.reply_markup())
    return {"message_id": copy.message_id}


async def forward_message(call: Call) -> dict[str, Any]:
    log = call.chat()
    source = _source(call, "message to forward not found")
    origin = {"type": "user", "sender_user": source.sender, "date": source.date}
    copy = _copy_into(call, log, source, body=source.body, forward_origin=origin)
    return message_json(log, copy)


async def send_chat_action(call: Call) -> bool:
    call.chat()
    if call.params.text("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "copyMessage": copy_message,
    "forwardMessage": forward_message,
    "sendChatAction": send_chat_action,
}
