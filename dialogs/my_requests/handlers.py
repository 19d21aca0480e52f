"""Button handlers of the request list and the card.

A card button carries the action and the version of the request the person saw
(``take.3``); the service refuses it if the request has moved on since, and the card then
says why and shows itself afresh.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Select
from aiogram_dialog.widgets.kbd.button import OnClick

from bot.i18n import locale_of
from dialogs.my_requests.actions import (
    CARD_ACTIONS,
    ActionCall,
    CardAction,
    actor_of,
    request_id_of,
)
from dialogs.my_requests.listing import MODES, PAGE_SIZE
from dialogs.my_requests.states import RequestCardSG
from dialogs.new_request.states import NewRequestSG
from flows.enums import Action
from flows.errors import DomainError
from locales import gettext_for, render_error

logger = logging.getLogger(__name__)


async def on_list_start(start_data: Any, manager: DialogManager) -> None:
    if isinstance(start_data, dict) and start_data.get("mode") in MODES:
        manager.dialog_data["mode"] = start_data["mode"]


async def on_mode(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, mode: str
) -> None:
    manager.dialog_data.update(mode=mode, filter="all", offset=0)


async def on_filter(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, chosen: str
) -> None:
    manager.dialog_data.update(filter=chosen, offset=0)


async def on_list_prev(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    offset = int(manager.dialog_data.get("offset", 0))
    manager.dialog_data["offset"] = max(0, offset - PAGE_SIZE)


async def on_list_next(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = int(manager.dialog_data.get("offset", 0)) + PAGE_SIZE


async def on_open(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, request_id: int
) -> None:
    await manager.start(RequestCardSG.card, data={"request_id": request_id})


def _turn(key: str, step: int) -> OnClick:
    async def turn(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
        manager.dialog_data[key] = int(manager.dialog_data.get(key, 0)) + step

    return turn


on_card_prev, on_card_next = _turn("card_page", -1), _turn("card_page", 1)
on_history_prev, on_history_next = _turn("history_page", -1), _turn("history_page", 1)


async def on_continue(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Open one's draft in the filing dialog, at its summary."""
    await manager.start(NewRequestSG.kind, data={"request_id": request_id_of(manager)})


async def on_refresh(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """Nothing to change: the card re-reads the request when it is shown again."""


def _parse(item_id: str) -> tuple[CardAction | None, int]:
    action, _sep, version = item_id.partition(".")
    if action not in Action.__members__ or not version.isdigit():
        return None, 0
    return CARD_ACTIONS.get(Action(action)), int(version)


async def on_action(
    callback: CallbackQuery, widget: Select[str], manager: DialogManager, item_id: str
) -> None:
    entry, version = _parse(item_id)
    if entry is None:
        return
    if entry.confirm:
        manager.dialog_data["pending"] = item_id
        await manager.switch_to(RequestCardSG.confirm)
        return
    await _perform(entry, version, callback, manager)


async def on_confirm(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    entry, version = _parse(str(manager.dialog_data.pop("pending", "")))
    await manager.switch_to(RequestCardSG.card)
    if entry is not None:
        await _perform(entry, version, callback, manager)


async def _perform(
    entry: CardAction, version: int, callback: CallbackQuery, manager: DialogManager
) -> None:
    request_id = request_id_of(manager)
    call = ActionCall(
        deps=manager.middleware_data["deps"],
        actor=actor_of(manager),
        request_id=request_id,
        version=version,
        manager=manager,
        event=callback,
    )
    if entry.start is not None:
        await manager.start(entry.start, data={"request_id": request_id, "version": version})
        return
    assert entry.run is not None
    try:
        await entry.run(call)
    except DomainError as error:
        logger.info(
            "card action %s on request %s refused: %s", entry.action, request_id, error.message
        )
        manager.dialog_data["notice"] = "⚠️ " + render_error(error, locale_of(manager))
        return
    if entry.done:
        manager.dialog_data["notice"] = gettext_for(locale_of(manager)).gettext(entry.done)
