"""Read-only views of access: who a Telegram account is to Tonnage, and a pending request.

Edges ask these on every handler instead of keeping anything in memory, so a role change or
a switched-off account takes effect on the next tap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from flows.actor import ActorRef
from flows.enums import AccessStatus, Role
from flows.errors import N_, AccessDenied, AlreadyDecided, NotFound
from flows.services.context import Deps
from flows.services.engine import load_actor


class Standing(StrEnum):
    unknown = "unknown"
    pending = "pending"
    active = "active"
    inactive = "inactive"


@dataclass(frozen=True)
class Person:
    """A Telegram account as Tonnage sees it now."""

    tg_id: int
    standing: Standing
    user_id: int | None = None
    name: str = ""
    roles: frozenset[Role] = field(default_factory=frozenset)
    locale: str = "ru"

    @property
    def is_active(self) -> bool:
        return self.standing is Standing.active

    def has(self, role: Role) -> bool:
        return role in self.roles


async def person(deps: Deps, tg_id: int) -> Person:
    """The account's standing, roles and language, read now from the database."""
    async with deps.uow() as uow:
        user = await uow.people.by_tg(tg_id)
        if user is None or user.id is None:
            pending = await uow.people.pending_access(tg_id)
            standing = Standing.pending if pending is not None else Standing.unknown
            return Person(tg_id, standing)
        if not user.is_active:
            return Person(tg_id, Standing.inactive, user.id, user.full_name, locale=user.locale)
        roles = await uow.people.roles(user.id)
    return Person(tg_id, Standing.active, user.id, user.full_name, roles, user.locale)


def refusal_text(standing: Standing) -> str:
    """What to tell a person who may not use the bot yet (catalogue msgid)."""
    if standing is Standing.pending:
        return N_("Your access request is under review. I will write when it is decided.")
    if standing is Standing.inactive:
        return N_("Your access is switched off. Ask an administrator.")
    return N_("Send /start to ask for access.")


async def active_person(deps: Deps, tg_id: int) -> Person:
    """The person, if they may use the bot now; raises AccessDenied with what to do."""
    found = await person(deps, tg_id)
    if not found.is_active:
        raise AccessDenied(refusal_text(found.standing))
    return found


@dataclass(frozen=True)
class PendingAccess:
    access_id: int
    full_name: str
    position: str
    username: str | None
    admin_name: str


async def pending_access_for_admin(deps: Deps, ref: ActorRef, access_id: int) -> PendingAccess:
    """An access request an administrator is about to decide.

    Raises AccessDenied (not an admin, or switched off), NotFound, AlreadyDecided.
    """
    async with deps.uow() as uow:
        admin = await load_actor(uow, ref, deps.today())
        if not admin.has(Role.admin):
            raise AccessDenied(N_("Only an administrator may do this."))
        access = await uow.people.access_request(access_id)
        if access is None or access.id is None:
            raise NotFound(N_("This access request was not found."))
        if access.status != AccessStatus.pending:
            raise AlreadyDecided(N_("This access request was already decided."))
    return PendingAccess(access.id, access.full_name, access.position, access.username, admin.name)
