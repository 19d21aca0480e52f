"""Control API under `/_sandbox/`: play the user, inspect chats, inject faults.

Every answer is `{"ok": true, "result": ...}` or `{"ok": false, "error": "..."}`.
A `token` query parameter picks the bot; without it the default bot is used.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from sandbox.botapi import actions
from sandbox.botapi.actions import ActionError
from sandbox.botapi.errors import ApiError
from sandbox.botapi.messages import message_view
from sandbox.botapi.methods_media import user_upload
from sandbox.botapi.params import Upload
from sandbox.botapi.state import BotState, SandboxState

STATE_KEY = web.AppKey("sandbox_state", SandboxState)
_Route = Callable[[web.Request], Awaitable[Any]]


def _json_route(func: _Route) -> Callable[[web.Request], Awaitable[web.Response]]:
    @functools.wraps(func)
    async def wrapper(request: web.Request) -> web.Response:
        try:
            result = await func(request)
        except ActionError as exc:
            return web.json_response({"ok": False, "error": exc.message}, status=exc.status)
        except ApiError as exc:
            return web.json_response({"ok": False, "error": exc.description}, status=exc.status)
        except (KeyError, TypeError, ValueError) as exc:
            error = f"bad control request: {exc!r}"
            return web.json_response({"ok": False, "error": error}, status=400)
        return web.json_response({"ok": True, "result": result})

    return wrapper


def _state(request: web.Request) -> SandboxState:
    return request.app[STATE_KEY]


def _bot(request: web.Request) -> BotState:
    return _state(request).bot(request.query.get("token"))


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise ValueError("JSON object expected")
    return body


def _chat_id(request: web.Request) -> int:
    return int(request.match_info["chat_id"])


async def reset(request: web.Request) -> bool:
    _state(request).reset()
    return True


async def bot_info(request: web.Request) -> dict[str, Any]:
    bot = _bot(request)
    commands = []
    for key, items in bot.commands.items():
        scope, language = json.loads(key)
        commands.append({"scope": scope, "language_code": language, "commands": items})
    return {
        "me": bot.user,
        "commands": commands,
        "menu_buttons": bot.menu_buttons,
        "profile": bot.profile,
        "webhook": bot.webhook,
        "pending_updates": bot.updates.pending_count,
        "poll_waiting": bot.updates.poll_waiting,
        "blocked": sorted(bot.faults.blocked),
        "queued_retry_after": bot.faults.queued_count(),
    }


async def configure_bot(request: web.Request) -> dict[str, Any]:
    bot = _bot(request)
    body = await _body(request)
    for key in ("username", "first_name"):
        if body.get(key):
            bot.user[key] = str(body[key])
    return bot.user


async def register_user(request: web.Request) -> dict[str, Any]:
    body = await _body(request)
    log = _state(request).register_user(_bot(request), body)
    return _state(request).users[log.chat["id"]]


async def user_text(request: web.Request) -> dict[str, Any]:
    body = await _body(request)
    message = actions.send_user_message(
        _state(request),
        _bot(request),
        _chat_id(request),
        kind="text",
        body=actions.user_text(str(body["text"]), body.get("entities")),
        reply_to=body.get("reply_to_message_id"),
    )
    return {"message": message_view(message), "revision": message.revision}


async def _user_file(request: web.Request, kind: str) -> dict[str, Any]:
    form = await request.post()
    part = form.get("file")
    if not isinstance(part, web.FileField):
        raise ValueError("multipart field 'file' is required")
    upload = Upload(part.file.read(), part.filename, str(form.get("mime_type") or "") or None)
    reply_to = form.get("reply_to_message_id")
    message = actions.send_user_message(
        _state(request),
        _bot(request),
        _chat_id(request),
        kind=kind,
        body=actions.user_text(str(form.get("caption") or "")),
        media=user_upload(_state(request), kind, upload),
        reply_to=int(str(reply_to)) if reply_to else None,
    )
    return {"message": message_view(message), "revision": message.revision}


async def user_photo(request: web.Request) -> dict[str, Any]:
    return await _user_file(request, "photo")


async def user_document(request: web.Request) -> dict[str, Any]:
    return await _user_file(request, "document")


async def press(request: web.Request) -> dict[str, Any]:
    body = await _body(request)
    bot = _bot(request)
    chat_id = _chat_id(request)
    query_id, answer = actions.press_button(
        _state(request),
        bot,
        chat_id,
        int(body["message_id"]),
        text=body.get("text"),
        callback_data=body.get("callback_data"),
    )
    result: dict[str, Any] = {
        "callback_query_id": query_id,
        "answer": None,
        "revision": bot.chat(chat_id).revision,
    }
    if body.get("wait", True):
        timeout = float(body.get("timeout", 5.0))
        try:
            result["answer"] = await asyncio.wait_for(asyncio.shield(answer), timeout)
        except TimeoutError as exc:
            raise ActionError(
                408, f"the bot did not answer callback query {query_id} within {timeout} s"
            ) from exc
    return result


async def block(request: web.Request) -> bool:
    body = await _body(request)
    actions.set_blocked(_bot(request), _chat_id(request), blocked=bool(body.get("blocked", True)))
    return True


async def messages(request: web.Request) -> dict[str, Any]:
    bot = _bot(request)
    log = bot.chats.get(_chat_id(request))
    if log is None:
        raise ActionError(404, f"chat {_chat_id(request)} does not exist")
    since = int(request.query.get("since", -1))
    wait = min(float(request.query.get("wait", 0)), 60.0)
    if wait > 0 and since >= 0:
        await log.wait_change(since, wait)
    found = [m for m in log.messages.values() if m.revision > since]
    return {
        "revision": log.revision,
        "messages": [message_view(m) for m in sorted(found, key=lambda m: m.message_id)],
    }


async def calls(request: web.Request) -> list[dict[str, Any]]:
    method = request.query.get("method", "").lower()
    since = int(request.query.get("since_seq", 0))
    return [
        dict(record)
        for record in _bot(request).calls
        if record["seq"] > since and (not method or record["method"].lower() == method)
    ]


async def retry_after(request: web.Request) -> int:
    body = await _body(request)
    faults = _bot(request).faults
    chat_id = body.get("chat_id")
    faults.queue_retry_after(
        int(body.get("count", 1)),
        int(body.get("retry_after", 1)),
        chat_id=None if chat_id is None else int(chat_id),
        methods=body.get("methods"),
    )
    return faults.queued_count()


async def flood_control(request: web.Request) -> dict[str, Any]:
    body = await _body(request)
    flood = _bot(request).faults.flood
    flood.enabled = bool(body.get("enabled", True))
    flood.per_chat_per_second = int(body.get("per_chat_per_second", 1))
    flood.global_per_second = int(body.get("global_per_second", 30))
    return {
        "enabled": flood.enabled,
        "per_chat_per_second": flood.per_chat_per_second,
        "global_per_second": flood.global_per_second,
    }


async def file_bytes(request: web.Request) -> web.Response:
    try:
        stored = _state(request).files.get(request.match_info["file_id"])
    except ApiError as exc:
        return web.json_response({"ok": False, "error": exc.description}, status=404)
    return web.Response(body=stored.data, content_type="application/octet-stream")


async def health(request: web.Request) -> bool:
    return True


def add_routes(app: web.Application) -> None:
    """Mount the control API on the sandbox application."""
    json_routes: list[tuple[str, str, _Route]] = [
        ("GET", "/_sandbox/health", health),
        ("POST", "/_sandbox/reset", reset),
        ("GET", "/_sandbox/bot", bot_info),
        ("POST", "/_sandbox/bot", configure_bot),
        ("POST", "/_sandbox/users", register_user),
        ("POST", "/_sandbox/chats/{chat_id}/text", user_text),
        ("POST", "/_sandbox/chats/{chat_id}/photo", user_photo),
        ("POST", "/_sandbox/chats/{chat_id}/document", user_document),
        ("POST", "/_sandbox/chats/{chat_id}/press", press),
        ("POST", "/_sandbox/chats/{chat_id}/block", block),
        ("GET", "/_sandbox/chats/{chat_id}/messages", messages),
        ("GET", "/_sandbox/calls", calls),
        ("POST", "/_sandbox/faults/retry_after", retry_after),
        ("POST", "/_sandbox/faults/flood_control", flood_control),
    ]
    for verb, path, route in json_routes:
        app.router.add_route(verb, path, _json_route(route))
    app.router.add_get("/_sandbox/files/{file_id}", file_bytes)
