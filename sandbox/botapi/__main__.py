"""`python -m sandbox.botapi --port 8081`: run the sandbox Bot API server standalone."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from sandbox.botapi.server import create_app
from sandbox.botapi.state import DEFAULT_TOKEN, SandboxState


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.botapi",
        description="Local Telegram Bot API compatible server with a control API.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="default bot token")
    parser.add_argument("--bot-username", default="tonnage_sandbox_bot")
    parser.add_argument("--bot-name", default="Tonnage Sandbox")
    parser.add_argument(
        "--lenient-html",
        action="store_true",
        help="keep a bare '&' as text, as Telegram does, instead of refusing it",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    state = SandboxState(
        default_token=args.token,
        bot_username=args.bot_username,
        bot_first_name=args.bot_name,
        strict_html=not args.lenient_html,
    )
    web.run_app(
        create_app(state),
        host=args.host,
        port=args.port,
        handler_cancellation=True,
        print=lambda text: logging.getLogger(__name__).info("%s", text),
    )


if __name__ == "__main__":
    main()
