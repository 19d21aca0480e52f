"""Real ``tonnage run`` processes on one database against the sandbox Bot API.

A process that dies between marking a row ``sending`` and calling Telegram leaves the row
visibly ``sending``; the next start logs it as possibly sent and sends it exactly once. Two
processes (one receiving updates, one a ``--no-polling`` worker) run one scheduler and one
dispatcher between them; when the leader is killed, the survivor takes over both leases.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlmodel import select

from flows.enums import Level
from flows.lease import lease_holder
from flows.outbox import enqueue
from flows.services.context import Deps
from sandbox.botapi import BotApiSandbox
from storage import db
from storage.tables import Outbox
from tests.support.databases import DbKind, ScratchDatabases
from tests.support.factories import Company, make_company

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
STARTUP = 90.0
LEASE_SECONDS = 6
RECIPIENTS = ("executor", "executor2", "head", "buyer")
TEMPLATE = "request_paid"
NUMBER = re.compile(r"\b([ABC]-\d\d)\b")
Process = asyncio.subprocess.Process


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"), pytest.param("postgresql", id="pg")])
async def company(
    request: pytest.FixtureRequest, scratch_databases: ScratchDatabases, tmp_path: Path
) -> AsyncIterator[tuple[str, Company]]:
    kind: DbKind = request.param
    url = await scratch_databases.with_schema(kind, tmp_path)
    engine = db.create_engine(url)
    yield url, await make_company(db.session_factory(engine))
    await engine.dispose()
    await scratch_databases.discard(url)


@pytest.fixture
async def sandbox(company: tuple[str, Company]) -> AsyncIterator[BotApiSandbox]:
    async with BotApiSandbox(host="127.0.0.1", port=0) as running:
        for user in company[1].users.values():
            await running.client.register_user(user.tg_id, user.full_name)
        yield running


async def launch(sandbox: BotApiSandbox, url: str, log: Path, *args: str, **env: str) -> Process:
    environment = {
        **os.environ,
        "BOT_TOKEN": sandbox.token,
        "TELEGRAM_API_BASE": sandbox.base_url,
        "DATABASE_URL": url,
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "INFO",
        "LEASE_SECONDS": str(LEASE_SECONDS),
        "OUTBOX_STALE_SECONDS": "2",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    for name in ("REDIS_URL", "WEBHOOK_URL", "TONNAGE_TEST_CRASH", "POLLING"):
        if name not in env:
            environment.pop(name, None)
    with log.open("ab") as out:
        command = (sys.executable, "-m", "cli.main", "run", *args)
        return await asyncio.create_subprocess_exec(
            *command, cwd=log.parent, env=environment, stdout=out, stderr=asyncio.subprocess.STDOUT
        )


async def eventually(check: Callable[[], Awaitable[bool]], within: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {within} s")


async def write(co: Company, prefix: str, count: int) -> None:
    """``count`` info rows, due now on the real clock, spread over four people."""
    async with co.deps.uow() as uow:
        for n in range(count):
            await enqueue(
                uow,
                now=Deps(uow=co.deps.uow).now(),
                recipients=[co.id(RECIPIENTS[n % len(RECIPIENTS)])],
                template=TEMPLATE,
                params={"number": f"{prefix}-{n:02d}"},
                level=Level.info,
            )
        await uow.commit()


async def rows(co: Company) -> list[Outbox]:
    """The rows this test wrote (the rules' scan may write its own, e.g. a monthly summary)."""
    async with co.deps.uow() as uow:
        found = (await uow.session.exec(select(Outbox).where(Outbox.template == TEMPLATE))).all()
    return list(found)


async def delivered(sandbox: BotApiSandbox, co: Company) -> Counter[str]:
    """How often each message number arrived, over the recipients' chats."""
    seen: Counter[str] = Counter()
    for who in RECIPIENTS:
        for message in await sandbox.client.messages(co.users[who].tg_id):
            found = NUMBER.search(message.text) if message.from_bot else None
            if found:
                seen[found.group(1)] += 1
    return seen


async def stop(process: Process, within: float = 25.0) -> int | None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(process.wait(), within)
    except TimeoutError:
        process.kill()
        await process.wait()
        return None


def log_of(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


async def test_a_crash_between_claim_and_send_is_sent_exactly_once_after_a_restart(
    company: tuple[str, Company], sandbox: BotApiSandbox, tmp_path: Path
) -> None:
    url, co = company
    await write(co, "C", 1)
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"

    crashing = await launch(sandbox, url, first_log, TONNAGE_TEST_CRASH="after-claim")
    code = await asyncio.wait_for(crashing.wait(), STARTUP)
    [left] = await rows(co)
    assert code == 1, log_of(first_log)[-3000:]
    assert left.status == "sending" and left.sending_at is not None
    assert await delivered(sandbox, co) == Counter()

    restarted = await launch(sandbox, url, second_log)
    try:
        await eventually(
            lambda: _all_sent(co), STARTUP, "sending the row left by the crashed process"
        )
        await asyncio.sleep(2.0)  # time enough for a duplicate to show, were there one
    finally:
        code = await stop(restarted)
    log = log_of(second_log)
    assert code == 0, log[-3000:]
    assert await delivered(sandbox, co) == Counter({"C-00": 1})
    [sent] = await rows(co)
    assert sent.status == "sent" and sent.resent_at is not None
    assert "possibly sent" in log


async def _all_sent(co: Company) -> bool:
    found = await rows(co)
    return bool(found) and all(r.status == "sent" for r in found)


def _pid_of(holder: tuple[str, object] | None) -> int | None:
    return int(holder[0].split(":")[1]) if holder else None


async def test_two_processes_run_one_scheduler_and_one_dispatcher_and_the_survivor_takes_over(
    company: tuple[str, Company], sandbox: BotApiSandbox, tmp_path: Path
) -> None:
    url, co = company
    deps = Deps(uow=co.deps.uow)
    front_log, worker_log = tmp_path / "front.log", tmp_path / "worker.log"
    front = await launch(sandbox, url, front_log)
    worker: Process | None = None
    try:
        await eventually(
            lambda: _holds(deps, "dispatcher", front.pid), STARTUP, "the front taking the leases"
        )
        worker = await launch(sandbox, url, worker_log, "--no-polling")
        await eventually(
            lambda: _logged(worker_log, "worker started"), STARTUP, "the worker starting"
        )
        await write(co, "A", 12)
        await eventually(lambda: _all_sent(co), 30, "the first messages going out")
        await asyncio.sleep(1.0)
        assert _pid_of(await lease_holder(deps, "dispatcher")) == front.pid
        assert _pid_of(await lease_holder(deps, "scheduler")) == front.pid

        front.kill()  # no clean shutdown: its leases must run out
        await front.wait()
        await write(co, "B", 12)
        await eventually(lambda: _all_sent(co), 30, "the worker taking over")
        await asyncio.sleep(1.0)
        assert _pid_of(await lease_holder(deps, "dispatcher")) == worker.pid
        await eventually(
            lambda: _holds(deps, "scheduler", worker.pid), 15, "the scheduler moving over"
        )
    finally:
        for process in (front, worker):
            if process is not None:
                await stop(process)
    seen = await delivered(sandbox, co)
    assert len(seen) == 24 and set(seen.values()) == {1}
    assert "long polling" not in log_of(worker_log)
    assert log_of(worker_log).count("lease dispatcher taken") == 1
    assert log_of(front_log).count("lease dispatcher taken") == 1
    assert not [c for c in await sandbox.client.calls("getUpdates") if c.status == 409]


async def _holds(deps: Deps, lease: str, pid: int) -> bool:
    return _pid_of(await lease_holder(deps, lease)) == pid


async def _logged(path: Path, text: str) -> bool:
    return text in log_of(path)
