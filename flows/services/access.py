"""Access: a newcomer asks, an administrator grants roles or refuses; admins from settings."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from flows.actor import ActorRef
from flows.enums import AccessStatus, Department, Role
from flows.errors import N_, AccessDenied, AlreadyDecided, InvalidInput, NotFound
from flows.outbox import enqueue
from flows.services.context import Deps
from flows.services.engine import load_actor
from storage.tables import AccessRequest, Outbox, User
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


async def ask_access(
    deps: Deps, tg_id: int, *, full_name: str, position: str, username: str | None = None
) -> AccessRequest:
    """File an access request and tell every admin. Raises InvalidInput for an empty name."""
    full_name, position = full_name.strip(), position.strip()
    if len(full_name) < 2:
        raise InvalidInput(N_("Write your full name, for example: Иванов Иван Иванович."))
    now = deps.now()
    async with deps.uow() as uow:
        if await uow.people.by_tg(tg_id) is not None:
            raise AlreadyDecided(N_("You already have access. Send /start to open the menu."))
        pending = await uow.people.pending_access(tg_id)
        if pending is not None:
            return pending
        access = await uow.people.add_access_request(
            AccessRequest(
                tg_id=tg_id,
                full_name=full_name,
                position=position,
                username=username,
                created_at=now,
            )
        )
        admins = await uow.people.with_role(Role.admin)
        await enqueue(
            uow,
            now=now,
            recipients=[a.id for a in admins],
            template="access_request",
            params={"access_id": access.id, "name": full_name, "position": position},
            purpose=f"access:{access.id}",
        )
        await uow.commit()
    logger.info("access request %s filed", access.id)
    return access


async def decide_access(
    deps: Deps,
    ref: ActorRef,
    access_id: int,
    *,
    approve: bool,
    roles: Iterable[Role] = (),
    department: Department | None = None,
    comment: str | None = None,
) -> User | None:
    """An admin approves (creating the user with roles) or refuses an access request.

    Raises AccessDenied (not an admin), NotFound, AlreadyDecided (someone decided first),
    InvalidInput (approval without roles).
    """
    roles = frozenset(roles)
    if approve and not roles:
        raise InvalidInput(N_("Choose at least one role."))
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        admin = await load_actor(uow, ref, today)
        if not admin.has(Role.admin):
            raise AccessDenied(N_("Only an administrator may do this."))
        access = await uow.people.access_request(access_id)
        if access is None:
            raise NotFound(N_("This access request was not found."))
        if access.status != AccessStatus.pending:
            raise AlreadyDecided(N_("This access request was already decided."))
        access.status = (AccessStatus.approved if approve else AccessStatus.refused).value
        access.decided_by, access.decided_at, access.comment = admin.user_id, now, comment
        access.requested_roles = ",".join(sorted(roles))
        uow.session.add(access)
        user = None
        if approve:
            user = await _create_user(uow, access, roles, department, now)
            await enqueue(
                uow,
                now=now,
                recipients=[user.id],
                template="access_granted",
                params={"roles": sorted(roles)},
            )
        else:
            _tell_refused(uow, access, now)
        await uow.commit()
    logger.warning(
        "access request %s %s by admin %s",
        access_id,
        "approved" if approve else "refused",
        admin.user_id,
    )
    return user


def _tell_refused(uow: UnitOfWork, access: AccessRequest, now: datetime) -> None:
    # The person has no users row, so the message goes to their Telegram chat directly.
    uow.requests.enqueue(
        Outbox(
            chat_id=access.tg_id,
            template="access_refused",
            params={},
            created_at=now,
            due_at=now,
        )
    )


async def _create_user(
    uow: UnitOfWork,
    access: AccessRequest,
    roles: frozenset[Role],
    department: Department | None,
    now: datetime,
) -> User:
    user = await uow.people.add(
        User(
            tg_id=access.tg_id,
            full_name=access.full_name,
            position=access.position,
            username=access.username,
            department=department.value if department else None,
            created_at=now,
        )
    )
    assert user.id is not None
    await uow.people.set_roles(user.id, roles)
    return user


async def ensure_admins(deps: Deps, tg_ids: Iterable[int]) -> int:
    """Make the configured Telegram ids admins (creating them if needed); returns how many."""
    now = deps.now()
    count = 0
    async with deps.uow() as uow:
        for tg_id in tg_ids:
            user = await uow.people.by_tg(tg_id)
            if user is None:
                user = await uow.people.add(
                    User(tg_id=tg_id, full_name=placeholder_name(tg_id), created_at=now)
                )
            assert user.id is not None
            roles = await uow.people.roles(user.id)
            if Role.admin not in roles:
                await uow.people.set_roles(user.id, roles | {Role.admin})
                count += 1
        await uow.commit()
    return count


async def set_roles(
    deps: Deps, ref: ActorRef, user_id: int, roles: Iterable[Role], *, active: bool = True
) -> None:
    """An admin changes someone's roles or switches them off; effective at once everywhere."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        admin = await load_actor(uow, ref, today)
        if not admin.has(Role.admin):
            raise AccessDenied(N_("Only an administrator may do this."))
        user = await uow.people.get(user_id)
        if user is None:
            raise NotFound(N_("User not found."))
        await uow.people.set_roles(user_id, roles)
        user.is_active = active
        uow.session.add(user)
        await uow.commit()
    logger.warning("roles of user %s set by admin %s at %s", user_id, admin.user_id, now)


def placeholder_name(tg_id: int) -> str:
    """The name of a configured admin until they write to the bot for the first time."""
    return f"Admin {tg_id}"


async def introduce(deps: Deps, tg_id: int, full_name: str, username: str | None) -> bool:
    """Take the Telegram name of a configured admin still known by the placeholder name.

    Returns True when the name was replaced; nobody else's name is touched.
    """
    full_name = full_name.strip()
    async with deps.uow() as uow:
        user = await uow.people.by_tg(tg_id)
        if user is None or user.full_name != placeholder_name(tg_id) or not full_name:
            return False
        user.full_name, user.username = full_name[:200], username
        uow.session.add(user)
        await uow.commit()
    logger.info("user %s named from Telegram", user.id)
    return True
