"""The ``tonnage run`` process: migrate, start every loop, receive updates, stop cleanly.

One asyncio process holds the bot (long polling, or a webhook when WEBHOOK_URL and
WEBHOOK_SECRET are set), the outbox dispatcher, the job scheduler and the slot where the
Mini App server starts. With POLLING=false (``tonnage run --no-polling``) and no webhook the
process receives no updates and only runs the jobs and the dispatcher: a second worker on
the same database, since Telegram answers a second poller with 409. The scheduler and the
dispatcher each run in one process at a time (a lease; LEASE_SECONDS is its term).
SIGINT/SIGTERM stop receiving, wait (bounded) for the updates being handled, let the outbox
finish its current send, then close the bot session and the database engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher, Router
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_bot, build_dispatcher, build_storage, set_commands
from bot.dialog_ids import widen_dialog_ids
from bot.middlewares import UpdateTracker
from bot.outbox import DISPATCHER_LEASE, OutboxDispatcher
from bot.pacer import Pacer
from bot.sender import BotSender
from bot.settings import Settings
from flows.pacing import TELEGRAM_LIMITS
from flows.services.access import ensure_admins
from flows.services.context import Deps
from flows.services.reference import ensure_defaults
from jobs.leader import Leader
from jobs.scheduler import start_jobs
from storage.db import create_engine, session_factory
from storage.migrate import upgrade_to_head
from storage.uow import uow_factory

logger = logging.getLogger(__name__)

DRAIN_TIMEOUT = 20.0
Stopper = Callable[[], Awaitable[None]]


@dataclass
class Runtime:
    """Everything the running process holds, in the order it is closed."""

    settings: Settings
    engine: AsyncEngine
    deps: Deps
    bot: Bot
    dp: Dispatcher
    outbox: OutboxDispatcher
    tracker: UpdateTracker
    stop_requested: asyncio.Event = field(default_factory=asyncio.Event)
    stoppers: list[Stopper] = field(default_factory=list)
    drain_timeout: float = DRAIN_TIMEOUT


async def start_scheduler(runtime: Runtime) -> Stopper | None:
    """The rules scan and its leader lease (jobs/); returns their stop function."""
    handle = start_jobs(runtime.deps, runtime.settings)
    return handle.stop


async def start_miniapp(runtime: Runtime) -> Stopper | None:
    """Slot for the Mini App web server: start it here and return its stop function."""
    return None


async def build_runtime(settings: Settings, *, routers: Iterable[Router] = ()) -> Runtime:
    """Migrate the database, make the configured admins admins, build bot and dispatcher."""
    await upgrade_to_head(settings.database_url)
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    deps = Deps(uow=uow_factory(sessions), company_tz=settings.company_tz)
    await ensure_defaults(deps)
    added = await ensure_admins(deps, settings.admin_ids)
    if added:
        logger.warning("%s configured admins given the admin role", added)
    bot = build_bot(settings)
    outbox = build_outbox(settings, deps, bot)
    tracker = UpdateTracker(on_done=outbox.wake)
    storage = build_storage(settings, sessions)
    dp = build_dispatcher(deps, storage=storage, outbox=outbox, tracker=tracker, routers=routers)
    return Runtime(settings, engine, deps, bot, dp, outbox, tracker)


def build_outbox(settings: Settings, deps: Deps, bot: Bot) -> OutboxDispatcher:
    """The dispatcher on Telegram's pace, leading through the ``dispatcher`` lease."""
    sender = BotSender(bot)
    leader = Leader(deps, DISPATCHER_LEASE, ttl=timedelta(seconds=settings.lease_seconds))
    outbox = OutboxDispatcher(
        deps,
        sender,
        batch_size=30,
        leader=leader,
        pacer=Pacer(TELEGRAM_LIMITS),
        max_in_flight=8,
        stale_after=timedelta(seconds=settings.outbox_stale_seconds),
    )
    sender.before_part = outbox.pacer.acquire
    return outbox


async def run(settings: Settings) -> int:
    """Run until SIGINT or SIGTERM; returns the exit code.

    Raises SystemExit, before touching the database, when BOT_TOKEN is missing.
    """
    settings.require_token()
    _webhook_mode(settings)
    widen_dialog_ids()
    runtime = await build_runtime(settings)
    _install_signal_handlers(runtime.stop_requested)
    await serve(runtime)
    return 0


