"""Building the Telegram side: the Bot, the chat-state storage and the Dispatcher.

``build_dispatcher`` is the one place where routers, dialogs, middleware and workflow data
come together; the runtime, the demo and the tests all use it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand
from aiogram_dialog import Dialog, setup_dialogs
from aiogram_dialog.api.entities import DIALOG_EVENT_NAME
from aiogram_dialog.api.protocols import MessageManagerProtocol
from aiogram_dialog.manager.message_manager import MessageManager
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.errors import errors_router
from bot.i18n import CatalogueI18n, LocaleMiddleware
from bot.middlewares import UpdateTracker
from bot.outbox import OutboxDispatcher
from bot.render import tr
from bot.settings import Settings
from dialogs.approvals.dialog import approvals_dialogs
from dialogs.decisions.dialog import decision_dialogs
from dialogs.delivery.dialog import delivery_dialogs
from dialogs.menu.dialog import menu_dialog
from dialogs.my_requests.dialog import my_requests_dialogs
from dialogs.new_request.dialog import new_request_dialogs
from dialogs.queue.dialog import queue_dialogs
from dialogs.registration.dialog import registration_dialog
from dialogs.security.dialog import security_dialogs
from dialogs.tender.dialog import tender_dialogs
from flows.errors import N_
from flows.services.context import Deps
from handlers.access import access_router
from handlers.decisions import decisions_router
from handlers.start import fallback_router, start_router
from handlers.unreachable import unreachable_router
from locales import DEFAULT_LOCALE
from storage.fsm import SqlStorage

logger = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start or ask for access")),
    ("menu", N_("Main menu")),
    ("new", N_("File a request")),
    ("my", N_("My requests")),
    ("help", N_("What the bot can do")),
)


def build_bot(settings: Settings, token: str | None = None) -> Bot:
    """A Bot with HTML parse mode, talking to TELEGRAM_API_BASE when it is set."""
    api = PRODUCTION
    if settings.telegram_api_base:
        api = TelegramAPIServer.from_base(settings.telegram_api_base)
    return Bot(
        token or settings.require_token(),
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode="HTML"),
    )


def build_storage(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> BaseStorage:
    """Chat state in Redis when REDIS_URL is set, else in the project database."""
    if not settings.redis_url:
        return SqlStorage(sessions)
    try:
        from aiogram.fsm.storage.redis import RedisStorage
    except ImportError as error:
        raise SystemExit("REDIS_URL is set but the redis package is not installed.") from error
    return RedisStorage.from_url(
        settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True)
    )


def feature_dialogs() -> list[Dialog]:
    """Every dialog of the bot, built anew (a Dialog attaches to one dispatcher only)."""
    return [
        menu_dialog(),
        registration_dialog(),
        *new_request_dialogs(),
        *my_requests_dialogs(),
        *decision_dialogs(),
        *approvals_dialogs(),
        *security_dialogs(),
        *queue_dialogs(),
        *tender_dialogs(),
        *delivery_dialogs(),
    ]


def build_dispatcher(
    deps: Deps,
    *,
    storage: BaseStorage,
    outbox: OutboxDispatcher | None = None,
    tracker: UpdateTracker | None = None,
    message_manager: MessageManagerProtocol | None = None,
    dialogs: Iterable[Dialog] | None = None,
    routers: Iterable[Router] = (),
) -> Dispatcher:
    """The Dispatcher with every router, the dialogs, i18n and the workflow data.

    Workflow data: ``deps`` (services' dependencies), ``outbox`` (call ``.wake()`` to send
    at once) and ``dialog_groups`` (names of the installed dialog state groups).
    ``routers`` are included after the built-in handlers and before the dialogs.
    """
    dp = Dispatcher(storage=storage)
    dialogs = list(feature_dialogs() if dialogs is None else dialogs)
    dp["deps"] = deps
    dp["outbox"] = outbox
    dp["dialog_groups"] = frozenset(d.states_group_name() for d in dialogs)

    tracker = tracker or UpdateTracker(on_done=outbox.wake if outbox else None)
    dp["update_tracker"] = tracker
    # Error handlers run after the update's middleware chain has unwound: track them too.
    dp.update.outer_middleware(tracker)
    dp.errors.outer_middleware(tracker)

    dp.include_routers(
        errors_router(),
        start_router(),
        access_router(),
        decisions_router(),
        unreachable_router(),
        *routers,
        *dialogs,
    )
    dp.include_router(fallback_router())
    setup_dialogs(
        dp,
        message_manager=message_manager or MessageManager(),
        events_isolation=SimpleEventIsolation(),
    )
    locale = LocaleMiddleware(CatalogueI18n())
    for observer in (dp.update, dp.errors, dp.observers[DIALOG_EVENT_NAME]):
        observer.outer_middleware(locale)
    return dp


async def set_commands(bot: Bot, locale: str = DEFAULT_LOCALE) -> None:
    commands = [BotCommand(command=name, description=tr(text, locale)) for name, text in COMMANDS]
    await bot.set_my_commands(commands)
