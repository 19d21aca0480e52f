"""Reference data of a fresh installation and the administrator's additions, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.settings import get_settings
from cli.main import main
from flows import reference_views
from flows.actor import ActorRef
from flows.errors import AccessDenied, AlreadyDecided, InvalidInput
from flows.reference_defaults import DEFAULT_UNITS, DEFAULT_VEHICLE_TYPES, RUSSIAN_REGIONS
from flows.services import reference
from flows.services.context import Deps
from storage.uow import uow_factory
from tests.support.factories import Company, make_company

CLI = ActorRef.service("cli")
Sessions = async_sessionmaker[AsyncSession]


async def test_defaults_fill_empty_lists_once_and_never_twice(session_factory: Sessions) -> None:
    deps = Deps(uow=uow_factory(session_factory))

    first = await reference.ensure_defaults(deps)
    second = await reference.ensure_defaults(deps)

    assert first == len(DEFAULT_UNITS) + len(DEFAULT_VEHICLE_TYPES) + len(RUSSIAN_REGIONS)
    assert second == 0
    assert len(await reference_views.regions(deps)) == len(RUSSIAN_REGIONS) == 89
    assert [u.name for u in await reference_views.units(deps)] == list(DEFAULT_UNITS)
    assert len(await reference_views.vehicle_types(deps)) == len(DEFAULT_VEHICLE_TYPES)


async def test_defaults_leave_a_list_that_has_rows_alone(session_factory: Sessions) -> None:
    company = await make_company(session_factory)

    added = await reference.ensure_defaults(company.deps)

    # The company has a region and a vehicle type already; only units were empty.
    assert added == len(DEFAULT_UNITS)
    assert [r.name for r in await reference_views.regions(company.deps)] == ["Кемеровская область"]


async def test_admin_adds_a_project_that_people_can_then_choose(session_factory: Sessions) -> None:
    company = await make_company(session_factory)
    await reference.add_region(company.deps, company.ref("admin"), "Красноярский край")
    pm = company.users["pm2"]

    project = await reference.add_project(
        company.deps,
        company.ref("admin"),
        " КРС-1 ",
        "Монтаж турбины",
        "красноярский край",
        pm.tg_id,
    )

    assert (project.code, project.manager_id, project.is_active) == ("КРС-1", pm.id, True)
    names = {c.name for c in await reference_views.projects(company.deps)}
    assert "КРС-1 Монтаж турбины" in names


async def test_project_additions_are_refused_with_the_reason(session_factory: Sessions) -> None:
    company = await make_company(session_factory)
    deps, admin = company.deps, company.ref("admin")
    cases = [
        (admin, ("", "Name"), InvalidInput, "Write the project code"),
        (admin, ("P-2", "  "), InvalidInput, "Write the project name"),
        (admin, ("p-1", "Дубль"), InvalidInput, "is already taken"),
        (admin, ("P-2", "X", "Марс"), InvalidInput, "no region"),
        (admin, ("P-2", "X", None, 999_999_999), InvalidInput, "no active user"),
        (admin, ("P-2", "X", None, company.users["executor"].tg_id), InvalidInput, "role"),
        (company.ref("initiator"), ("P-2", "X"), AccessDenied, "administrator"),
        (ActorRef.service("1c"), ("P-2", "X"), AccessDenied, "administrator"),
    ]
    for actor, args, error, text in cases:
        with pytest.raises(error) as raised:
            await reference.add_project(deps, actor, *args)
        assert text in raised.value.log_text, args
    assert [c.name for c in await reference_views.projects(deps)] == ["P-1 Монтаж пресса"]


async def test_switched_off_project_is_no_longer_offered(session_factory: Sessions) -> None:
    company = await make_company(session_factory)

    await reference.deactivate_project(company.deps, CLI, "P-1")

    assert await reference_views.projects(company.deps) == []
    with pytest.raises(AlreadyDecided):
        await reference.deactivate_project(company.deps, CLI, "P-1")
    with pytest.raises(InvalidInput, match="already taken"):
        await reference.add_project(company.deps, CLI, "P-1", "Снова")


async def test_lists_refuse_duplicates_in_any_case(session_factory: Sessions) -> None:
    company: Company = await make_company(session_factory)
    await reference.add_unit(company.deps, CLI, "рейс")

    with pytest.raises(InvalidInput, match="already in the list"):
        await reference.add_unit(company.deps, CLI, "Рейс")
    with pytest.raises(InvalidInput, match="already in the list"):
        await reference.add_vehicle_type(company.deps, CLI, "трал")
    assert "рейс" in [u.name for u in await reference_views.units(company.deps)]


def test_command_line_migrates_adds_and_lists_reference_data(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        assert main(["migrate"]) == 0
        assert "Added 105 default" in capsys.readouterr().out
        assert main(["reference", "add-project", "НСК-1", "Монтаж кранов"]) == 0
        assert main(["reference", "add-project", "НСК-1", "Снова"]) == 1
        assert "Error: The project code «НСК-1» is already taken." in capsys.readouterr().out
        assert main(["reference", "add-project", "Н-2", "Кран", "--region", "Нарния"]) == 1
        assert "no region «Нарния»" in capsys.readouterr().out
        assert main(["reference", "add-region", "Байконур"]) == 0
        assert main(["reference", "list", "projects"]) == 0
        listed = capsys.readouterr().out
        assert "projects (1):" in listed and "НСК-1 Монтаж кранов" in listed
        assert main(["reference", "list", "regions"]) == 0
        assert "regions (90):" in capsys.readouterr().out
    finally:
        get_settings.cache_clear()


async def test_demo_company_can_be_seeded_after_the_defaults(db_url: str) -> None:
    from cli.seeding import seed_demo
    from storage.db import create_engine, session_factory

    engine = create_engine(db_url)
    try:
        deps = Deps(uow=uow_factory(session_factory(engine)))
        await reference.ensure_defaults(deps)
        await seed_demo(db_url, requests=3, seed=7, progress=None)
        regions = [r.name for r in await reference_views.regions(deps)]
    finally:
        await engine.dispose()

    assert len(regions) == len(set(regions)) == 89
    assert regions.count("Красноярский край") == 1
