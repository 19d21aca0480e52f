"""The request a step dialog acts on, one service call per step, and the way back to the card.

A step dialog is started from the request card with ``{"request_id": N, "version": V}`` and
passes ``version=V`` to the service. After success it closes and the card shows itself
afresh with what was done. When the service refuses because the request moved on (someone
else acted, the person lost a role), the dialog closes too and the card says why; any other
refusal (a wrong date, a missing reason) keeps the dialog open with the reason on top.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram_dialog import DialogManager, ShowMode

from bot.i18n import locale_of
from dialogs.common.edge import deps_of, flash_error
from flows.errors import AccessDenied, DomainError, NotFound, StaleVersion
from flows.services import requests
from locales import render_error

logger = logging.getLogger(__name__)

NOTICE_KEY = "notice"  # what the request card shows above itself once (its getter pops it)
Result = TypeVar("Result")


def request_of(manager: DialogManager) -> tuple[int, int]:
    """The request id and the version the person saw, from the dialog's start data."""
    data = manager.start_data
    if not isinstance(data, dict) or "request_id" not in data:
        raise ValueError("a step dialog needs start data {'request_id': N, 'version': V}")
    return int(data["request_id"]), int(data.get("version") or 0)


async def back_to_card(manager: DialogManager, notice: str) -> None:
    """Close the step dialog and show the card under it, fresh, with ``notice`` on top."""
    await manager.done(show_mode=ShowMode.NO_UPDATE)
    if not manager.has_context():
        return
    manager.dialog_data[NOTICE_KEY] = notice
    manager.show_mode = ShowMode.AUTO
    await manager.show()


async def _moved_on(manager: DialogManager, error: DomainError) -> bool:
    if isinstance(error, StaleVersion | NotFound | AccessDenied):
        return True
    request_id, version = request_of(manager)
    try:
        request = await requests.require(deps_of(manager), request_id)
    except NotFound:
        return True
    return request.version != version


async def perform(
    manager: DialogManager, call: Callable[[], Awaitable[Result]], done: str | None
) -> Result | None:
    """Make the step's one service call.

    On success the card comes back with ``done`` (a translated text) unless it is None, in
    which case the dialog stays and the caller goes on. On a refusal returns None.
    """
    try:
        result = await call()
    except DomainError as error:
        request_id, _ = request_of(manager)
        logger.info("step on request %s refused: %s", request_id, error.log_text)
        if await _moved_on(manager, error):
            await back_to_card(manager, "⚠️ " + render_error(error, locale_of(manager)))
        else:
            flash_error(manager, error)
        return None
    if done is not None:
        await back_to_card(manager, done)
    return result
