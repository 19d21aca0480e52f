"""What the deciding dialogs share: their start data, the messages to retire, the last window."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Cancel

from bot.i18n import T, locale_of
from dialogs.approvals.messages import DecisionMessages
from dialogs.card.fmt import Ctx
from dialogs.common.edge import actor_of, deps_of
from dialogs.common.parse import InputError, parse_text
from dialogs.common.widgets import Html
from flows.delivery_log import SentRef
from flows.errors import N_
from flows.views import RequestCard, request_card

RESULT = "result"
REASON_LIMIT = 1000
CLOSE = "cl"


def required_reason(text: str | None) -> str:
    """A reason typed by a person: required, kept as typed (trimmed)."""
    if text is None or not text.strip():
        raise InputError(N_("A reason is required. Write it in one message."))
    return parse_text(text, limit=REASON_LIMIT).strip()


def start_value(manager: DialogManager, key: str) -> Any:
    data = manager.start_data
    return data.get(key) if isinstance(data, dict) else None


def start_int(manager: DialogManager, key: str) -> int:
    value = start_value(manager, key)
    if value is None:
        raise ValueError(f"the dialog needs start data {key!r}")
    return int(value)


def tapped_ref(manager: DialogManager) -> SentRef | None:
    """The notification whose button opened the dialog, if any."""
    tapped = start_value(manager, "tapped")
    return SentRef(int(tapped[0]), int(tapped[1])) if tapped else None


async def card_of(manager: DialogManager) -> RequestCard:
    """The request the dialog is about, as the person may see it now."""
    return await request_card(
        deps_of(manager), actor_of(manager), start_int(manager, "request_id")
    )


def ctx_of(manager: DialogManager) -> Ctx:
    return Ctx(locale_of(manager), deps_of(manager).company_tz)


def messages_of(manager: DialogManager) -> DecisionMessages:
    return DecisionMessages(deps_of(manager), manager.middleware_data["bot"], ctx_of(manager))


async def finish(manager: DialogManager, done: State, result_html: str) -> None:
    """Show what happened in the dialog's last window (``result_html`` is escaped HTML)."""
    manager.dialog_data[RESULT] = result_html
    await manager.switch_to(done)


async def result_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {RESULT: dialog_manager.dialog_data.get(RESULT, "")}


def result_window(state: State) -> Window:
    return Window(
        Html(RESULT),
        Cancel(T("✔️ Close"), id=CLOSE),
        state=state,
        getter=result_getter,
        preview_data={RESULT: "✅ Done."},
    )
