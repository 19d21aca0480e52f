"""What users do in the sandbox: write, send files, press buttons, block the bot.

Each action changes the chat the way the Telegram app would and queues the
update the bot receives through getUpdates.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterable
from typing import Any

from sandbox.botapi.files import StoredFile
from sandbox.botapi.messages import message_json
from sandbox.botapi.state import BotState, ChatLog, SandboxState, StoredMessage, now
from sandbox.botapi.validation import RenderedText, command_entities


class ActionError(Exception):
    """A control API request that cannot be carried out (unknown user, no such button)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def user_chat(state: SandboxState, bot: BotState, user_id: int) -> tuple[dict[str, Any], ChatLog]:
    """The user and their chat with `bot`; writing to a bot that was blocked unblocks it."""
    user = state.users.get(user_id)
    if user is None:
        raise ActionError(404, f"user {user_id} is not registered")
    log = bot.chats.get(user_id) or state.register_user(bot, user)
    if user_id in bot.faults.blocked:
        set_blocked(bot, user_id, blocked=False)
    return user, log


def user_text(text: str, entities: list[dict[str, Any]] | None = None) -> RenderedText:
    """A user's text with the bot_command entities Telegram adds."""
    found = entities if entities is not None else command_entities(text)
    return RenderedText(text, found, text, None)


def send_user_message(
    state: SandboxState,
    bot: BotState,
    user_id: int,
    *,
    kind: str,
    body: RenderedText,
    media: Iterable[StoredFile] = (),
    reply_to: int | None = None,
) -> StoredMessage:
    """Add the user's message to the chat and queue a `message` update."""
    user, log = user_chat(state, bot, user_id)
    if reply_to is not None and log.get(reply_to) is None:
        raise ActionError(404, f"message {reply_to} is not in chat {user_id}")
    message = log.add(
        from_bot=False, sender=user, kind=kind, body=body, media=list(media), reply_to=reply_to
    )
    bot.updates.push("message", message_json(log, message))
    return message


def _find_button(
    message: StoredMessage, text: str | None, callback_data: str | None
) -> dict[str, Any]:
    rows = (message.reply_markup or {}).get("inline_keyboard") or []
    buttons = [button for row in rows for button in row]
    for button in buttons:
        if (text is not None and button.get("text") == text) or (
            callback_data is not None and button.get("callback_data") == callback_data
        ):
            return button
    shown = ", ".join(repr(button.get("text")) for button in buttons) or "none"
    wanted = text if text is not None else callback_data
    raise ActionError(
        404, f"no button {wanted!r} on message {message.message_id}; buttons: {shown}"
    )


def press_button(
    state: SandboxState,
    bot: BotState,
    user_id: int,
    message_id: int,
    *,
    text: str | None = None,
    callback_data: str | None = None,
) -> tuple[str, asyncio.Future[dict[str, Any]]]:
    """Queue the callback_query of an inline button; the future gets the bot's answer."""
    user, log = user_chat(state, bot, user_id)
    message = log.get(message_id)
    if message is None:
        raise ActionError(404, f"message {message_id} is not in chat {user_id}")
    button = _find_button(message, text, callback_data)
    if "callback_data" not in button:
        raise ActionError(400, f"button {button.get('text')!r} has no callback_data")
    query_id = str(secrets.randbits(62))
    answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
    bot.callbacks[query_id] = answer
    bot.updates.push(
        "callback_query",
        {
            "id": query_id,
            "from": user,
            "message": message_json(log, message),
            "chat_instance": str((user_id * 7919 + bot.bot_id) % 10**18),
            "data": button["callback_data"],
        },
    )
    return query_id, answer


def set_blocked(bot: BotState, user_id: int, *, blocked: bool) -> None:
    """Block or unblock the bot for a user; the bot gets `my_chat_member` like on Telegram."""
    log = bot.chats.get(user_id)
    if log is None:
        raise ActionError(404, f"chat {user_id} does not exist")
    if (user_id in bot.faults.blocked) == blocked:
        return
    if blocked:
        bot.faults.blocked.add(user_id)
    else:
        bot.faults.blocked.discard(user_id)
    member = {"status": "member", "user": bot.user}
    kicked = {"status": "kicked", "user": bot.user, "until_date": 0}
    old, new = (member, kicked) if blocked else (kicked, member)
    user = {key: value for key, value in log.chat.items() if key not in {"type"}}
    bot.updates.push(
        "my_chat_member",
        {
            "chat": log.chat,
            "from": {"is_bot": False, **user},
            "date": now(),
            "old_chat_member": old,
            "new_chat_member": new,
        },
    )
