"""Bot API methods about the bot itself: identity, updates, webhook, commands, menu."""

from __future__ import annotations

import json
from typing import Any

from sandbox.botapi.context import Call, Handler
from sandbox.botapi.errors import WEBHOOK_CONFLICT, ApiError, bad_request
from sandbox.botapi.validation import check_callback_answer_text, check_commands

MAX_POLL_TIMEOUT = 50
MENU_BUTTON_TYPES = frozenset({"default", "commands", "web_app"})
QUERY_GONE = "query is too old and response timeout expired or query ID is invalid"
ALL_GIFTS = {
    "unlimited_gifts": True,
    "limited_gifts": True,
    "unique_gifts": True,
    "premium_subscription": True,
    "gifts_from_channels": True,
}


async def get_me(call: Call) -> dict[str, Any]:
    return {
        **call.bot.user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(call: Call) -> list[dict[str, Any]]:
    if call.bot.webhook.get("url"):
        raise ApiError(409, WEBHOOK_CONFLICT)
    params = call.params
    timeout = min(params.integer("timeout") or 0, MAX_POLL_TIMEOUT)
    return await call.bot.updates.poll(
        params.integer("offset"),
        params.integer("limit"),
        timeout,
        params.json("allowed_updates"),
    )


async def set_webhook(call: Call) -> bool:
    url = call.params.text("url") or ""
    if not url:
        call.bot.webhook.clear()
        return True
    if not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    call.bot.webhook.clear()
    call.bot.webhook.update(url=url)
    for key in ("allowed_updates", "max_connections"):
        if call.params.has(key):
            call.bot.webhook[key] = call.params.json(key)
    for key in ("secret_token", "ip_address"):
        if call.params.has(key):
            call.bot.webhook[key] = call.params.text(key)
    if call.params.flag("drop_pending_updates"):
        call.bot.updates.clear()
    return True


async def delete_webhook(call: Call) -> bool:
    call.bot.webhook.clear()
    if call.params.flag("drop_pending_updates"):
        call.bot.updates.clear()
    return True


async def get_webhook_info(call: Call) -> dict[str, Any]:
    info: dict[str, Any] = {
        "url": call.bot.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": call.bot.updates.pending_count,
    }
    for key in ("allowed_updates", "max_connections", "ip_address"):
        if key in call.bot.webhook:
            info[key] = call.bot.webhook[key]
    return info


def _commands_key(call: Call) -> str:
    scope = call.params.json("scope") or {"type": "default"}
    language = call.params.text("language_code") or ""
    return json.dumps([scope, language], sort_keys=True)


async def set_my_commands(call: Call) -> bool:
    commands = check_commands(call.params.json("commands"))
    call.bot.commands[_commands_key(call)] = commands
    return True


async def get_my_commands(call: Call) -> list[dict[str, str]]:
    return call.bot.commands.get(_commands_key(call), [])


async def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(_commands_key(call), None)
    return True


def _menu_key(call: Call) -> str:
    if call.params.has("chat_id"):
        return str(call.chat().chat["id"])
    return "default"


async def set_chat_menu_button(call: Call) -> bool:
    button = call.params.json("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in MENU_BUTTON_TYPES:
        raise bad_request("can't parse menu button")
    call.bot.menu_buttons[_menu_key(call)] = button
    return True


async def get_chat_menu_button(call: Call) -> dict[str, Any]:
    key = _menu_key(call)
    button = call.bot.menu_buttons.get(key) or call.bot.menu_buttons.get("default")
    if button is None or button.get("type") == "default":
        return {"type": "commands"}
    return button


async def get_chat(call: Call) -> dict[str, Any]:
    log = call.chat()
    return {
        **log.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": ALL_GIFTS,
    }


async def answer_callback_query(call: Call) -> bool:
    query_id = call.params.text("callback_query_id") or ""
    waiter = call.bot.callbacks.get(query_id)
    if waiter is None or waiter.done():
        raise bad_request(QUERY_GONE)
    text = call.params.text("text")
    check_callback_answer_text(text)
    waiter.set_result(
        {
            "text": text,
            "show_alert": call.params.flag("show_alert"),
            "url": call.params.text("url"),
            "cache_time": call.params.integer("cache_time") or 0,
        }
    )
    return True


def _profile_setter(field: str) -> Handler:
    async def handler(call: Call) -> bool:
        key = f"{field}:{call.params.text('language_code') or ''}"
        call.bot.profile[key] = call.params.text(field) or ""
        return True

    return handler


def _profile_getter(field: str) -> Handler:
    async def handler(call: Call) -> dict[str, str]:
        key = f"{field}:{call.params.text('language_code') or ''}"
        return {field: call.bot.profile.get(key, "")}

    return handler


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "getChat": get_chat,
    "answerCallbackQuery": answer_callback_query,
    "setMyName": _profile_setter("name"),
    "getMyName": _profile_getter("name"),
    "setMyDescription": _profile_setter("description"),
    "getMyDescription": _profile_getter("description"),
    "setMyShortDescription": _profile_setter("short_description"),
    "getMyShortDescription": _profile_getter("short_description"),
}
