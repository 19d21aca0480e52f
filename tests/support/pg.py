"""A throwaway PostgreSQL server for the test suite.

The suite starts its own cluster in a temporary directory, listening on 127.0.0.1 with
trust authentication and durability switched off, and deletes it at the end. PostgreSQL
refuses to run as root, so under root every server command runs as an unprivileged system
user. Setting ``TONNAGE_TEST_PG_URL`` points the suite at an existing server instead.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import asyncpg
from sqlalchemy.engine import make_url

from storage.db import normalize_url

logger = logging.getLogger(__name__)

PG_URL_ENV = "TONNAGE_TEST_PG_URL"
SUPERUSER = "postgres"
SERVICE_USERS = ("postgres", "tonnage-pg")
START_ATTEMPTS = 3
START_TIMEOUT_S = 60

# Durability buys nothing for a database that is thrown away after the run.
TEST_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


class PostgresStartError(RuntimeError):
    """The test PostgreSQL server could not be set up; the message carries its log."""


@dataclass
class PgServer:
    """A PostgreSQL server the suite can create databases on.

    ``url`` names the maintenance database ``postgres``; tests create their own databases
    rather than writing there.
    """

    url: str
    cluster: LocalCluster | None = None

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


@dataclass
class LocalCluster:
    """A private cluster in a temporary directory, owned by ``user`` when set."""

    root: Path
    user: pwd.struct_passwd | None
    port: int = 0
    stopped: bool = field(default=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        return subprocess.run(command, cwd=self.root, capture_output=True, text=True, check=False)

    def init(self) -> None:
        done = self.run(
            pg_binary("initdb"),
            f"--pgdata={self.data_dir}",
            f"--username={SUPERUSER}",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        if done.returncode != 0:
            raise PostgresStartError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        self.socket_dir.mkdir()
        if self.user is not None:
            os.chown(self.socket_dir, self.user.pw_uid, self.user.pw_gid)

    def start(self) -> None:
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = free_port()
            self._write_settings()
            done = self.run(
                pg_binary("pg_ctl"),
                f"--pgdata={self.data_dir}",
                f"--log={self.log_file}",
                f"--timeout={START_TIMEOUT_S}",
                "--wait",
                "start",
            )
            if done.returncode == 0:
                return
            log = self.read_log()
            # Another process may take the free port between probing and binding.
            if "could not bind" in log and attempt < START_ATTEMPTS:
                logger.warning("Test PostgreSQL lost port %s, retrying", self.port)
                continue
            raise PostgresStartError(
                f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n--- server log ---\n{log}"
            )

    def _write_settings(self) -> None:
        settings = {
            **TEST_SETTINGS,
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
        }
        lines = [f"{name} = {value}" for name, value in settings.items()]
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# test suite\n" + "\n".join(lines) + "\n")

    def read_log(self) -> str:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        """Stop the server and delete its files; safe to call more than once."""
        if self.stopped:
            return
        self.stopped = True
        if (self.data_dir / "postmaster.pid").exists():
            self.run(pg_binary("pg_ctl"), f"--pgdata={self.data_dir}", "--mode=immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    """Attach to ``TONNAGE_TEST_PG_URL`` or start a private cluster.

    Raises PostgresStartError, with the server log, when the cluster cannot start.
    """
    external = os.environ.get(PG_URL_ENV)
    if external:
        logger.info("Using PostgreSQL from %s", PG_URL_ENV)
        return PgServer(url=normalize_url(external))

    user = service_user() if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="tonnage-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    cluster = LocalCluster(root=root, user=user)
    atexit.register(cluster.stop)
    _stop_on_sigterm()
    try:
        cluster.init()
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    logger.info("Test PostgreSQL listening on 127.0.0.1:%s", cluster.port)
    return PgServer(
        url=f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{cluster.port}/postgres",
        cluster=cluster,
    )


def pg_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]),
    )
    if not candidates:
        raise PostgresStartError(
            f"{name} not found on PATH or in /usr/lib/postgresql/*/bin; "
            "run scripts/ensure-system-deps.sh"
        )
    return candidates[-1]


def service_user() -> pwd.struct_passwd:
    """An unprivileged system user to run the server as, created when none exists."""
    for name in SERVICE_USERS:
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    name = SERVICE_USERS[-1]
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(name)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt so teardown and atexit still remove the cluster."""
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return

    def _interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        signal.signal(signal.SIGTERM, _interrupt)


def database_url(server_url: str, name: str) -> str:
    url = make_url(normalize_url(server_url)).set(database=name)
    return url.render_as_string(hide_password=False)


def _asyncpg_dsn(server_url: str) -> str:
    url = make_url(normalize_url(server_url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


async def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """Create database ``name`` (a copy of ``template`` when given) and return its URL."""
    statement = f'CREATE DATABASE "{name}"'
    if template is not None:
        # With fsync off, copying the files is several times faster than the WAL_LOG
        # default of PostgreSQL 15, which writes every page of a small template to WAL.
        statement += f' TEMPLATE "{template}" STRATEGY FILE_COPY'
    connection = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
    return database_url(server_url, name)


async def drop_database(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()
