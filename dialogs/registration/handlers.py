"""Registration steps: keep the name, file the access request with the position."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput

from bot.i18n import esc
from dialogs.registration.fields import BadField
from dialogs.registration.states import RegisterSG
from flows.services.access import ask_access

NAME = "name"


async def on_bad_field(
    message: Message, widget: ManagedTextInput[Any], manager: DialogManager, error: ValueError
) -> None:
    msgid = error.msgid if isinstance(error, BadField) else "Please answer with text."
    await message.answer(esc(_(msgid)))
    # The refusal carries an example; repeating the question below it adds nothing.
    manager.show_mode = ShowMode.NO_UPDATE


async def on_not_text(message: Message, widget: Any, manager: DialogManager) -> None:
    await message.answer(_("Please answer with text."))
    manager.show_mode = ShowMode.NO_UPDATE


async def on_name(
    message: Message, widget: ManagedTextInput[str], manager: DialogManager, value: str
) -> None:
    manager.dialog_data[NAME] = value
    await manager.switch_to(RegisterSG.position)


async def on_position(
    message: Message, widget: ManagedTextInput[str], manager: DialogManager, value: str
) -> None:
    user = message.from_user
    assert user is not None
    name = manager.dialog_data[NAME]
    await ask_access(
        manager.middleware_data["deps"],
        user.id,
        full_name=name,
        position=value,
        username=user.username,
    )
    await manager.done()
    await message.answer(
        _(
            "Thank you, {name}! Your access request went to the administrators. "
            "I will write here when it is decided."
        ).format(name=esc(name))
    )
