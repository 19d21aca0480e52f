"""What the main menu offers, by role. A feature adds its entry here with its dialog."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.state import State

from dialogs.approvals.states import ApprovalsSG
from dialogs.my_requests.states import MyRequestsSG
from dialogs.new_request.states import NewRequestSG
from dialogs.queue.states import QueueSG
from dialogs.security.states import SecuritySG
from flows.access_views import Person
from flows.enums import Role
from flows.errors import N_


@dataclass(frozen=True)
class MenuEntry:
    widget_id: str
    label: str  # catalogue msgid
    state: State
    roles: frozenset[Role]
    data: dict[str, Any] = field(default_factory=dict)


MENU_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("nw", N_("New request"), NewRequestSG.kind, frozenset({Role.initiator})),
    MenuEntry(
        "my", N_("My requests"), MyRequestsSG.list, frozenset({Role.initiator}), {"mode": "mine"}
    ),
    MenuEntry(
        "wk",
        N_("Requests in my work"),
        MyRequestsSG.list,
        frozenset({Role.executor}),
        {"mode": "work"},
    ),
    MenuEntry(
        "qu", N_("Queue of new requests"), QueueSG.list, frozenset({Role.executor, Role.head})
    ),
    MenuEntry(
        "ia",
        N_("Awaiting my approval"),
        ApprovalsSG.list,
        frozenset({Role.project_manager, Role.executive_director}),
    ),
    MenuEntry("sv", N_("Counterparty vetting"), SecuritySG.list, frozenset({Role.security})),
)


def entry(widget_id: str) -> MenuEntry:
    return next(e for e in MENU_ENTRIES if e.widget_id == widget_id)


def visible_entries(person: Person, dialog_groups: Collection[str]) -> list[MenuEntry]:
    """Entries the person's roles allow whose dialog is installed in this bot."""
    return [
        e
        for e in MENU_ENTRIES
        if person.roles & e.roles and e.state.group.__full_group_name__ in dialog_groups
    ]
