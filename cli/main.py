"""``tonnage`` subcommands; each is registered by a small module under cli/."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot.settings import get_settings

logger = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], Coroutine[Any, Any, int | None]]


def _configure_logging(level: str) -> None:
    for noisy in ("alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


async def _migrate(args: argparse.Namespace) -> int:
    from storage.migrate import current_revision, upgrade_to_head

    url = get_settings().database_url
    await upgrade_to_head(url)
    print(f"Database is at revision {await current_revision(url)}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tonnage", description="Tonnage: Telegram-first logistics and procurement ERP."
    )
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING (default INFO)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    migrate = commands.add_parser(
        "migrate", help="bring the database schema to the latest version"
    )
    migrate.set_defaults(handler=_migrate)
    for register in _registrars():
        register(commands)
    return parser


def _registrars() -> list[Callable[[Any], None]]:
    from cli import seed

    registrars: list[Callable[[Any], None]] = [seed.register]
    for name in ("run", "demo", "rules", "report", "sync", "sandbox"):
        try:
            module = __import__(f"cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as error:
            if error.name != f"cli.{name}":
                raise
            continue
        registrars.append(module.register)
    return registrars


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.log_level or get_settings().log_level)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    handler: Handler = args.handler
    try:
        return asyncio.run(handler(args)) or 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
