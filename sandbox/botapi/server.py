"""The aiohttp application: Bot API routes, file downloads and the control API.

Bot API calls arrive at `/bot<token>/<method>` (method names are matched
without regard to case, as on Telegram), files at `/file/bot<token>/<path>`,
and the control API used by tests and the demo lives under `/_sandbox/`.
"""

from __future__ import annotations

import itertools
import logging
import re
import time
from typing import Any

from aiohttp import web

from sandbox.botapi import control, methods_bot, methods_media, methods_messages
from sandbox.botapi.context import Call, Handler
from sandbox.botapi.control import STATE_KEY
from sandbox.botapi.errors import ApiError, not_found
from sandbox.botapi.params import Params
from sandbox.botapi.state import BotState, SandboxState

logger = logging.getLogger(__name__)

MAX_BODY = 60 * 1024 * 1024
MAX_CALL_LOG = 20_000
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_CALL_SEQ = itertools.count(1)

HANDLERS: dict[str, Handler] = {
    name.lower(): handler
    for module in (methods_bot, methods_messages, methods_media)
    for name, handler in module.HANDLERS.items()
}
CANONICAL_NAMES = {
    name.lower(): name
    for module in (methods_bot, methods_messages, methods_media)
    for name in module.HANDLERS
}


def _reply(body: dict[str, Any], status: int) -> web.Response:
    return web.json_response(body, status=status)


def _bot_for(request: web.Request) -> BotState:
    token = request.match_info["token"]
    if not _TOKEN.fullmatch(token):
        raise not_found()
    return request.app[STATE_KEY].bot(token)


def _target_chat(params: Params) -> int | None:
    try:
        return params.integer("chat_id")
    except ApiError:
        return None


async def _answer(call: Call, handler: Handler) -> Any:
    chat_id = _target_chat(call.params)
    if chat_id is not None:
        call.bot.faults.before_call(call.method, chat_id)
    result = await handler(call)
    if chat_id is not None:
        call.bot.faults.after_success(call.method, chat_id)
    return result


def _record(bot: BotState, method: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "seq": next(_CALL_SEQ),
        "time": time.time(),
        "method": CANONICAL_NAMES.get(method.lower(), method),
        "params": {},
        "status": None,
        "description": None,
    }
    bot.calls.append(record)
    if len(bot.calls) > MAX_CALL_LOG:
        del bot.calls[: len(bot.calls) - MAX_CALL_LOG]
    return record


async def _dispatch(request: web.Request, bot: BotState, record: dict[str, Any]) -> Any:
    params = await Params.from_request(request)
    record["params"] = params.log_view()
    method = request.match_info["method"].lower()
    handler = HANDLERS.get(method)
    if handler is None:
        raise not_found()
    return await _answer(Call(request.app[STATE_KEY], bot, params, method), handler)


async def handle_method(request: web.Request) -> web.Response:
    """One Bot API call: `{"ok": true, "result": ...}` or Telegram's error object."""
    method = request.match_info["method"]
    try:
        bot = _bot_for(request)
    except ApiError as exc:
        return _reply(exc.to_json(), exc.status)
    record = _record(bot, method)
    try:
        result = await _dispatch(request, bot, record)
        body, status = {"ok": True, "result": result}, 200
    except ApiError as exc:
        body, status = exc.to_json(), exc.status
    except web.HTTPRequestEntityTooLarge:
        body = {"ok": False, "error_code": 413, "description": "Request Entity Too Large"}
        status = 413
    except Exception:
        # A sandbox bug must reach the bot as a Bot API error, not as an HTML page.
        logger.exception("sandbox failed to answer %s", method)
        body = {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        status = 500
    record.update(status=status, description=body.get("description"))
    if status != 200:
        logger.debug("sandbox answered %s to %s", status, method)
    return _reply(body, status)


async def handle_file(request: web.Request) -> web.Response:
    """A file download by the `file_path` that getFile returned."""
    try:
        _bot_for(request)
    except ApiError as exc:
        return _reply(exc.to_json(), exc.status)
    stored = request.app[STATE_KEY].files.by_path(request.match_info["path"])
    if stored is None:
        return _reply(not_found().to_json(), 404)
    content_type = stored.mime_type or ("image/jpeg" if stored.kind == "photo" else None)
    return web.Response(body=stored.data, content_type=content_type or "application/octet-stream")


def create_app(state: SandboxState | None = None) -> web.Application:
    """The sandbox Bot API server as an aiohttp application."""
    app = web.Application(client_max_size=MAX_BODY)
    app[STATE_KEY] = state or SandboxState()
    app.router.add_route("*", "/bot{token}/{method}", handle_method)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_file)
    control.add_routes(app)
    return app
