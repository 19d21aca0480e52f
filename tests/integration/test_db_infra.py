"""The database fixtures give working, isolated databases on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import create_engine
from tests.support.databases import DbKind, ScratchDatabases

probe_metadata = MetaData()
probe = Table(
    "probe",
    probe_metadata,
    Column("id", Integer, primary_key=True),
    Column("note", String(50), nullable=False),
)


async def _create_probe(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(probe_metadata.create_all)


async def _table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names)


async def test_fresh_database_has_every_table_and_no_rows(engine: AsyncEngine) -> None:
    expected = set(SQLModel.metadata.tables)
    assert expected, "no tables registered on SQLModel.metadata"
    assert expected <= await _table_names(engine)

    async with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = await conn.scalar(select(func.count()).select_from(table))
            assert rows == 0, table.name


async def test_row_written_in_one_session_is_read_through_another(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await _create_probe(engine)

    async with session_factory() as writer:
        await writer.exec(probe.insert().values(id=1, note="written"))
        await writer.commit()

    async with session_factory() as reader:
        note = (await reader.exec(select(probe.c.note).where(probe.c.id == 1))).one()
    assert note == "written"


async def test_uncommitted_write_is_invisible_to_another_session(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await _create_probe(engine)

    async with session_factory() as writer:
        await writer.exec(probe.insert().values(id=1, note="rolled back"))
        await writer.rollback()

    async with session_factory() as reader:
        rows = (await reader.exec(select(func.count()).select_from(probe))).one()
    assert rows == 0


async def test_test_server_runs_postgresql_15(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        async with engine.connect() as conn:
            version = await conn.scalar(text("SHOW server_version_num"))
    finally:
        await engine.dispose()
    assert str(version).startswith("15")


async def test_fresh_empty_database_has_no_tables(empty_db_url: str) -> None:
    engine = create_engine(empty_db_url)
    try:
        assert await _table_names(engine) == set()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
async def test_databases_from_one_template_do_not_share_rows(
    kind: DbKind, scratch_databases: ScratchDatabases, tmp_path: Path
) -> None:
    first_url = await scratch_databases.with_schema(kind, tmp_path)
    second_url = await scratch_databases.with_schema(kind, tmp_path)
    first, second = create_engine(first_url), create_engine(second_url)
    try:
        await _create_probe(first)
        async with first.begin() as conn:
            await conn.execute(probe.insert().values(id=1, note="only here"))

        assert "probe" not in await _table_names(second)
    finally:
        await first.dispose()
        await second.dispose()
        await scratch_databases.discard(first_url)
        await scratch_databases.discard(second_url)


@pytest.mark.pg
async def test_discarded_postgresql_database_is_dropped(
    scratch_databases: ScratchDatabases, pg_url: str, tmp_path: Path
) -> None:
    url = await scratch_databases.with_schema("postgresql", tmp_path)
    name = url.rsplit("/", 1)[-1]

    await scratch_databases.discard(url)

    engine = create_engine(pg_url)
    try:
        async with engine.connect() as conn:
            found = await conn.scalar(
                text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": name}
            )
    finally:
        await engine.dispose()
    assert found == 0


async def test_concurrent_sqlite_writers_queue_instead_of_failing(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    await _create_probe(engine)
    async with engine.begin() as conn:
        await conn.execute(probe.insert().values(id=1, note="0"))
    first_has_read = asyncio.Event()

    async def increment(*, wait_for: asyncio.Event | None) -> int:
        # Read, pause, write: two deferred transactions doing this would deadlock and
        # one would fail with "database is locked"; BEGIN IMMEDIATE queues the second.
        if wait_for is not None:
            await wait_for.wait()
        async with engine.begin() as conn:
            seen = int(await conn.scalar(select(probe.c.note).where(probe.c.id == 1)) or 0)
            first_has_read.set()
            await asyncio.sleep(0.2)
            await conn.execute(probe.update().where(probe.c.id == 1).values(note=str(seen + 1)))
        return seen

    try:
        seen = await asyncio.gather(increment(wait_for=None), increment(wait_for=first_has_read))
        async with engine.connect() as conn:
            final = await conn.scalar(select(probe.c.note).where(probe.c.id == 1))
    finally:
        await engine.dispose()
    assert seen == [0, 1]
    assert final == "2"
