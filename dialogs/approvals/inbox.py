"""An inbox of approvals waiting for the person: the list, then one approval with the same
approve and reject as its message.

Built for a states group with ``list`` and ``item`` and the approval purposes it shows: the
project managers' and executive director's «На согласовании» (winners and changes) and
security's «Проверка контрагентов» (vetting).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from operator import itemgetter
from typing import Any

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.i18n import T, esc, locale_of
from dialogs.approvals.messages import approval_text
from dialogs.approvals.text import inbox_label
from dialogs.common.edge import (
    actor_of,
    deps_of,
    flash_error,
    flash_getter,
    flash_notice,
    tr,
)
from dialogs.common.widgets import Html, flashes
from dialogs.decisions.common import ctx_of, messages_of
from dialogs.decisions.states import RejectSG
from dialogs.my_requests.states import RequestCardSG
from flows.approval_views import approval_states, decidable, pending_for
from flows.errors import N_, DomainError
from flows.services import decisions
from locales import render_error

logger = logging.getLogger(__name__)

CHOSEN = "approval_id"
LIST_PREVIEW = {
    "rows": [{"id": 1, "label": "Т-000123 · победитель тендера · 140 000,00 ₽"}],
    "total": 1,
    "has_rows": True,
}
ITEM_PREVIEW = {"text": "Заявка Т-000123: согласуйте победителя тендера.", "open": True}


async def list_getter(
    dialog_manager: DialogManager, purposes: Sequence[str], **_: Any
) -> dict[str, Any]:
    manager = dialog_manager
    states = await pending_for(deps_of(manager), actor_of(manager), purposes)
    ctx = ctx_of(manager)
    rows = [{"id": s.approval_id, "label": inbox_label(s, ctx)} for s in states]
    return {"rows": rows, "total": len(rows), "has_rows": bool(rows)}


async def item_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    approval_id = int(manager.dialog_data.get(CHOSEN, 0))
    states = await approval_states(deps_of(manager), [approval_id])
    if not states:
        return {"text": "", "open": False}
    text = approval_text(states[0], ctx_of(manager))
    try:
        await decidable(deps_of(manager), actor_of(manager), approval_id)
    except DomainError as error:
        text += "\n\n⚠️ " + esc(render_error(error, locale_of(manager)))
        return {"text": text, "open": False}
    return {"text": text, "open": True}


def _item_state(manager: DialogManager) -> State:
    group: Any = manager.current_context().state.group  # every inbox group has both states
    return group.item


def _list_state(manager: DialogManager) -> State:
    group: Any = manager.current_context().state.group
    return group.list


async def on_pick(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, approval_id: int
) -> None:
    manager.dialog_data[CHOSEN] = approval_id
    await manager.switch_to(_item_state(manager))


async def on_approve(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    approval_id = int(manager.dialog_data.get(CHOSEN, 0))
    try:
        outcome = await decisions.decide(
            deps_of(manager), actor_of(manager), approval_id, approve=True
        )
    except DomainError as error:
        logger.info("approval %s from the inbox refused: %s", approval_id, error.log_text)
        flash_error(manager, error)
    else:
        await messages_of(manager).decided(outcome, None)
        flash_notice(manager, tr(manager, N_("✅ Approved.")))
    await manager.switch_to(_list_state(manager))


async def on_reject(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    approval_id = int(manager.dialog_data.get(CHOSEN, 0))
    try:
        await decidable(deps_of(manager), actor_of(manager), approval_id)
    except DomainError as error:
        flash_error(manager, error)
        await manager.switch_to(_list_state(manager))
        return
    await manager.start(RejectSG.comment, data={CHOSEN: approval_id})


async def on_card(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    approval_id = int(manager.dialog_data.get(CHOSEN, 0))
    states = await approval_states(deps_of(manager), [approval_id])
    if states:
        data = {"request_id": states[0].request_id}
        await manager.start(RequestCardSG.card, data=data, show_mode=ShowMode.SEND)


async def on_back_from_child(start_data: Any, result: Any, manager: DialogManager) -> None:
    """After the rejection's reason or the card: the list, re-read."""
    await manager.switch_to(_list_state(manager))


def inbox_dialog(group: type[StatesGroup], purposes: Sequence[str], title: T) -> Dialog:
    """The inbox for ``group`` (its ``list`` and ``item`` states) showing ``purposes``."""
    states: Any = group
    return Dialog(
        Window(
            *flashes(),
            title,
            T("Waiting for your decision: {total}", when="has_rows"),
            T("Nothing waits for your decision now.", when=lambda d, _w, _m: not d["rows"]),
            Column(
                Select(
                    Format("{item[label]}"),
                    id="ap",
                    item_id_getter=itemgetter("id"),
                    items="rows",
                    type_factory=int,
                    on_click=on_pick,
                )
            ),
            Cancel(T("⬅️ Back"), id="bk"),
            state=states.list,
            getter=partial(list_getter, purposes=tuple(purposes)),
            preview_data=LIST_PREVIEW,
        ),
        Window(
            Html("text"),
            Row(
                Button(T("✅ Approve"), id="ok", on_click=on_approve, when="open"),
                Button(T("❌ Reject"), id="no", on_click=on_reject, when="open"),
            ),
            Button(T("📄 Open the request"), id="cd", on_click=on_card),
            SwitchTo(T("⬅️ To the list"), id="ls", state=states.list),
            state=states.item,
            getter=item_getter,
            preview_data=ITEM_PREVIEW,
        ),
        getter=flash_getter,
        on_process_result=on_back_from_child,
    )
