"""The registry of card buttons: only registered actions are offered, each performer once."""

from __future__ import annotations

import pytest

from dialogs.my_requests.actions import CARD_ACTIONS, ActionCall, CardActions
from dialogs.my_requests.states import RequestCardSG
from flows.enums import Action
from flows.errors import N_


async def noop(call: ActionCall) -> None:
    return None


def test_only_actions_with_a_performer_are_offered_in_registration_order():
    # Winner approvals are decided from their messages and never get a card button.
    offered = CARD_ACTIONS.offered([Action.approve_winner, Action.withdraw, Action.take])
    assert [entry.action for entry in offered] == [Action.take, Action.withdraw]


def test_withdrawing_asks_before_acting_and_taking_does_not():
    withdraw, take = CARD_ACTIONS.get(Action.withdraw), CARD_ACTIONS.get(Action.take)
    assert withdraw is not None and withdraw.confirm
    assert take is not None and take.confirm is None


def test_a_new_action_is_one_registration():
    actions = CardActions()
    actions.add(Action.start_tender, N_("📣 Start tender"), start=RequestCardSG.history)
    assert Action.start_tender in actions
    assert actions.offered([Action.start_tender])[0].start is RequestCardSG.history


def test_an_action_is_registered_once_with_exactly_one_performer():
    actions = CardActions()
    actions.add(Action.close, N_("Close"), run=noop)
    with pytest.raises(ValueError, match="twice"):
        actions.add(Action.close, N_("Close"), run=noop)
    with pytest.raises(ValueError, match="exactly one"):
        actions.add(Action.deliver, N_("Delivered"))
    with pytest.raises(ValueError, match="exactly one"):
        actions.add(Action.deliver, N_("Delivered"), run=noop, start=RequestCardSG.card)
