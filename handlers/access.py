"""An administrator's one-tap decision on an access request, from the notification itself.

The keyboard keeps the picked roles and department in its callback data; every tap
re-checks on the server that the presser is an admin and the request is still pending.
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import AccessCb, needs_department, toggle_access, unpack_access
from bot.outbox import BotSender, retire_buttons
from bot.render import current_locale
from bot.render_access import access_decided_text, access_keyboard
from flows.access_views import PendingAccess, pending_access_for_admin
from flows.actor import ActorRef
from flows.delivery_log import SentRef
from flows.errors import N_, InvalidInput
from flows.services.access import decide_access
from flows.services.context import Deps

logger = logging.getLogger(__name__)


async def on_access(
    callback: CallbackQuery, callback_data: AccessCb, deps: Deps, bot: Bot
) -> None:
    ref = ActorRef.telegram(callback.from_user.id)
    pending = await pending_access_for_admin(deps, ref, callback_data.access_id)
    if callback_data.act == "ok":
        await _approve(callback, callback_data, deps, bot, pending)
    elif callback_data.act == "no":
        await _refuse(callback, deps, bot, pending)
    else:
        await _toggle(callback, callback_data)


async def _toggle(callback: CallbackQuery, data: AccessCb) -> None:
    try:
        mask = toggle_access(data.mask, data.act)
    except (ValueError, IndexError):
        raise InvalidInput(N_("This button is not valid. Use the message's buttons.")) from None
    message = callback.message
    if isinstance(message, Message):
        markup = access_keyboard(data.access_id, mask, current_locale())
        try:
            await message.edit_reply_markup(reply_markup=markup)
        except TelegramBadRequest as error:
            logger.debug("access keyboard %s not edited: %s", data.access_id, error)
    await callback.answer()


async def _approve(
    callback: CallbackQuery, data: AccessCb, deps: Deps, bot: Bot, pending: PendingAccess
) -> None:
    roles, department = unpack_access(data.mask)
    if needs_department(roles) and department is None:
        raise InvalidInput(N_("Choose the department of the executor or head."))
    await decide_access(
        deps,
        ActorRef.telegram(callback.from_user.id),
        pending.access_id,
        approve=True,
        roles=roles,
        department=department,
    )
    text = access_decided_text(
        pending.full_name,
        pending.position,
        current_locale(),
        admin=pending.admin_name,
        roles=roles,
        department=department,
    )
    await _retire(callback, deps, bot, pending, text)
    await callback.answer(_("Access granted."))


async def _refuse(callback: CallbackQuery, deps: Deps, bot: Bot, pending: PendingAccess) -> None:
    await decide_access(
        deps, ActorRef.telegram(callback.from_user.id), pending.access_id, approve=False
    )
    text = access_decided_text(
        pending.full_name, pending.position, current_locale(), admin=pending.admin_name
    )
    await _retire(callback, deps, bot, pending, text)
    await callback.answer(_("Access refused."))


async def _retire(
    callback: CallbackQuery, deps: Deps, bot: Bot, pending: PendingAccess, text: str
) -> None:
    sender = BotSender(bot)
    edited = await retire_buttons(sender, deps, f"access:{pending.access_id}", text)
    message = callback.message
    # The tapped copy may predate the sent-message register; make sure it changes too.
    tapped = SentRef(message.chat.id, message.message_id) if isinstance(message, Message) else None
    if tapped is not None and tapped not in edited:
        try:
            await sender.edit(tapped.chat_id, tapped.message_id, text)
        except TelegramBadRequest as error:
            logger.debug("tapped access message not edited: %s", error)


def access_router() -> Router:
    router = Router(name="access")
    router.callback_query.register(on_access, AccessCb.filter())
    return router