async def serve(runtime: Runtime) -> None:
    """Receive updates until ``runtime.stop_requested`` is set, then shut down."""
    try:
        webhook = _webhook_mode(runtime.settings)
        if webhook or runtime.settings.polling:
            await set_commands(runtime.bot)
        runtime.outbox.start()
        for slot in (start_scheduler, start_miniapp):
            stopper = await slot(runtime)
            if stopper is not None:
                runtime.stoppers.append(stopper)
        if webhook:
            await _serve_webhook(runtime)
        elif runtime.settings.polling:
            await _poll(runtime)
        else:
            logger.info("worker started: jobs and outbox only, no updates received")
            await runtime.stop_requested.wait()
    finally:
        await shutdown(runtime)


def _install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, _on_signal, sig, stop)


def _on_signal(sig: signal.Signals, stop: asyncio.Event) -> None:
    logger.info("%s received; stopping", sig.name)
    stop.set()


def _webhook_mode(settings: Settings) -> bool:
    """Webhook when WEBHOOK_URL is set; raises SystemExit if its secret is missing."""
    if not settings.webhook_url:
        return False
    if not (settings.webhook_secret and settings.webhook_secret.get_secret_value()):
        raise SystemExit("WEBHOOK_URL is set without WEBHOOK_SECRET; set both, or neither.")
    return True


async def _poll(runtime: Runtime) -> None:
    bot, dp = runtime.bot, runtime.dp
    await bot.delete_webhook(drop_pending_updates=False)
    me = await bot.me()
    logger.info("bot @%s started (long polling)", me.username)
    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    stop = asyncio.create_task(runtime.stop_requested.wait())
    await asyncio.wait({polling, stop}, return_when=asyncio.FIRST_COMPLETED)
    stop.cancel()
    if not polling.done():
        try:
            await dp.stop_polling()
        except RuntimeError:  # the stop came before polling had begun
            polling.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await polling
    await _drain(runtime)
    await _confirm_handled(runtime)


async def _serve_webhook(runtime: Runtime) -> None:
    settings, bot, dp = runtime.settings, runtime.bot, runtime.dp
    assert settings.webhook_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    app = web.Application()
    handler = SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret)
    app.router.add_post(urlparse(settings.webhook_url).path or "/", handler.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webapp_host, settings.webapp_port)
    await site.start()
    await dp.emit_startup(bot=bot, **dp.workflow_data)
    await bot.set_webhook(
        settings.webhook_url,
        secret_token=secret,
        allowed_updates=dp.resolve_used_update_types(),
    )
    logger.info("bot started (webhook on %s:%s)", settings.webapp_host, settings.webapp_port)
    try:
        await runtime.stop_requested.wait()
    finally:
        await site.stop()
        await _drain(runtime)
        await runner.cleanup()
        await dp.emit_shutdown(bot=bot, **dp.workflow_data)


async def _drain(runtime: Runtime) -> None:
    if not await runtime.tracker.drained(runtime.drain_timeout):
        logger.warning(
            "%s updates still running after %s s; stopping anyway",
            runtime.tracker.in_flight,
            runtime.drain_timeout,
        )


async def _confirm_handled(runtime: Runtime) -> None:
    """Tell the Bot API the last handled update is done, so a restart does not repeat it."""
    last = runtime.tracker.last_update_id
    if last is None:
        return
    try:
        await runtime.bot.get_updates(offset=last + 1, limit=1, timeout=0)
    except Exception as error:
        logger.warning("could not confirm update %s: %s", last, error)


async def shutdown(runtime: Runtime) -> None:
    """Stop the loops, then close the bot session and the engine; never raises."""
    for step, action in (
        ("outbox", runtime.outbox.stop),
        *((f"stopper {n}", stopper) for n, stopper in enumerate(reversed(runtime.stoppers))),
        ("storage", runtime.dp.storage.close),
        ("bot session", runtime.bot.session.close),
        ("database", runtime.engine.dispose),
    ):
        try:
            await action()
        except Exception:
            logger.exception("stopping %s failed", step)
    logger.info("bot stopped")
