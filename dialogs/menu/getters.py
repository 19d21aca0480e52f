"""Data of the main menu: who the person is and which entries they get."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from aiogram.types import User
from aiogram_dialog import DialogManager

from bot.i18n import locale_of
from dialogs.menu.entries import MENU_ENTRIES, visible_entries
from flows import access_views
from flows.enums import HUMAN_ROLES
from flows.errors import AccessDenied
from flows.services.context import Deps
from locales import gettext_for


async def menu_getter(
    dialog_manager: DialogManager,
    deps: Deps,
    event_from_user: User,
    dialog_groups: Collection[str] = (),
    **_: Any,
) -> dict[str, Any]:
    person = await access_views.person(deps, event_from_user.id)
    if not person.is_active:
        raise AccessDenied(access_views.refusal_text(person.standing))
    shown = visible_entries(person, dialog_groups)
    translate = gettext_for(locale_of(dialog_manager)).gettext
    roles = [translate(role.value) for role in HUMAN_ROLES if person.has(role)]
    data: dict[str, Any] = {
        "name": person.name,
        "roles": ", ".join(roles),
        "nothing": not shown,
    }
    data.update({e.widget_id: e in shown for e in MENU_ENTRIES})
    return data
