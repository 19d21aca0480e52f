"""Menu buttons: re-check the person's roles at tap time, then open the feature."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from dialogs.menu.entries import entry
from flows import access_views
from flows.errors import N_, AccessDenied, Msg, Refused


async def on_entry(callback: CallbackQuery, button: Any, manager: DialogManager) -> None:
    chosen = entry(button.widget_id)
    person = await access_views.person(manager.middleware_data["deps"], callback.from_user.id)
    if not person.is_active:
        raise AccessDenied(access_views.refusal_text(person.standing))
    if not person.roles & chosen.roles:
        raise Refused(N_("Only {roles} may do this."), roles=[Msg(r.value) for r in chosen.roles])
    await manager.start(chosen.state, data=dict(chosen.data))
