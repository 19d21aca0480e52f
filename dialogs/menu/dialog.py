"""The main menu: one screen with what the person's roles allow, nothing else."""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Column

from bot.i18n import T
from dialogs.menu.entries import MENU_ENTRIES
from dialogs.menu.getters import menu_getter
from dialogs.menu.handlers import on_entry
from dialogs.menu.states import MenuSG

PREVIEW = {"name": "Иванов Иван Иванович", "roles": "инициатор", "nothing": False} | {
    e.widget_id: True for e in MENU_ENTRIES
}


def menu_dialog() -> Dialog:
    buttons = [
        Button(T(e.label), id=e.widget_id, on_click=on_entry, when=e.widget_id)
        for e in MENU_ENTRIES
    ]
    return Dialog(
        Window(
            T("<b>Tonnage</b>\n{name}, your roles: {roles}."),
            T("What would you like to do?", when=~F["nothing"]),
            T("Requests and decisions that need you will come to this chat.", when="nothing"),
            Column(*buttons),
            state=MenuSG.main,
            getter=menu_getter,
            preview_data=PREVIEW,
        ),
    )
