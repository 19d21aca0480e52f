"""``tonnage seed-demo``: fill an empty database with a realistic demo company."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "seed-demo", help="fill the database with a demo company and ~300 requests"
    )
    parser.add_argument("--requests", type=int, default=300, help="how many requests")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    parser.set_defaults(handler=_seed)


async def _seed(args: argparse.Namespace) -> int:
    from bot.settings import get_settings
    from cli.seeding import seed_demo
    from storage.migrate import upgrade_to_head

    url = get_settings().database_url
    await upgrade_to_head(url)
    summary = await seed_demo(url, requests=args.requests, seed=args.seed)
    print(summary)
    return 0
