"""Shared fixtures: fresh databases on SQLite and PostgreSQL, engines and sessions.

``db_url`` runs a test once per engine ("sqlite" and "pg" ids); deselect the PostgreSQL
half with ``-m "not pg"``. The PostgreSQL server starts only when a test needs it, or is
taken from ``TONNAGE_TEST_PG_URL``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import db
from tests.support.databases import DbKind, ScratchDatabases

EmptyDatabaseFactory = Callable[[DbKind], Awaitable[str]]

_ENGINE_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="pg", marks=pytest.mark.pg),
]


@pytest.fixture(scope="session")
async def scratch_databases(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[ScratchDatabases]:
    databases = ScratchDatabases(tmp_path_factory.mktemp("databases"))
    yield databases
    await databases.close()


@pytest.fixture(scope="session")
def pg_url(scratch_databases: ScratchDatabases) -> str:
    """URL of the test server's maintenance database; create databases, don't fill it."""
    return scratch_databases.pg_server().url


@pytest.fixture
async def sqlite_url(scratch_databases: ScratchDatabases, tmp_path: Path) -> str:
    """URL of a new, empty SQLite file (no tables)."""
    return await scratch_databases.empty("sqlite", tmp_path)


@pytest.fixture
async def fresh_empty_database(
    scratch_databases: ScratchDatabases, tmp_path: Path
) -> AsyncIterator[EmptyDatabaseFactory]:
    """``await fresh_empty_database(kind)`` gives the URL of a new database with no tables."""
    issued: list[str] = []

    async def make(kind: DbKind) -> str:
        url = await scratch_databases.empty(kind, tmp_path)
        issued.append(url)
        return url

    yield make
    for url in issued:
        await scratch_databases.discard(url)


@pytest.fixture(params=_ENGINE_PARAMS)
async def empty_db_url(
    request: pytest.FixtureRequest, fresh_empty_database: EmptyDatabaseFactory
) -> str:
    """A new database with no tables, once per engine (for migration tests)."""
    kind: DbKind = request.param
    return await fresh_empty_database(kind)


@pytest.fixture(params=_ENGINE_PARAMS)
async def db_url(
    request: pytest.FixtureRequest, scratch_databases: ScratchDatabases, tmp_path: Path
) -> AsyncIterator[str]:
    """A new database with the full schema and no rows, once per engine."""
    kind: DbKind = request.param
    url = await scratch_databases.with_schema(kind, tmp_path)
    yield url
    await scratch_databases.discard(url)


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    created = db.create_engine(db_url)
    yield created
    await created.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return db.session_factory(engine)
