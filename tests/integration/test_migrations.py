"""Migrations build, on an empty database, exactly the schema the tables describe."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlmodel import SQLModel

import storage.tables
from storage.db import create_engine
from storage.migrate import current_revision, head_revision, upgrade_to_head

ROOT = Path(__file__).resolve().parents[2]
# Every table module, whether or not something imported it yet in this process.
for _module in pkgutil.iter_modules(storage.tables.__path__):
    importlib.import_module(f"storage.tables.{_module.name}")


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def _inspect(url: str, probe: Any) -> Any:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(probe)
    finally:
        await engine.dispose()


async def test_an_empty_database_is_upgraded_to_the_head_revision(empty_db_url):
    assert await current_revision(empty_db_url) is None

    await upgrade_to_head(empty_db_url)

    assert await current_revision(empty_db_url) == head_revision() is not None


async def test_upgrading_twice_changes_nothing(empty_db_url):
    await upgrade_to_head(empty_db_url)
    tables = await _inspect(empty_db_url, lambda c: sorted(inspect(c).get_table_names()))

    await upgrade_to_head(empty_db_url)

    assert await current_revision(empty_db_url) == head_revision()
    assert await _inspect(empty_db_url, lambda c: sorted(inspect(c).get_table_names())) == tables


async def test_the_migrated_schema_matches_the_table_definitions(empty_db_url):
    await upgrade_to_head(empty_db_url)

    differences = await _inspect(empty_db_url, _differences)

    assert differences == []


async def test_every_table_defined_in_code_is_created(empty_db_url):
    await upgrade_to_head(empty_db_url)

    tables = set(await _inspect(empty_db_url, lambda c: inspect(c).get_table_names()))

    assert set(SQLModel.metadata.tables) <= tables


def test_importing_the_tables_package_registers_every_table_module():
    # The migration environment and autogenerate see only what ``import storage.tables``
    # registers; a table missing there would be dropped by the next generated revision.
    probe = "import storage.tables, sqlmodel; print(*sorted(sqlmodel.SQLModel.metadata.tables))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )

    assert done.stdout.split() == sorted(SQLModel.metadata.tables)
