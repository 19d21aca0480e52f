"""Callback data of buttons sent outside dialogs (notifications, one-tap decisions).

Each factory has a 1-2 letter prefix and carries ids only; every handler re-reads and
re-checks everything on the server, so a forged or stale button changes nothing.

- ``AccessCb(access_id, mask, act)``: an admin's decision on an access request. ``mask``
  keeps the roles and department picked so far (see :func:`pack_access`), so no server
  state is needed between taps. ``act``: ``r<N>`` toggles role bit N, ``d<N>`` picks
  department N, ``ok`` approves, ``no`` refuses. Handled in handlers/access.py.
- ``ApprovalCb(id, ok)``: approve (``ok=True``) or reject an approval row
  (winner, vetting, change). The message purpose is ``approval:<id>``.
- ``ReceiptCb(request_id, full)``: the initiator confirms receipt in full or with a
  discrepancy. Purpose ``receipt:<request_id>``.
- ``CancelCb(request_id, ok)``: the project manager approves or rejects an executor's
  request to cancel.
- ``CardCb(request_id)``: open the request card (RequestCardSG.card).
- ``MenuCb()``: open the main menu.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData

from flows.enums import HUMAN_ROLES, Department, Role

DEPARTMENTS: tuple[Department, ...] = (Department.logistics, Department.procurement)
# Department bits sit above the role bits.
_DEPARTMENT_SHIFT = 8
ROLES_NEEDING_DEPARTMENT = frozenset({Role.executor, Role.head})


class AccessCb(CallbackData, prefix="ac"):
    access_id: int
    mask: int = 0
    act: str = ""


class ApprovalCb(CallbackData, prefix="ap"):
    id: int
    ok: bool


class ReceiptCb(CallbackData, prefix="rc"):
    request_id: int
    full: bool


class CancelCb(CallbackData, prefix="cc"):
    request_id: int
    ok: bool


class CardCb(CallbackData, prefix="cd"):
    request_id: int


class MenuCb(CallbackData, prefix="mn"):
    pass


def pack_access(roles: Iterable[Role], department: Department | None = None) -> int:
    """Roles and department as the bitmask kept inside AccessCb."""
    mask = 0
    for role in roles:
        mask |= 1 << HUMAN_ROLES.index(role)
    if department is not None:
        mask |= 1 << (_DEPARTMENT_SHIFT + DEPARTMENTS.index(department))
    return mask


def unpack_access(mask: int) -> tuple[frozenset[Role], Department | None]:
    """The roles and department a mask holds; unknown bits are ignored."""
    roles = frozenset(role for bit, role in enumerate(HUMAN_ROLES) if mask & (1 << bit))
    department = next(
        (d for n, d in enumerate(DEPARTMENTS) if mask & (1 << (_DEPARTMENT_SHIFT + n))), None
    )
    return roles, department


def needs_department(roles: Iterable[Role]) -> bool:
    return any(role in ROLES_NEEDING_DEPARTMENT for role in roles)


def toggle_access(mask: int, act: str) -> int:
    """The mask after one tap on a role (``r<N>``) or department (``d<N>``) button.

    Raises ValueError for anything else.
    """
    kind, number = act[:1], int(act[1:])
    roles, department = unpack_access(mask)
    if kind == "r":
        role = HUMAN_ROLES[number]
        roles = roles - {role} if role in roles else roles | {role}
    elif kind == "d":
        picked = DEPARTMENTS[number]
        department = None if department is picked else picked
    else:
        raise ValueError(f"unknown access act {act!r}")
    if not needs_department(roles):
        department = None
    return pack_access(roles, department)
