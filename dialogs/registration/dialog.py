"""The newcomer's access request: full name, then position; then it goes to the admins."""

from __future__ import annotations

from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import Back

from bot.i18n import T
from dialogs.registration import fields
from dialogs.registration.handlers import (
    on_bad_field,
    on_name,
    on_not_text,
    on_position,
)
from dialogs.registration.states import RegisterSG

NAME_INPUT, POSITION_INPUT, OTHER_INPUT = "nm", "ps", "ot"


def registration_dialog() -> Dialog:
    return Dialog(
        Window(
            T(
                "<b>Welcome to Tonnage.</b>\nTo get access, tell me who you are.\n\n"
                "Your full name? For example: Иванов Иван Иванович"
            ),
            TextInput(
                NAME_INPUT,
                type_factory=fields.full_name,
                on_success=on_name,
                on_error=on_bad_field,
            ),
            MessageInput(on_not_text, content_types=ContentType.ANY, id=OTHER_INPUT),
            state=RegisterSG.name,
        ),
        Window(
            T("Your position? For example: инженер ПТО"),
            TextInput(
                POSITION_INPUT,
                type_factory=fields.position,
                on_success=on_position,
                on_error=on_bad_field,
            ),
            MessageInput(on_not_text, content_types=ContentType.ANY, id=OTHER_INPUT),
            Back(T("Back")),
            state=RegisterSG.position,
        ),
    )
