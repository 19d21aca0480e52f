"""Writing the demo company's people and reference lists, in one transaction.

People and counterparties have no services that create them outright, so the rows go through
the unit of work directly; everything that happens to requests later goes through the
services. Units, vehicle types and regions already written by ``tonnage migrate`` are reused.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cli.seeding.goods import UNITS, VEHICLE_TYPES
from cli.seeding.people import DEMO_TG_BASE, STAFF
from cli.seeding.reference import (
    CARRIERS,
    PROJECTS,
    REGION_BY_KEY,
    REGIONS,
    SUPPLIERS,
    CounterpartySpec,
    inn_and_kpp,
)
from cli.seeding.world import Leave, Party, World
from flows.clock import FrozenClock
from flows.enums import CounterpartyKind, SecurityStatus
from flows.services.context import Deps, load_calendar, load_lead_days
from storage.tables import Counterparty, Project, Region, Unit, User, VehicleType
from storage.uow import UnitOfWork

# People and lists existed well before the first demo request.
HEAD_START = timedelta(days=30)


async def create_company(
    deps: Deps, clock: FrozenClock, rng: random.Random, *, start: datetime, end: datetime
) -> World:
    created = start - HEAD_START
    async with deps.uow() as uow:
        calendar = await load_calendar(uow, deps.company_tz)
        world = World(
            deps=deps,
            clock=clock,
            calendar=calendar,
            start=start,
            end=end,
            lead_days=await load_lead_days(uow),
        )
        await _people(uow, world, created)
        await _places(uow, world)
        world.carriers = await _parties(uow, world, rng, CARRIERS, CounterpartyKind.carrier, 0)
        world.suppliers = await _parties(
            uow, world, rng, SUPPLIERS, CounterpartyKind.supplier, len(CARRIERS)
        )
        # `tonnage migrate` may have written the default lists already: reuse their rows.
        vehicles = {v.name for v in await uow.reference.vehicle_types()}
        for name in VEHICLE_TYPES:
            if name not in vehicles:
                uow.session.add(VehicleType(name=name))
        units = {u.name for u in await uow.reference.units()}
        for name in UNITS:
            if name not in units:
                uow.session.add(Unit(name=name))
        await uow.session.flush()
        world.vehicles = {
            v.name: v.id for v in await uow.reference.vehicle_types() if v.id is not None
        }
        await uow.commit()
    return world


async def _people(uow: UnitOfWork, world: World, created: datetime) -> None:
    users: dict[str, User] = {}
    for number, person in enumerate(STAFF, start=1):
        user = await uow.people.add(
            User(
                tg_id=DEMO_TG_BASE + number,
                full_name=person.full_name,
                position=person.position,
                department=person.department.value if person.department else None,
                created_at=created,
            )
        )
        assert user.id is not None
        await uow.people.set_roles(user.id, person.roles)
        users[person.key] = user
        world.users[person.key] = user.id
    first_day = world.calendar.local_date(world.start)
    for person in STAFF:
        if person.substitute is None:
            continue
        user, deputy_id = users[person.key], world.users[person.substitute]
        user.substitute_id = deputy_id
        if person.leave is not None:
            user.substitute_from = first_day + timedelta(days=person.leave[0])
            user.substitute_to = first_day + timedelta(days=person.leave[1])
            assert user.id is not None
            world.leaves[user.id] = Leave(user.substitute_from, user.substitute_to, deputy_id)
        uow.session.add(user)
    await uow.session.flush()


async def _places(uow: UnitOfWork, world: World) -> None:
    existing = {r.name: r for r in await uow.reference.regions()}
    for spec in REGIONS:
        region = existing.get(spec.name) or Region(name=spec.name)
        uow.reference.add(region)
        await uow.reference.flush()
        assert region.id is not None
        world.regions[spec.key] = region.id
    for project_spec in PROJECTS:
        project = Project(
            code=project_spec.code,
            name=project_spec.name,
            region_id=world.regions[project_spec.region],
            manager_id=world.users[project_spec.manager],
        )
        uow.reference.add(project)
        await uow.reference.flush()
        assert project.id is not None
        world.projects[project_spec.code] = project.id


async def _parties(
    uow: UnitOfWork,
    world: World,
    rng: random.Random,
    specs: tuple[CounterpartySpec, ...],
    kind: CounterpartyKind,
    offset: int,
) -> list[Party]:
    """Counterparties; about a third were vetted by security before the demo period."""
    parties = []
    for serial, spec in enumerate(specs, start=offset + 1):
        inn, kpp = inn_and_kpp(REGION_BY_KEY[spec.region].tax_code, serial)
        row = Counterparty(
            name=spec.name, inn=inn, kpp=kpp, kind=kind.value, created_at=world.start - HEAD_START
        )
        if not spec.shady and rng.random() < 0.35:
            valid_until = world.start + timedelta(days=rng.randint(30, 300))
            row.security_status = SecurityStatus.approved.value
            row.security_valid_until = valid_until.date()
            row.security_decided_by = world.users["security"]
            row.security_decided_at = valid_until - timedelta(days=365)
        uow.reference.add(row)
        await uow.reference.flush()
        assert row.id is not None
        parties.append(Party(row.id, spec))
    return parties
