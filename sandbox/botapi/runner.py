"""Run the sandbox Bot API server inside the current event loop.

async with BotApiSandbox(host="127.0.0.1", port=0) as sandbox:
    bot = Bot(sandbox.token, session=AiohttpSession(api=sandbox.api_server))
    await sandbox.client.register_user(1001, "Анна")
"""

from __future__ import annotations

import logging
from types import TracebackType

from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from sandbox.botapi.client import SandboxClient
from sandbox.botapi.server import create_app
from sandbox.botapi.state import DEFAULT_TOKEN, SandboxState

logger = logging.getLogger(__name__)


class BotApiSandbox:
    """An in-process sandbox server plus a control client bound to its default bot."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str | None = "tonnage_sandbox_bot",
        bot_first_name: str = "Tonnage Sandbox",
        strict_html: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.token = token
        self.state = SandboxState(
            default_token=token,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            strict_html=strict_html,
        )
        self._runner: web.AppRunner | None = None
        self._client: SandboxClient | None = None

    @property
    def base_url(self) -> str:
        """Root URL; aiogram takes it through `TelegramAPIServer.from_base`."""
        return f"http://{self.host}:{self.port}"

    @property
    def client(self) -> SandboxClient:
        if self._client is None:
            raise RuntimeError("the sandbox is not started")
        return self._client

    @property
    def api_server(self) -> TelegramAPIServer:
        """aiogram's `TelegramAPIServer` pointing at this sandbox."""
        return TelegramAPIServer.from_base(self.base_url)

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one and updates `port`)."""
        # Cancelling abandoned long polls at once frees getUpdates for the next poller.
        runner = web.AppRunner(create_app(self.state), handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        if self.port == 0:
            self.port = int(runner.addresses[0][1])
        self._client = SandboxClient(self.base_url, token=self.token)
        logger.info("sandbox Bot API listening on %s", self.base_url)

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiSandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
