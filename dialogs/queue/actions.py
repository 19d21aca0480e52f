"""The card button of the head: assign (or reassign) an executor."""

from __future__ import annotations

from dialogs.my_requests.actions import CARD_ACTIONS
from dialogs.queue.states import AssignSG
from flows.enums import Action
from flows.errors import N_

CARD_ACTIONS.add(Action.assign, N_("👤 Assign an executor"), start=AssignSG.executor)
