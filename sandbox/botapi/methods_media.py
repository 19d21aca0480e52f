"""Bot API methods on files: photos, documents, albums and getFile."""

from __future__ import annotations

import mimetypes
import secrets
from typing import Any

from sandbox.botapi.context import Call, Handler
from sandbox.botapi.errors import ApiError, bad_request
from sandbox.botapi.files import MAX_DOWNLOAD, StoredFile
from sandbox.botapi.messages import message_json
from sandbox.botapi.methods_messages import apply_edit, editable_message
from sandbox.botapi.params import Upload
from sandbox.botapi.state import ChatLog, SandboxState
from sandbox.botapi.validation import RenderedText, check_caption, render

MAX_PHOTO_UPLOAD = 10 * 1024 * 1024
MAX_DOCUMENT_UPLOAD = 50 * 1024 * 1024
_ALBUM_SIZE = range(2, 11)


def photo_files(state: SandboxState, source: Upload | str) -> list[StoredFile]:
    """Photo sizes for an upload or an existing file id; raises ApiError."""
    if isinstance(source, str):
        return state.files.photo_sizes(source)
    if len(source.data) > MAX_PHOTO_UPLOAD:
        raise ApiError(413, "Request Entity Too Large")
    return state.files.add_photo(source.data)


def document_files(state: SandboxState, source: Upload | str) -> list[StoredFile]:
    """The document for an upload or an existing file id; raises ApiError."""
    if isinstance(source, str):
        stored = state.files.get(source)
        if stored.kind != "document":
            raise bad_request(f"can't use file of type {stored.kind.title()} as Document")
        return [stored]
    if len(source.data) > MAX_DOCUMENT_UPLOAD:
        raise ApiError(413, "Request Entity Too Large")
    name = source.filename or "document"
    mime = mimetypes.guess_type(name)[0] or source.content_type
    return [state.files.add_document(source.data, name, mime)]


async def _send_media(call: Call, kind: str) -> dict[str, Any]:
    log = call.chat()
    caption = call.render("caption", "caption_entities")
    check_caption(caption)
    markup = call.reply_markup()
    reply_to = call.reply_to(log)
    source = call.params.file_param(kind)
    files = photo_files if kind == "photo" else document_files
    message = log.add(
        from_bot=True,
        sender=call.bot.user,
        kind=kind,
        body=caption,
        media=files(call.state, source),
        reply_markup=markup,
        reply_to=reply_to,
    )
    return message_json(log, message)


async def send_photo(call: Call) -> dict[str, Any]:
    return await _send_media(call, "photo")


async def send_document(call: Call) -> dict[str, Any]:
    return await _send_media(call, "document")


def _album_item(call: Call, item: Any) -> tuple[str, RenderedText, list[StoredFile]]:
    if not isinstance(item, dict) or item.get("type") not in {"photo", "document"}:
        raise bad_request("the sandbox supports only photo and document media")
    caption = render(
        item.get("caption"),
        item.get("parse_mode"),
        item.get("caption_entities"),
        strict_html=call.state.strict_html,
    )
    check_caption(caption)
    media = item.get("media")
    source = call.params.upload(media) or str(media or "")
    if not source:
        raise bad_request("there is no media in the request")
    files = photo_files if item["type"] == "photo" else document_files
    return item["type"], caption, files(call.state, source)


def _check_album(kinds: list[str]) -> None:
    if len(kinds) not in _ALBUM_SIZE:
        raise bad_request("wrong number of messages in the album: must be 2-10")
    if "document" in kinds and "photo" in kinds:
        raise bad_request("document can't be mixed with other media types")


async def send_media_group(call: Call) -> list[dict[str, Any]]:
    log: ChatLog = call.chat()
    items = call.params.json("media")
    if not isinstance(items, list):
        raise bad_request("can't parse media JSON object")
    prepared = [_album_item(call, item) for item in items]
    _check_album([kind for kind, _, _ in prepared])
    group_id = str(secrets.randbelow(10**17) + 10**17)
    reply_to = call.reply_to(log)
    sent = [
        log.add(
            from_bot=True,
            sender=call.bot.user,
            kind=kind,
            body=caption,
            media=media,
            media_group_id=group_id,
            reply_to=reply_to,
        )
        for kind, caption, media in prepared
    ]
    return [message_json(log, message) for message in sent]


async def edit_message_media(call: Call) -> dict[str, Any]:
    log = call.chat()
    message = editable_message(call, log)
    if message.kind == "text":
        raise bad_request("there is no media in the message to edit")
    kind, caption, files = _album_item(call, call.params.json("media"))
    return apply_edit(log, message, caption, call.reply_markup(), media=(kind, files))


async def get_file(call: Call) -> dict[str, Any]:
    file_id = call.params.text("file_id")
    if not file_id:
        raise bad_request("file_id is empty")
    stored = call.state.files.get(file_id)
    if len(stored.data) > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return stored.file_json()


def user_upload(state: SandboxState, kind: str, upload: Upload) -> list[StoredFile]:
    """Files for something a user sends through the control API; raises ApiError."""
    files = photo_files if kind == "photo" else document_files
    return files(state, upload)


HANDLERS: dict[str, Handler] = {
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendMediaGroup": send_media_group,
    "editMessageMedia": edit_message_media,
    "getFile": get_file,
}
