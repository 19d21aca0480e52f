"""Reference data: the defaults of a fresh installation and the administrator's additions.

Projects, regions, vehicle types and units are added by an administrator, or by the
command line (``ActorRef.service("cli")``), which runs on the server and is trusted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TypeVar

from sqlmodel import SQLModel, col, func, select

from flows.actor import Actor, ActorRef
from flows.enums import Role
from flows.errors import N_, AccessDenied, AlreadyDecided, InvalidInput, NotFound
from flows.reference_defaults import DEFAULT_UNITS, DEFAULT_VEHICLE_TYPES, RUSSIAN_REGIONS
from flows.services.context import Deps
from flows.services.engine import load_actor
from storage.tables import Project, Region, Unit, VehicleType
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

TRUSTED_SYSTEMS = frozenset({"cli"})
CODE_LIMIT, PROJECT_NAME_LIMIT = 32, 300
REGION_LIMIT, VEHICLE_LIMIT, UNIT_LIMIT = 200, 100, 32

Row = TypeVar("Row", Region, VehicleType, Unit)


async def ensure_defaults(deps: Deps) -> int:
    """Fill the empty lists of units, vehicle types and regions; returns how many rows were added.

    A list that already has a row is left as it is, so running this again adds nothing.
    """
    added = 0
    async with deps.uow() as uow:
        for table, names in (
            (Unit, DEFAULT_UNITS),
            (VehicleType, DEFAULT_VEHICLE_TYPES),
            (Region, RUSSIAN_REGIONS),
        ):
            if await _count(uow, table) == 0:
                for name in names:
                    uow.session.add(table(name=name))
                added += len(names)
        await uow.commit()
    if added:
        logger.info("%s default reference rows added", added)
    return added


async def add_project(
    deps: Deps,
    ref: ActorRef,
    code: str,
    name: str,
    region_name: str | None = None,
    manager_tg_id: int | None = None,
) -> Project:
    """Add an active project.

    Raises AccessDenied (not an administrator), InvalidInput (empty or too long code or name,
    a code already taken, an unknown region, an unknown manager or one without the project
    manager role).
    """
    code = _required(code, CODE_LIMIT, N_("Write the project code, for example «КЕМ-24-01»."))
    name = _required(name, PROJECT_NAME_LIMIT, N_("Write the project name."))
    async with deps.uow() as uow:
        actor = await _admin(uow, deps, ref)
        if await _project_by_code(uow, code) is not None:
            raise InvalidInput(N_("The project code «{code}» is already taken."), code=code)
        project = Project(code=code, name=name)
        if region_name is not None and region_name.strip():
            project.region_id = (await _region_named(uow, region_name.strip())).id
        if manager_tg_id is not None:
            project.manager_id = await _manager_id(uow, manager_tg_id)
        uow.reference.add(project)
        await uow.commit()
    logger.warning("project %s added by %s", project.id, _who(actor))
    return project


async def deactivate_project(deps: Deps, ref: ActorRef, code: str) -> Project:
    """Switch a project off: it is no longer offered for new requests.

    Raises AccessDenied (not an administrator), NotFound, AlreadyDecided (already off).
    """
    async with deps.uow() as uow:
        actor = await _admin(uow, deps, ref)
        project = await _project_by_code(uow, code.strip())
        if project is None:
            raise NotFound(N_("There is no project with the code «{code}»."), code=code.strip())
        if not project.is_active:
            raise AlreadyDecided(N_("The project «{code}» is already switched off."), code=code)
        project.is_active = False
        uow.reference.add(project)
        await uow.commit()
    logger.warning("project %s switched off by %s", project.id, _who(actor))
    return project


async def add_region(deps: Deps, ref: ActorRef, name: str) -> Region:
    """Add a region. Raises AccessDenied, InvalidInput (empty, too long or already listed)."""
    name = _required(name, REGION_LIMIT, N_("Write the region name."))
    return await _add_named(deps, ref, Region, name)


async def add_vehicle_type(deps: Deps, ref: ActorRef, name: str) -> VehicleType:
    """Add a vehicle type. Raises AccessDenied, InvalidInput (empty, too long or listed)."""
    name = _required(name, VEHICLE_LIMIT, N_("Write the vehicle type."))
    return await _add_named(deps, ref, VehicleType, name)


async def add_unit(deps: Deps, ref: ActorRef, name: str) -> Unit:
    """Add a unit of measure. Raises AccessDenied, InvalidInput (empty, too long or listed)."""
    name = _required(name, UNIT_LIMIT, N_("Write the unit of measure, for example «шт»."))
    return await _add_named(deps, ref, Unit, name)


async def _add_named(deps: Deps, ref: ActorRef, table: type[Row], name: str) -> Row:
    async with deps.uow() as uow:
        actor = await _admin(uow, deps, ref)
        if _find(await _all(uow, table), name) is not None:
            raise InvalidInput(N_("«{name}» is already in the list."), name=name)
        row = table(name=name)
        uow.session.add(row)
        await uow.commit()
    logger.warning("%s %s added by %s", table.__tablename__, row.id, _who(actor))
    return row


def _required(value: str, limit: int, empty_message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(empty_message)
    if len(value) > limit:
        raise InvalidInput(N_("Too long: at most {limit} characters."), limit=limit)
    return value


async def _admin(uow: UnitOfWork, deps: Deps, ref: ActorRef) -> Actor:
    actor = await load_actor(uow, ref, deps.today())
    if actor.is_system and actor.name in TRUSTED_SYSTEMS:
        return actor
    if not actor.has(Role.admin):
        raise AccessDenied(N_("Only an administrator may do this."))
    return actor


def _who(actor: Actor) -> str:
    return f"user {actor.user_id}" if actor.user_id is not None else actor.name


async def _count(uow: UnitOfWork, table: type[SQLModel]) -> int:
    result = await uow.session.exec(select(func.count()).select_from(table))
    return int(result.one())


async def _all(uow: UnitOfWork, table: type[Row]) -> Sequence[Row]:
    return (await uow.session.exec(select(table))).all()


def _find(rows: Sequence[Row], name: str) -> Row | None:
    # Compared in Python: SQLite folds the case of Latin letters only.
    wanted = name.casefold()
    return next((row for row in rows if row.name.casefold() == wanted), None)


async def _project_by_code(uow: UnitOfWork, code: str) -> Project | None:
    wanted = code.casefold()
    rows = (await uow.session.exec(select(Project).order_by(col(Project.id)))).all()
    return next((p for p in rows if p.code.casefold() == wanted), None)


async def _region_named(uow: UnitOfWork, name: str) -> Region:
    region = _find(await _all(uow, Region), name)
    if region is None:
        raise InvalidInput(
            N_("There is no region «{name}» in the list. Add the region first."), name=name
        )
    return region


async def _manager_id(uow: UnitOfWork, tg_id: int) -> int:
    user = await uow.people.by_tg(tg_id)
    if user is None or user.id is None or not user.is_active:
        raise InvalidInput(
            N_("There is no active user with Telegram id {tg_id}."), tg_id=str(tg_id)
        )
    if Role.project_manager not in await uow.people.roles(user.id):
        raise InvalidInput(
            N_("{name} does not have the project manager role."), name=user.full_name
        )
    return user.id
