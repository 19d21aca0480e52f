"""Small factories: a company with a person for each role, projects, counterparties, drafts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flows.actor import ActorRef
from flows.clock import FrozenClock
from flows.drafts import CargoData, DraftData, ItemData, RoutePointData
from flows.enums import Department, Role
from flows.services.context import Deps
from storage.tables import Counterparty, Project, Region, User, UserRole, VehicleType
from storage.uow import UnitOfWork, uow_factory

_ids = itertools.count(1000)
# A Monday morning in Moscow, well inside working hours.
T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@dataclass
class Company:
    deps: Deps
    clock: FrozenClock
    users: dict[str, User] = field(default_factory=dict)
    project: Project | None = None
    region: Region | None = None
    carriers: list[Counterparty] = field(default_factory=list)
    suppliers: list[Counterparty] = field(default_factory=list)

    def ref(self, who: str) -> ActorRef:
        user = self.users[who]
        assert user.id is not None
        return ActorRef.user(user.id)

    def id(self, who: str) -> int:
        user_id = self.users[who].id
        assert user_id is not None
        return user_id


PEOPLE: dict[str, tuple[tuple[Role, ...], Department | None]] = {
    "initiator": ((Role.initiator,), None),
    "executor": ((Role.executor,), Department.logistics),
    "executor2": ((Role.executor,), Department.logistics),
    "buyer": ((Role.executor,), Department.procurement),
    "head": ((Role.head,), Department.logistics),
    "pm": ((Role.project_manager, Role.initiator), None),
    "pm2": ((Role.project_manager,), None),
    "security": ((Role.security,), None),
    "director": ((Role.executive_director,), None),
    "admin": ((Role.admin,), None),
}


async def add_user(
    uow: UnitOfWork,
    name: str,
    roles: tuple[Role, ...],
    department: Department | None,
    now: datetime,
) -> User:
    user = User(
        tg_id=next(_ids),
        full_name=name.title(),
        position=name,
        created_at=now,
        department=department.value if department else None,
    )
    uow.session.add(user)
    await uow.session.flush()
    for role in roles:
        uow.session.add(UserRole(user_id=user.id, role=role.value))
    return user


async def make_company(sessions, at: datetime = T0) -> Company:  # type: ignore[no-untyped-def]
    clock = FrozenClock(at)
    company = Company(deps=Deps(uow=uow_factory(sessions), clock=clock), clock=clock)
    async with company.deps.uow() as uow:
        for name, (roles, department) in PEOPLE.items():
            company.users[name] = await add_user(uow, name, roles, department, at)
        company.region = Region(name="Кемеровская область")
        uow.session.add(company.region)
        await uow.session.flush()
        company.project = Project(
            code="P-1",
            name="Монтаж пресса",
            region_id=company.region.id,
            manager_id=company.users["pm"].id,
        )
        uow.session.add(company.project)
        uow.session.add(VehicleType(name="Трал"))
        for n in range(3):
            company.carriers.append(
                Counterparty(
                    name=f"Перевозчик {n}", inn=f"77000000{n}1", kind="carrier", created_at=at
                )
            )
            company.suppliers.append(
                Counterparty(
                    name=f"Поставщик {n}", inn=f"54000000{n}1", kind="supplier", created_at=at
                )
            )
        for cp in company.carriers + company.suppliers:
            uow.session.add(cp)
        await uow.session.commit()
    return company


def transport_draft(company: Company, *, loading: date | None = None) -> DraftData:
    loading = loading or (company.clock.now() + timedelta(days=14)).date()
    assert company.project is not None
    return DraftData(
        kind="transport",
        project_id=company.project.id,
        loading_date=loading,
        required_date=loading + timedelta(days=3),
        estimated_cost_kop=150_000_00,
        vehicle_type_id=1,
        route=[
            RoutePointData("loading", "Кемерово, ул. Заводская, 1"),
            RoutePointData("unloading", "Новокузнецк, пр. Металлургов, 5"),
        ],
        cargo=CargoData(description="Пресс", weight_kg=12_500, places=1, heavy=True),
    )


def procurement_draft(company: Company, *, required: date | None = None) -> DraftData:
    required = required or (company.clock.now() + timedelta(days=21)).date()
    assert company.project is not None
    return DraftData(
        kind="procurement",
        project_id=company.project.id,
        required_date=required,
        delivery_address="Кемерово, склад №2",
        estimated_cost_kop=80_000_00,
        items=[ItemData("Строп 10 т", 4, "шт"), ItemData("Скоба", 10.5, "кг", "ГОСТ 2476")],
    )
