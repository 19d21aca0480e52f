"""/unreachable: the administrator's list of people the bot cannot reach in Telegram."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.htmlsplit import split_html
from bot.i18n import esc
from bot.render import current_locale
from dialogs.card.fmt import Ctx, format_instant
from flows.actor import ActorRef
from flows.reachability import UnreachablePerson, unreachable_people
from flows.services.context import Deps


def _line(person: UnreachablePerson, ctx: Ctx) -> str:
    name = esc(person.full_name)
    if person.position:
        name += ", " + esc(person.position)
    if person.username:
        name += " @" + esc(person.username)
    since = format_instant(person.since, ctx)
    return "• " + _("{name} — since {since}").format(name=name, since=since)


def unreachable_text(people: Sequence[UnreachablePerson], ctx: Ctx) -> str:
    if not people:
        return _("The bot can reach everyone in Telegram.")
    head = _("<b>The bot cannot reach these people in Telegram</b> ({count}):").format(
        count=len(people)
    )
    foot = _(
        "They blocked the bot or deleted the chat. Their urgent messages go to their "
        "substitute, their head or the administrators; the rest are not delivered. Ask them "
        "to open the bot and send /start."
    )
    return "\n".join([head, *(_line(p, ctx) for p in people), "", foot])


async def on_unreachable(message: Message, deps: Deps) -> None:
    assert message.from_user is not None
    people = await unreachable_people(deps, ActorRef.telegram(message.from_user.id))
    ctx = Ctx(current_locale(), deps.company_tz)
    for part in split_html(unreachable_text(people, ctx)):
        await message.answer(part)


def unreachable_router() -> Router:
    router = Router(name="unreachable")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_unreachable, Command("unreachable"))
    return router
