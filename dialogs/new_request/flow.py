"""The order of the questions, and where an answer leads.

At first the dialog walks through the fields of the chosen kind one by one. Once the
summary has been reached it is in review: an edited field returns to the summary (or to
the final confirmation when the date was changed from there).
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager

from dialogs.common.edge import actor_of, deps_of, flash_error
from dialogs.new_request.data import TRANSPORT, to_draft
from dialogs.new_request.states import NewRequestSG as S
from flows.errors import DomainError
from flows.services import requests

logger = logging.getLogger(__name__)

TRANSPORT_STEPS: tuple[State, ...] = (
    S.route,
    S.cargo_desc,
    S.cargo_weight,
    S.cargo_size,
    S.cargo_places,
    S.cargo_flags,
    S.vehicle,
    S.loading_date,
    S.required_date,
    S.project,
    S.cost,
    S.attachments,
    S.comment,
)
PROCUREMENT_STEPS: tuple[State, ...] = (
    S.items,
    S.required_date,
    S.address,
    S.project,
    S.cost,
    S.attachments,
    S.comment,
)
REVIEW, BACK = "review", "back"
TO_SUMMARY, TO_CONFIRM = "summary", "confirm"


def steps_of(data: dict[str, Any]) -> tuple[State, ...]:
    return TRANSPORT_STEPS if data.get("kind") == TRANSPORT else PROCUREMENT_STEPS


def in_review(manager: DialogManager) -> bool:
    return bool(manager.dialog_data.get(REVIEW))


async def enter(manager: DialogManager, state: State) -> None:
    """Open a step; an empty route or item list starts with adding the first entry."""
    data = manager.dialog_data
    if state == S.route and not data.get("route"):
        data["point"], data["point_idx"] = {"kind": "loading"}, None
        state = S.point_address
    elif state == S.items and not data.get("items"):
        data["item"], data["item_idx"] = {}, None
        state = S.item_name
    await manager.switch_to(state)


async def advance(manager: DialogManager, current: State) -> None:
    """Go on after ``current`` was answered: the next step, or back to the review.

    The draft is saved on the way, so a /start or a long pause loses nothing typed.
    """
    if in_review(manager):
        await back_to_review(manager)
        return
    steps = steps_of(manager.dialog_data)
    position = steps.index(current) + 1
    if position < len(steps):
        await save(manager)
        await enter(manager, steps[position])
    else:
        await open_summary(manager)


async def go_back(manager: DialogManager, current: State) -> None:
    """The previous step (the kind choice before the first one); in review, the summary."""
    if in_review(manager):
        await back_to_review(manager)
        return
    steps = steps_of(manager.dialog_data)
    position = steps.index(current)
    await manager.switch_to(steps[position - 1] if position > 0 else S.kind)


async def back_to_review(manager: DialogManager) -> None:
    if manager.dialog_data.get(BACK) == TO_CONFIRM:
        await save(manager)
        await manager.switch_to(S.confirm)
    else:
        await open_summary(manager)


async def edit(manager: DialogManager, state: State, *, back: str = TO_SUMMARY) -> None:
    """Open one field from the summary or the confirmation; answering it comes back there."""
    manager.dialog_data[BACK] = back
    await manager.switch_to(state)


async def save(manager: DialogManager) -> bool:
    """Write the draft request to the database; False (and the reason shown) on refusal."""
    data = manager.dialog_data
    try:
        request = await requests.save_draft(
            deps_of(manager), actor_of(manager), to_draft(data), data.get("request_id")
        )
    except DomainError as error:
        logger.info("draft %s not saved: %s", data.get("request_id"), error.log_text)
        flash_error(manager, error)
        return False
    data["request_id"], data["number"] = request.id, request.number
    return True


async def open_summary(manager: DialogManager) -> None:
    """Show the summary, saving the draft so it is listed among the person's requests."""
    manager.dialog_data[REVIEW] = True
    manager.dialog_data[BACK] = TO_SUMMARY
    await save(manager)
    await manager.switch_to(S.summary)


async def replace_data(manager: DialogManager, fresh: dict[str, Any]) -> None:
    """Put a new filling-in in place of the current one.

    Unless ``fresh`` names its own draft, the saved draft is kept when the kind stays the
    same (it is overwritten at the next answered step); a draft of the other kind is withdrawn so
    it does not linger in the list.
    """
    data = manager.dialog_data
    request_id = None if "request_id" in fresh else data.get("request_id")
    if request_id is not None and data.get("kind") != fresh["kind"]:
        await _withdraw(manager, request_id)
        request_id = None
    keep = {k: data[k] for k in ("error", "notice") if k in data}
    data.clear()
    data.update(fresh, **keep)
    if request_id is not None:
        data["request_id"] = request_id


async def _withdraw(manager: DialogManager, request_id: int) -> None:
    try:
        await requests.withdraw(deps_of(manager), actor_of(manager), request_id)
    except DomainError as error:
        logger.info("draft %s not withdrawn: %s", request_id, error.log_text)
