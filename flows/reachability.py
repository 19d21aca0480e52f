"""People the bot cannot reach: flagged when Telegram refuses, cleared when they write again.

A person who blocked the bot (Telegram answers 403) is flagged ``unreachable``. Their info
and reminder messages then fail with the reason; an urgent message goes to someone who can
act on it instead: their substitute (while the substitution runs), else the heads of their
department, else the administrators, with a note saying whom it was meant for. Writing to
the bot again (/start, /menu) clears the flag. Administrators see the list (/unreachable).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flows.actor import ActorRef, substitution_active
from flows.enums import Level, OutboxStatus, Role
from flows.errors import N_, AccessDenied
from flows.outbox import enqueue
from flows.services.context import Deps
from flows.services.engine import load_actor
from storage.repos.outbox import OutboxRepo
from storage.tables import Outbox, User
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

# Outbox params of a rerouted copy: the intended recipient's name and why this one got it.
MEANT_FOR_PARAM = "meant_for"
VIA_PARAM = "via"
UNREACHABLE_REASON = "recipient unreachable (blocked the bot)"


@dataclass(frozen=True)
class Redirect:
    user_id: int
    via: str  # "substitute", "head" or "admin"


@dataclass(frozen=True)
class UnreachablePerson:
    user_id: int
    full_name: str
    position: str
    username: str | None
    since: datetime | None


def _reachable(user: User, absent: int | None) -> bool:
    return user.is_active and not user.unreachable and user.id != absent


async def redirect_targets(uow: UnitOfWork, user: User, today: date) -> list[Redirect]:
    """Who gets an urgent message meant for ``user``: substitute, heads, or admins."""
    if user.substitute_id is not None and substitution_active(
        user.substitute_from, user.substitute_to, today
    ):
        substitute = await uow.people.get(user.substitute_id)
        if substitute is not None and substitute.id and _reachable(substitute, user.id):
            return [Redirect(substitute.id, "substitute")]
    if user.department:
        heads = await uow.people.with_role(Role.head, department=user.department)
        found = [Redirect(h.id, "head") for h in heads if h.id and _reachable(h, user.id)]
        if found:
            return found
    admins = await uow.people.with_role(Role.admin)
    return [Redirect(a.id, "admin") for a in admins if a.id and _reachable(a, user.id)]


async def settle_unreachable(
    uow: UnitOfWork, row: Outbox, user: User, now: datetime, today: date
) -> None:
    """Fail ``row`` for its unreachable recipient, or reroute it when it is urgent."""
    assert row.id is not None
    if row.level != Level.urgent:
        row.status, row.last_error = OutboxStatus.failed.value, UNREACHABLE_REASON
        logger.info("outbox %s not sent: user %s is unreachable", row.id, user.id)
        return
    targets = await redirect_targets(uow, user, today)
    if not targets:
        row.status = OutboxStatus.failed.value
        row.last_error = UNREACHABLE_REASON + "; nobody to reroute it to"
        logger.warning(
            "urgent outbox %s for unreachable user %s: nobody to reroute to", row.id, user.id
        )
        return
    for via in dict.fromkeys(t.via for t in targets):
        await enqueue(
            uow,
            now=now,
            recipients=[t.user_id for t in targets if t.via == via],
            template=row.template,
            params={**(row.params or {}), MEANT_FOR_PARAM: user.full_name, VIA_PARAM: via},
            request_id=row.request_id,
            level=Level.urgent,
            purpose=row.purpose,
            dedupe_key=f"reroute:{row.id}",
        )
    ids = ", ".join(str(t.user_id) for t in targets)
    row.status = OutboxStatus.cancelled.value
    row.last_error = f"{UNREACHABLE_REASON}; rerouted to user(s) {ids} ({targets[0].via})"
    logger.info("urgent outbox %s for unreachable user %s rerouted to %s", row.id, user.id, ids)


async def reachable_again(deps: Deps, tg_id: int) -> bool:
    """The person wrote to the bot, so it can reach them again; True if they were flagged.

    One indexed read, and a write only when the flag was set.
    """
    async with deps.uow() as uow:
        user_id = await OutboxRepo(uow.session).set_reachable(tg_id)
        if user_id is None:
            return False
        await uow.commit()
    logger.info("user %s is reachable again", user_id)
    return True


async def unreachable_people(deps: Deps, ref: ActorRef) -> Sequence[UnreachablePerson]:
    """Active people the bot cannot reach, longest first.

    Raises AccessDenied unless ``ref`` is an active administrator.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        if not actor.has(Role.admin):
            raise AccessDenied(N_("Only an administrator may do this."))
        users = await OutboxRepo(uow.session).unreachable_users()
    return [
        UnreachablePerson(u.id, u.full_name, u.position, u.username, u.unreachable_since)
        for u in users
        if u.id is not None
    ]
