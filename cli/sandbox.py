"""``tonnage sandbox``: the bundled Telegram Bot API compatible server, on its own.

Run the bot against it in another terminal (the address and token are printed), and talk
to the bot through the control API (``sandbox.botapi.SandboxClient``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sandbox", help="run the local Bot API server to try the bot without Telegram"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.set_defaults(handler=_serve)


async def _serve(args: argparse.Namespace) -> int:
    from sandbox.botapi import BotApiSandbox

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with BotApiSandbox(host=args.host, port=args.port) as sandbox:
        print(
            f"Local Bot API server on {sandbox.base_url} (Ctrl+C stops it).\n"
            "Run the bot against it:\n"
            f"  TELEGRAM_API_BASE={sandbox.base_url} BOT_TOKEN='{sandbox.token}' tonnage run",
            flush=True,
        )
        await stop.wait()
    return 0
