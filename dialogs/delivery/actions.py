"""The card buttons after approval: payment (admins), dispatch, delivery, closing documents,
closing."""

from __future__ import annotations

from dialogs.delivery.states import DispatchSG, DocumentsSG, PaymentSG
from dialogs.delivery.steps import close, deliver
from dialogs.my_requests.actions import CARD_ACTIONS
from flows.enums import Action
from flows.errors import N_

CARD_ACTIONS.add(Action.record_payment, N_("💳 Record the payment"), start=PaymentSG.reference)
CARD_ACTIONS.add(Action.dispatch, N_("🚚 Record the dispatch"), start=DispatchSG.dispatched)
CARD_ACTIONS.add(
    Action.deliver,
    N_("📦 Delivered"),
    run=deliver,
    confirm=N_(
        "Record that request {number} is delivered? "
        "The initiator will be asked to confirm receipt."
    ),
    done=N_("✅ Delivery recorded; the initiator is asked to confirm receipt."),
)
CARD_ACTIONS.add(Action.attach_document, N_("📎 Closing documents"), start=DocumentsSG.checklist)
CARD_ACTIONS.add(
    Action.close,
    N_("🏁 Close the request"),
    run=close,
    confirm=N_("Close request {number}? Nothing more can be done with it afterwards."),
    done=N_("✅ The request is closed."),
)
