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
    from cli.reference import fill_defaults
    from storage.migrate import current_revision, upgrade_to_head

    url = get_settings().database_url
    await upgrade_to_head(url)
    print(f"Database is at revision {await current_revision(url)}.")
    added = await fill_defaults(get_settings())
    if added:
        print(f"Added {added} default units, vehicle types and regions.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tonnage", description="Tonnage: Telegram-first logistics and procurement ERP."
    )
    parser.add_argument(
        "--log-level",
        default=None,
        type=str.upper,
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="default INFO",
    )
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
    for name in ("run", "demo", "rules", "report", "sync", "sandbox", "reference"):
        try:
            module = __import__(f"cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as error:
            if error.name != f"cli.{name}":
                raise
            continue
        registrars.append(module.register)
    return registrars


def _explain(error: Exception) -> str | None:
    """A one-paragraph message for failures a person can fix, or None for the unexpected."""
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
    from pydantic import ValidationError
    from sqlalchemy.exc import ArgumentError, OperationalError

    if isinstance(error, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
        return f"Settings are not valid ({problems}). Fix the environment or .env."
    if isinstance(error, ArgumentError):
        return f"DATABASE_URL is not a database address ({error}). See .env.example."
    if isinstance(error, OperationalError):
        return f"Cannot open the database: {error.orig}. Check DATABASE_URL."
    if isinstance(error, TelegramUnauthorizedError):
        return "Telegram refused BOT_TOKEN (unauthorized). Check the token from @BotFather."
    if isinstance(error, TelegramNetworkError):
        return (
            f"Cannot reach the Bot API server ({error}). Check the network, or set "
            "TELEGRAM_API_BASE to a reachable Bot API server."
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _configure_logging(args.log_level or get_settings().log_level)
        if not getattr(args, "handler", None):
            parser.print_help()
            return 0
        handler: Handler = args.handler
        return asyncio.run(handler(args)) or 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        message = _explain(error)
        if message is None:
            raise
        print(f"tonnage: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
