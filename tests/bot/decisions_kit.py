"""Helpers for the deciding side in chat: find the message of an approval, press its
buttons, read what changed.

Requests are brought to a stage through the services (``tests.support.lifecycle``); what the
person then reads and presses is the real rendered message from the outbox.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, Message
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.callbacks import ApprovalCb, CancelCb, ReceiptCb
from flows.enums import Role
from storage.tables import Approval
from tests.bot.conftest import BotEnv
from tests.support import lifecycle as lc

APPROVE, REJECT = "Согласовать", "Отклонить"


def buttons(message: Message) -> list[InlineKeyboardButton]:
    markup = message.reply_markup
    return [b for row in markup.inline_keyboard for b in row] if markup else []


def labels(message: Message) -> list[str]:
    return [b.text for b in buttons(message)]


def carrying(env: BotEnv, who: str, data: str) -> Message:
    """The person's message (as it looks now) whose button carries ``data``, as first sent."""
    chat = env.tg_id(who)
    for message in env.message_manager.sent_messages:
        if message.chat.id == chat and any(b.callback_data == data for b in buttons(message)):
            return message
    raise AssertionError(f"no message with button {data!r} in {who}'s chat")


def current(env: BotEnv, message: Message) -> Message:
    """The latest version of ``message`` (after edits)."""
    return next(
        m
        for m in reversed(env.message_manager.sent_messages)
        if m.chat.id == message.chat.id and m.message_id == message.message_id
    )


def approval_message(env: BotEnv, who: str, approval_id: int) -> Message:
    return carrying(env, who, ApprovalCb(id=approval_id, ok=True).pack())


def receipt_message(env: BotEnv, who: str, request_id: int) -> Message:
    return carrying(env, who, ReceiptCb(request_id=request_id, full=True).pack())


def cancel_message(env: BotEnv, who: str, request_id: int) -> Message:
    return carrying(env, who, CancelCb(request_id=request_id, ok=True).pack())


async def press(env: BotEnv, who: str, message: Message, label: str) -> None:
    """Press the button whose text matches ``label`` (a regular expression)."""
    await env.client(who).click(message, InlineButtonTextLocator(label))


def seat(approvals: list[Approval], role: Role) -> Approval:
    return next(a for a in approvals if a.role == role.value)


async def awaiting_winner(env: BotEnv, **kwargs: object) -> tuple[int, dict[Role, Approval]]:
    """A request in winner approval with its approval messages delivered."""
    request_id, _bids = await lc.in_winner_approval(env.company, **kwargs)  # type: ignore[arg-type]
    await env.deliver()
    rows = await lc.approvals(env.company, request_id)
    return request_id, {Role(a.role): a for a in rows}


def has_approval_buttons(message: Message) -> bool:
    return any((b.callback_data or "").startswith("ap:") for b in buttons(message))
