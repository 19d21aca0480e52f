"""The real ``tonnage run`` process against the sandbox Bot API, played as people do.

A newcomer registers, the administrator grants access with the notification's buttons, the
newcomer files a transport request with a photo through the filing dialog; the database is
checked, and SIGTERM stops the process cleanly.
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from cli.demo import day as demo_day
from cli.demo.chat import ChatPlayer, Person
from flows.enums import Role, Status
from flows.services.context import Deps
from sandbox.botapi import BotApiSandbox
from storage import db
from storage.tables import Attachment, Outbox, Request, SentMessage, Unit
from tests.support.databases import ScratchDatabases
from tests.support.factories import Company, make_company

pytestmark = pytest.mark.e2e

NEWCOMER = Person(7_700_000_101, "Зайцева Ольга Николаевна", "новый сотрудник")
STARTUP = 90.0  # importing aiogram alone takes several seconds on a busy machine
STOP_BOUND = 25.0
POLL = 0.2
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def company(
    scratch_databases: ScratchDatabases, tmp_path: Path
) -> AsyncIterator[tuple[str, Company]]:
    url = await scratch_databases.with_schema("sqlite", tmp_path)
    engine = db.create_engine(url)
    company = await make_company(db.session_factory(engine))
    async with company.deps.uow() as uow:
        uow.session.add(Unit(name="шт"))
        await uow.commit()
    yield url, company
    await engine.dispose()


async def launch(
    sandbox: BotApiSandbox, url: str, admin_tg: int, workdir: Path
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": sandbox.token,
        "TELEGRAM_API_BASE": sandbox.base_url,
        "DATABASE_URL": url,
        "ADMIN_IDS": str(admin_tg),
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "INFO",
        # The working directory is a scratch one (no stray .env); the code comes from here.
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    env.pop("WEBHOOK_URL", None)
    with (workdir / "run.log").open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "cli.main",
            "run",
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )


async def wait_until_polling(sandbox: BotApiSandbox, process: asyncio.subprocess.Process) -> None:
    for _ in range(int(STARTUP / POLL)):
        if process.returncode is not None:
            raise AssertionError(f"tonnage run exited early with {process.returncode}")
        if await sandbox.client.calls("getUpdates"):
            return
        await asyncio.sleep(POLL)
    raise AssertionError("tonnage run did not start polling in time")


async def wait_for_exit(process: asyncio.subprocess.Process, within: float) -> int | None:
    try:
        return await asyncio.wait_for(process.wait(), within)
    except TimeoutError:
        return None


async def test_a_newcomer_gets_access_and_files_a_transport_request_with_a_photo(
    company: tuple[str, Company], tmp_path: Path
) -> None:
    url, co = company
    admin_user = co.users["admin"]
    admin = Person(admin_user.tg_id, admin_user.full_name, "администратор")
    transcript = io.StringIO()
    async with BotApiSandbox(host="127.0.0.1", port=0) as sandbox:
        play = ChatPlayer(sandbox.client, transcript, within=15.0)
        for person in (admin, NEWCOMER):
            await play.join(person)
        process = await launch(sandbox, url, admin.tg_id, tmp_path)
        try:
            await wait_until_polling(sandbox, process)
            # The process runs on the real clock, not the company's frozen one.
            places = await demo_day.places(Deps(uow=co.deps.uow))
            await demo_day.ask_for_access(play, NEWCOMER, "Инженер ПТО")
            await demo_day.grant_initiator(play, admin, NEWCOMER)
            await demo_day.file_transport(play, NEWCOMER, places)
            seen_by_admin = await sandbox.client.messages(admin.tg_id)
        except BaseException:
            process.kill()
            await process.wait()
            print(transcript.getvalue())
            print((tmp_path / "run.log").read_text(errors="replace")[-5000:])
            raise
        process.send_signal(signal.SIGTERM)
        code = await wait_for_exit(process, STOP_BOUND)
        if code is None:
            process.kill()
            await process.wait()
    log = (tmp_path / "run.log").read_text(errors="replace")

    assert code == 0, log[-3000:]
    assert "bot stopped" in log
    assert [m.buttons for m in seen_by_admin if m.from_bot] == [[]]

    async with co.deps.uow() as uow:
        user = await uow.people.by_tg(NEWCOMER.tg_id)
        assert user is not None and user.full_name == NEWCOMER.name
        assert await uow.people.roles(user.id) == {Role.initiator}
        [request] = (await uow.session.exec(select(Request))).all()
        attachments = (await uow.session.exec(select(Attachment))).all()
        retired = (await uow.session.exec(select(SentMessage))).all()
        outbox = (await uow.session.exec(select(Outbox))).all()
    assert (request.kind, request.status, request.initiator_id) == (
        "transport",
        Status.submitted,
        user.id,
    )
    assert [(a.request_id, a.kind) for a in attachments] == [(request.id, "photo")]
    assert any(m.purpose.startswith("access:") and not m.active for m in retired)
    assert {row.template for row in outbox} >= {"access_request", "access_granted"}
