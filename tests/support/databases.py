"""Fresh databases for tests on SQLite and PostgreSQL.

Building the schema is the slow part, so it happens once per engine per run: PostgreSQL
gets a template database copied with ``CREATE DATABASE ... TEMPLATE``, SQLite a template
file copied per test. The PostgreSQL server starts on first use only.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import make_url

from storage.db import is_sqlite
from storage.migrate import upgrade_to_head
from tests.support import pg

logger = logging.getLogger(__name__)

DbKind = Literal["sqlite", "postgresql"]
DB_KINDS: tuple[DbKind, ...] = ("sqlite", "postgresql")


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


class ScratchDatabases:
    """Hands out throwaway databases, with or without the schema."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._server: pg.PgServer | None = None
        self._server_error: pg.PostgresStartError | None = None
        self._pg_template: str | None = None
        self._sqlite_template: Path | None = None
        self._numbers = itertools.count(1)
        # The pid keeps names apart when several runs share one external server.
        self._prefix = f"tonnage_{os.getpid()}"

    def pg_server(self) -> pg.PgServer:
        """The PostgreSQL server, started on the first call.

        Raises PostgresStartError, with the server log, when it cannot start; later calls
        raise the same error at once instead of trying again for every test.
        """
        if self._server_error is not None:
            raise self._server_error
        if self._server is None:
            try:
                self._server = pg.start_server()
            except pg.PostgresStartError as error:
                self._server_error = error
                raise
        return self._server

    async def empty(self, kind: DbKind, directory: Path) -> str:
        """URL of a new database without any tables."""
        number = next(self._numbers)
        if kind == "sqlite":
            return sqlite_url(directory / f"empty_{number}.db")
        server = self.pg_server()
        return await pg.create_database(server.url, f"{self._prefix}_empty_{number}")

    async def with_schema(self, kind: DbKind, directory: Path) -> str:
        """URL of a new database holding the full schema and no rows."""
        number = next(self._numbers)
        if kind == "sqlite":
            target = directory / f"tonnage_{number}.db"
            shutil.copyfile(await self._sqlite_schema(), target)
            return sqlite_url(target)
        template = await self._pg_schema()
        server = self.pg_server()
        return await pg.create_database(
            server.url, f"{self._prefix}_test_{number}", template=template
        )

    async def discard(self, url: str) -> None:
        """Drop a PostgreSQL database handed out earlier; SQLite files go with tmp_path."""
        if is_sqlite(url) or self._server is None:
            return
        name = make_url(url).database
        if name:
            await pg.drop_database(self._server.url, name)

    async def close(self) -> None:
        if self._server is None:
            return
        try:
            if self._pg_template is not None:
                await pg.drop_database(self._server.url, self._pg_template)
        finally:
            self._server.stop()

    async def _sqlite_schema(self) -> Path:
        if self._sqlite_template is None:
            path = self._workdir / "template.db"
            await upgrade_to_head(sqlite_url(path))
            # A rollback-journal file is complete on its own, so a plain copy is consistent.
            with sqlite3.connect(path) as connection:
                connection.execute("PRAGMA journal_mode=DELETE")
            connection.close()
            self._sqlite_template = path
        return self._sqlite_template

    async def _pg_schema(self) -> str:
        if self._pg_template is None:
            server = self.pg_server()
            name = f"{self._prefix}_template"
            await pg.drop_database(server.url, name)
            url = await pg.create_database(server.url, name)
            try:
                await upgrade_to_head(url)
            except BaseException:
                await pg.drop_database(server.url, name)
                raise
            self._pg_template = name
        return self._pg_template
