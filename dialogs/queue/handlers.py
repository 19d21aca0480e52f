"""Queue and assignment handlers: open a request's card, assign the chosen executor."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Select

from dialogs.common.edge import actor_of, deps_of, tr
from dialogs.lifecycle.edge import perform, request_of
from dialogs.my_requests.states import RequestCardSG
from dialogs.queue.getters import PAGE_SIZE
from flows.errors import N_
from flows.services import requests


async def on_open(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, request_id: int
) -> None:
    await manager.start(RequestCardSG.card, data={"request_id": request_id})


async def on_prev(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = max(0, int(manager.dialog_data.get("offset", 0)) - PAGE_SIZE)


async def on_next(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = int(manager.dialog_data.get("offset", 0)) + PAGE_SIZE


async def on_executor(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, executor_id: int
) -> None:
    request_id, version = request_of(manager)
    name = manager.dialog_data.get("names", {}).get(str(executor_id), "")
    await perform(
        manager,
        lambda: requests.assign(
            deps_of(manager), actor_of(manager), request_id, executor_id, version=version
        ),
        tr(manager, N_("✅ Executor assigned: {name}."), name=name),
    )
