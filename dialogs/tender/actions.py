"""The tender's card buttons: start, bids, comparison and winner, restarts, refusal."""

from __future__ import annotations

from dialogs.my_requests.actions import CARD_ACTIONS
from dialogs.tender.states import BidSG, DeadlineSG, PickSG
from flows.enums import Action
from flows.errors import N_

CARD_ACTIONS.add(Action.start_tender, N_("📣 Start the tender"), start=DeadlineSG.start)
CARD_ACTIONS.add(Action.add_bid, N_("➕ Add a bid"), start=BidSG.counterparty)
CARD_ACTIONS.add(
    Action.pick_winner, N_("📊 Compare bids and pick the winner"), start=PickSG.compare
)
CARD_ACTIONS.add(Action.repick_winner, N_("🔁 Pick another winner"), start=PickSG.recompare)
CARD_ACTIONS.add(Action.restart_tender, N_("🔄 Restart the tender"), start=DeadlineSG.restart)
CARD_ACTIONS.add(
    Action.carrier_refused, N_("🚫 The counterparty refused"), start=DeadlineSG.refused
)
