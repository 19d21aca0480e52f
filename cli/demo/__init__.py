"""``tonnage demo``: Tonnage on one machine, without a Telegram token.

Starts the bundled Bot API sandbox, a fresh demo database under ``data/demo/`` (the demo
company's people and reference lists), and the real runtime of ``tonnage run`` pointed at
the sandbox; then plays a short day as several people, printing their chats as they see
them, and ends with a summary of the database. It stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from sqlmodel import select

logger = logging.getLogger(__name__)

DEADLINE = 50.0
NEWCOMER_ID = 7_770_100_001
POLL = 0.1
POSITION = "Инженер ПТО, участок Кемерово"
QUIET_LOGGERS = (
    "aiogram",
    "aiohttp",
    "bot",
    "cli",
    "dialogs",
    "flows",
    "httpx",
    "sandbox",
    "storage",
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo", help="play a short day in the bot against the bundled local Bot API server"
    )
    parser.add_argument("--data-dir", default="data/demo", help="where the demo database goes")
    parser.add_argument(
        "--step-timeout", type=float, default=10.0, help="seconds to wait for each bot answer"
    )
    parser.add_argument("--verbose", action="store_true", help="show the runtime's log lines")
    parser.set_defaults(handler=_demo)


async def _demo(args: argparse.Namespace) -> int:
    if not args.verbose:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.ERROR)
    # Imported before the clock starts: on a busy machine aiogram alone takes seconds.
    import bot.runner  # noqa: F401
    from cli.demo.chat import ScriptError

    try:
        await asyncio.wait_for(
            run_demo(Path(args.data_dir), sys.stdout, step_timeout=args.step_timeout), DEADLINE
        )
    except ScriptError as error:
        print(f"\nThe demo stopped: {error}", file=sys.stderr)
        return 1
    except TimeoutError:
        print(f"\nThe demo did not finish within {DEADLINE:.0f} s.", file=sys.stderr)
        return 1
    return 0


def fresh_database(data_dir: Path) -> str:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = (data_dir / "tonnage-demo.db").resolve()
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return f"sqlite+aiosqlite:///{path}"


async def run_demo(data_dir: Path, out: TextIO, *, step_timeout: float = 10.0) -> None:
    """Prepare the database, run the bot against the sandbox, play the day, summarise."""
    from bot.settings import get_settings
    from cli.seeding import seed_demo
    from sandbox.botapi import BotApiSandbox
    from storage.migrate import upgrade_to_head

    base = get_settings()
    url = fresh_database(data_dir)
    await upgrade_to_head(url)
    await seed_demo(url, requests=0, progress=None, company_tz=base.company_tz)
    out.write(f"Demo database: {url.split(':///')[-1]}\n")
    async with BotApiSandbox(host="127.0.0.1", port=0) as sandbox:
        out.write(f"Local Bot API server: {sandbox.base_url}\n")
        await _play(sandbox, url, base.admin_ids, base.company_tz, out, step_timeout)
    await summarise(url, base.company_tz, out)


async def _play(
    sandbox: Any, url: str, admin_ids: list[int], company_tz: str, out: TextIO, step: float
) -> None:
    from bot.runner import build_runtime, serve
    from bot.settings import Settings
    from cli.demo import day as demo_day
    from cli.demo.chat import ChatPlayer, Person

    newcomer = Person(NEWCOMER_ID, "Зайцева Ольга Николаевна", "новый сотрудник")

    admins = admin_ids or [await _seeded_admin(url, company_tz)]
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="development",
        database_url=url,
        bot_token=sandbox.token,
        telegram_api_base=sandbox.base_url,
        admin_ids=admins,
        company_tz=company_tz,
    )
    runtime = await build_runtime(settings)
    play = ChatPlayer(sandbox.client, out, within=step)
    people = await _people(runtime.deps)
    for person in [*people.values(), newcomer]:
        await play.join(person)
    serving = asyncio.create_task(serve(runtime))
    try:
        admin = people[admins[0]]
        at = await demo_day.places(runtime.deps)
        await demo_day.ask_for_access(play, newcomer, POSITION)
        await demo_day.grant_initiator(play, admin, newcomer)
        await demo_day.file_transport(play, newcomer, at)
        await demo_day.file_procurement(play, newcomer, at)
        await _wait_for_outbox(runtime.deps, step)
        for person in people.values():
            if person.tg_id != admin.tg_id:
                await play.show(person)
    finally:
        runtime.stop_requested.set()
        await asyncio.wait_for(serving, 30)


async def _seeded_admin(url: str, company_tz: str) -> int:
    from flows.enums import Role

    async with _reader(url, company_tz) as deps, deps.uow() as uow:
        admins = await uow.people.with_role(Role.admin)
    return admins[0].tg_id


async def _people(deps: Any) -> dict[int, Any]:
    from cli.demo.chat import Person
    from storage.tables import User

    async with deps.uow() as uow:
        users = (await uow.session.exec(select(User).order_by(User.id))).all()
    return {u.tg_id: Person(u.tg_id, u.full_name, u.position) for u in users}


async def _wait_for_outbox(deps: Any, within: float) -> None:
    """Let the dispatcher send what the last steps wrote (it runs in the same process)."""
    from flows.delivery_log import outbox_counts

    for _ in range(int(within / POLL)):
        if not (await outbox_counts(deps)).get("pending"):
            return
        await asyncio.sleep(POLL)


class _reader:
    """A short-lived engine for reading the demo database outside the runtime."""

    def __init__(self, url: str, company_tz: str) -> None:
        self.url, self.company_tz = url, company_tz

    async def __aenter__(self) -> Any:
        from flows.services.context import Deps
        from storage.db import create_engine, session_factory
        from storage.uow import uow_factory

        self.engine = create_engine(self.url)
        return Deps(uow=uow_factory(session_factory(self.engine)), company_tz=self.company_tz)

    async def __aexit__(self, *exc: object) -> None:
        await self.engine.dispose()


async def summarise(url: str, company_tz: str, out: TextIO) -> None:
    """What the day left in the database: people, requests, notifications."""
    from flows.delivery_log import outbox_counts
    from storage.tables import AccessRequest, Request, User, UserRole

    async with _reader(url, company_tz) as deps:
        async with deps.uow() as uow:
            users = (await uow.session.exec(select(User))).all()
            roles = Counter((await uow.session.exec(select(UserRole.role))).all())
            access = Counter((await uow.session.exec(select(AccessRequest.status))).all())
            requests = (await uow.session.exec(select(Request).order_by(Request.id))).all()
            names = {u.id: u.full_name for u in users}
        outbox = await outbox_counts(deps)
    out.write("\n══ In the database ══\n")
    out.write(f"Users: {len(users)} ({_counts(roles)})\n")
    out.write(f"Access requests: {_counts(access)}\n")
    out.write(f"Requests: {len(requests)}\n")
    for request in requests:
        emergency = ", emergency" if request.is_emergency else ""
        author = names.get(request.initiator_id, "?")
        out.write(f"  {request.number}  {request.kind}  {request.status}{emergency}  {author}\n")
    out.write(f"Outbox: {_counts(Counter(outbox))}\n")
    out.write("\nWith a bot token from @BotFather: BOT_TOKEN=... ADMIN_IDS=<your id> make run\n")


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counter.items())) or "none"
