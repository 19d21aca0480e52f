"""What every dialog handler needs: the services' Deps, who acts, texts in the person's language,
and one-shot messages (an input error, a notice) shown at the top of the next window.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput

from bot.i18n import locale_of
from dialogs.common.parse import InputError
from flows.actor import ActorRef
from flows.errors import N_, DomainError
from flows.services.context import Deps
from locales import render, render_error

ERROR_KEY = "error"
NOTICE_KEY = "notice"

TextHandler = Callable[[Message, DialogManager, str], Awaitable[None]]


def deps_of(manager: DialogManager) -> Deps:
    deps: Deps = manager.middleware_data["deps"]
    return deps


def actor_of(manager: DialogManager) -> ActorRef:
    user = getattr(manager.event, "from_user", None)
    assert user is not None, "dialogs run in private chats with a person"
    return ActorRef.telegram(user.id)


def tr(manager: DialogManager, msgid: str, **params: Any) -> str:
    """A catalogue text in the person's language, placeholders filled (not escaped)."""
    return render(msgid, params, locale_of(manager))


def input_error_text(manager: DialogManager, error: InputError) -> str:
    text = tr(manager, error.msgid, **error.params)
    if error.example:
        text += "\n" + tr(
            manager, N_("For example: {example}"), example=tr(manager, error.example)
        )
    return text


def flash_error(manager: DialogManager, error: InputError | DomainError | str) -> None:
    """Show what went wrong at the top of the next rendered window."""
    if isinstance(error, InputError):
        text = input_error_text(manager, error)
    elif isinstance(error, DomainError):
        text = render_error(error, locale_of(manager))
    else:
        text = error
    manager.dialog_data[ERROR_KEY] = text


def flash_notice(manager: DialogManager, text: str) -> None:
    manager.dialog_data[NOTICE_KEY] = text


async def flash_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """Dialog-level getter: hands the one-shot messages to the window and forgets them."""
    data = dialog_manager.dialog_data
    return {ERROR_KEY: data.pop(ERROR_KEY, None), NOTICE_KEY: data.pop(NOTICE_KEY, None)}


def text_input(on_text: TextHandler) -> list[MessageInput]:
    """Inputs for a window that reads one typed text.

    ``on_text`` may raise InputError or DomainError: the window stays and says why. Anything
    that is not text (a sticker, a photo) gets a hint to type instead.
    """

    async def on_message(message: Message, _: MessageInput, manager: DialogManager) -> None:
        try:
            await on_text(message, manager, message.text or "")
        except (InputError, DomainError) as error:
            flash_error(manager, error)

    async def on_other(message: Message, _: MessageInput, manager: DialogManager) -> None:
        flash_error(manager, tr(manager, N_("Please type the answer as text.")))

    return [
        MessageInput(on_message, content_types=[ContentType.TEXT]),
        MessageInput(on_other, content_types=[ContentType.ANY]),
    ]


def buttons_only() -> MessageInput:
    """For a window answered with buttons: a typed message gets a hint instead of being lost
    to the handlers outside the dialog."""

    async def on_message(message: Message, _: MessageInput, manager: DialogManager) -> None:
        flash_error(manager, tr(manager, N_("Please use the buttons under the message.")))

    return MessageInput(on_message, content_types=[ContentType.ANY])
