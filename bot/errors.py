"""The one error router: every failure of a handler ends here and becomes an answer.

- an outdated dialog button (the dialog was closed or the bot restarted) restarts the
  menu with a short apology;
- a domain error shows the person's text (an alert on a button when it is short);
- anything else is logged with the update id and answered with a short apology.
"""

from __future__ import annotations

import html
import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from bot.render import current_locale
from dialogs.menu.states import MenuSG
from dialogs.registration.states import RegisterSG
from flows import access_views
from flows.access_views import Standing
from flows.errors import DomainError
from flows.services.context import Deps
from locales import render_error

logger = logging.getLogger(__name__)

ALERT_LIMIT = 200  # Telegram's limit for the text of a callback answer


async def tell(event: ErrorEvent, text: str) -> None:
    """Answer the person whose update failed: an alert on a button, else a message."""
    query, message = event.update.callback_query, event.update.message
    try:
        if query is not None and len(text) <= ALERT_LIMIT:
            await query.answer(text, show_alert=True)
            return
        if query is not None:
            await query.answer()
            message = query.message  # type: ignore[assignment]
        if message is not None:
            await message.answer(html.escape(text, quote=False))
    except TelegramAPIError as error:
        logger.warning(
            "could not tell update %s about its error: %s", event.update.update_id, error
        )


async def on_outdated(event: ErrorEvent, dialog_manager: DialogManager, deps: Deps) -> None:
    logger.info(
        "update %s hit an outdated dialog: %s",
        event.update.update_id,
        type(event.exception).__name__,
    )
    user = dialog_manager.middleware_data.get("event_from_user")
    person = await access_views.person(deps, user.id) if user else None
    if person is None or person.standing in (Standing.pending, Standing.inactive):
        standing = person.standing if person else Standing.unknown
        await tell(event, _(access_views.refusal_text(standing)))
        return
    apology = _("Sorry, that screen is out of date. Here is a fresh one.")
    if event.update.callback_query is not None:
        await _answer_quietly(event, apology)
    elif event.update.message is not None:
        await event.update.message.answer(apology)
    state = MenuSG.main if person.is_active else RegisterSG.name
    await dialog_manager.start(state, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def _answer_quietly(event: ErrorEvent, text: str) -> None:
    query = event.update.callback_query
    if query is None:
        return
    try:
        await query.answer(text)
    except TelegramAPIError as error:
        logger.debug("callback of update %s not answered: %s", event.update.update_id, error)


async def on_domain_error(event: ErrorEvent) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    logger.info("update %s refused: %s", event.update.update_id, error.log_text)
    await tell(event, render_error(error, current_locale()))


async def on_unexpected(event: ErrorEvent) -> None:
    logger.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    await tell(event, _("Something went wrong on our side. Try again, or send /menu."))


def errors_router() -> Router:
    router = Router(name="errors")
    router.errors.register(
        on_outdated, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState)
    )
    router.errors.register(on_domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(on_unexpected)
    return router
