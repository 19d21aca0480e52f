"""What the request card offers: one entry per business action, its button and its performer.

A button appears on the card only when the person may take the action now (the transition
table's roles and relations, see ``flows.views.allowed_actions``) *and* the action has an entry
here, so the card never shows a button nothing answers. Adding an action to the card is one
``CARD_ACTIONS.add(...)`` call: either ``run=`` a coroutine that makes the one service call
(no input needed), or ``start=`` the state of a dialog that asks for the input; that dialog
gets start data ``{"request_id": N, "version": V}`` and should pass ``version=V`` to the
service so a press on a stale card is refused instead of applied.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, User
from aiogram_dialog import DialogManager

from flows.actor import ActorRef
from flows.enums import Action
from flows.errors import N_
from flows.services import requests
from flows.services.context import Deps


@dataclass(frozen=True)
class ActionCall:
    """One press of a card button: who pressed it and which version of the request they saw."""

    deps: Deps
    actor: ActorRef
    request_id: int
    version: int
    manager: DialogManager
    event: CallbackQuery


ActionRunner = Callable[[ActionCall], Awaitable[object]]


def request_id_of(manager: DialogManager) -> int:
    """The request a card dialog shows (its start data ``{"request_id": N}``)."""
    data = manager.start_data
    if not isinstance(data, dict) or "request_id" not in data:
        raise ValueError("the request card needs start data {'request_id': N}")
    return int(data["request_id"])


def actor_of(manager: DialogManager) -> ActorRef:
    """Who looks at the dialog or pressed its button; roles are loaded by the view/service."""
    user: User | None = manager.middleware_data.get("event_from_user")
    if user is None:
        raise ValueError("a dialog event without a user")
    return ActorRef.telegram(user.id)


@dataclass(frozen=True)
class CardAction:
    """A card button: ``label``, ``confirm`` and ``done`` are catalogue msgids.

    ``confirm`` (with ``{number}``) asks before acting; ``done`` is said after success.
    """

    action: Action
    label: str
    run: ActionRunner | None = None
    start: State | None = None
    confirm: str | None = None
    done: str | None = None

    def __post_init__(self) -> None:
        if (self.run is None) == (self.start is None):
            raise ValueError(f"card action {self.action}: give exactly one of run= or start=")


class CardActions:
    """The registry of card buttons, in the order they are shown."""

    def __init__(self) -> None:
        self._entries: dict[Action, CardAction] = {}

    def add(
        self,
        action: Action,
        label: str,
        *,
        run: ActionRunner | None = None,
        start: State | None = None,
        confirm: str | None = None,
        done: str | None = None,
    ) -> CardAction:
        if action in self._entries:
            raise ValueError(f"card action {action} is registered twice")
        entry = CardAction(action, label, run=run, start=start, confirm=confirm, done=done)
        self._entries[action] = entry
        return entry

    def get(self, action: Action) -> CardAction | None:
        return self._entries.get(action)

    def offered(self, allowed: Iterable[Action]) -> list[CardAction]:
        """Entries for the actions the person may take now, in registration order."""
        allowed = set(allowed)
        return [entry for action, entry in self._entries.items() if action in allowed]

    def __contains__(self, action: object) -> bool:
        return action in self._entries


async def _submit(call: ActionCall) -> None:
    await requests.submit(call.deps, call.actor, call.request_id, version=call.version)


async def _withdraw(call: ActionCall) -> None:
    await requests.withdraw(call.deps, call.actor, call.request_id, version=call.version)


async def _take(call: ActionCall) -> None:
    await requests.take(call.deps, call.actor, call.request_id, version=call.version)


CARD_ACTIONS = CardActions()
CARD_ACTIONS.add(
    Action.take, N_("✋ Take into work"), run=_take, done=N_("✅ You took the request into work.")
)
CARD_ACTIONS.add(
    Action.submit, N_("📤 Submit"), run=_submit, done=N_("✅ The request is submitted.")
)
CARD_ACTIONS.add(
    Action.withdraw,
    N_("↩️ Withdraw"),
    run=_withdraw,
    confirm=N_("Withdraw request {number}? Nobody will work on it any more."),
    done=N_("✅ The request is withdrawn."),
)
