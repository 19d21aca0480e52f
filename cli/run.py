"""``tonnage run``: the bot, the outbox dispatcher and the background loops in one process."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "run", help="run the Telegram bot (long polling, or a webhook when configured)"
    )
    parser.add_argument(
        "--no-polling",
        action="store_true",
        help="receive no updates; run only the jobs and the outbox (a second worker)",
    )
    parser.set_defaults(handler=_run)


async def _run(args: argparse.Namespace) -> int:
    from bot.runner import run
    from bot.settings import get_settings

    settings = get_settings()
    if args.no_polling:
        settings = settings.model_copy(update={"polling": False})
    return await run(settings)
