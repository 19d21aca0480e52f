"""The request card's buttons for receipt, cancellation and changes.

Registered when this module is imported (by ``dialogs.decisions.dialog``); the dialogs they
open take ``{"request_id": N, "version": V}``.
"""

from __future__ import annotations

from aiogram_dialog import DialogManager

from dialogs.decisions.cancel import announce_cancelled
from dialogs.decisions.common import messages_of
from dialogs.decisions.states import CancelSG, ChangeSG, ReceiptSG
from dialogs.my_requests.actions import CARD_ACTIONS, ActionCall
from flows.enums import Action
from flows.errors import N_
from flows.services import cancel


async def _approve_cancel(call: ActionCall) -> None:
    manager: DialogManager = call.manager
    request = await cancel.approve_cancel(
        call.deps, call.actor, call.request_id, version=call.version
    )
    await announce_cancelled(messages_of(manager), manager, request)


CARD_ACTIONS.add(Action.confirm_receipt, N_("📦 Confirm receipt"), start=ReceiptSG.choice)
CARD_ACTIONS.add(Action.request_change, N_("✏️ Change date or amount"), start=ChangeSG.date)
CARD_ACTIONS.add(Action.request_cancel, N_("🛑 Ask to cancel"), start=CancelSG.ask)
CARD_ACTIONS.add(
    Action.approve_cancel,
    N_("✅ Approve the cancellation"),
    run=_approve_cancel,
    confirm=N_("Cancel request {number}, as the executor asks?"),
    done=N_("✅ The request is cancelled."),
)
CARD_ACTIONS.add(Action.reject_cancel, N_("↩️ Keep the request"), start=CancelSG.refuse)
CARD_ACTIONS.add(Action.cancel, N_("❌ Cancel the request"), start=CancelSG.direct)
