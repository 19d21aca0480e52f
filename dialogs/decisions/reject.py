"""The reason for rejecting an approval: asked after «Reject», required, then decided."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Cancel

from bot.i18n import T, esc, locale_of
from dialogs.approvals.text import PURPOSE_LABELS
from dialogs.common.edge import actor_of, deps_of, flash_getter, text_input, tr
from dialogs.common.widgets import flashes
from dialogs.decisions.common import (
    finish,
    messages_of,
    required_reason,
    result_window,
    start_int,
    tapped_ref,
)
from dialogs.decisions.states import RejectSG
from flows.approval_views import approval_states
from flows.errors import N_, AccessDenied, AlreadyDecided, NotFound
from flows.services import decisions
from locales import render_error

logger = logging.getLogger(__name__)

PREVIEW = {"number": "Т-000123", "what": "победитель тендера"}


async def reject_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    approval_id = start_int(dialog_manager, "approval_id")
    states = await approval_states(deps_of(dialog_manager), [approval_id])
    if not states:
        return {"number": "—", "what": ""}
    state = states[0]
    return {"number": state.number, "what": tr(dialog_manager, PURPOSE_LABELS[state.purpose])}


async def on_reason(message: Message, manager: DialogManager, text: str) -> None:
    comment = required_reason(text)
    approval_id = start_int(manager, "approval_id")
    try:
        outcome = await decisions.decide(
            deps_of(manager), actor_of(manager), approval_id, approve=False, comment=comment
        )
    except (AlreadyDecided, AccessDenied, NotFound) as error:
        # Nothing left to decide here: say why and end.
        logger.info("rejection of approval %s refused: %s", approval_id, error.log_text)
        await finish(manager, RejectSG.done, "⚠️ " + esc(render_error(error, locale_of(manager))))
        return
    await messages_of(manager).decided(outcome, tapped_ref(manager))
    await finish(manager, RejectSG.done, esc(tr(manager, N_("❌ Rejected. Your reason is sent."))))


def reject_dialog() -> Dialog:
    return Dialog(
        Window(
            *flashes(),
            T(
                "<b>Reject: request {number}</b> — {what}.\n"
                "Write the reason in one message: a rejection needs it, and the executor "
                "will see it."
            ),
            *text_input(on_reason),
            Cancel(T("✖️ Do not reject"), id="cn"),
            state=RejectSG.comment,
            getter=reject_getter,
            preview_data=PREVIEW,
        ),
        result_window(RejectSG.done),
        getter=flash_getter,
    )
