"""A snapshot of what the guards need to know about one request at one instant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flows.actor import Actor
from storage.tables import Bid, Counterparty, Request


@dataclass(frozen=True)
class Facts:
    request: Request
    actor: Actor
    now: datetime
    today: date
    project_manager_id: int | None = None
    loading_points: int = 0
    unloading_points: int = 0
    has_cargo: bool = False
    items: int = 0
    bids: tuple[Bid, ...] = ()
    counterparties: Mapping[int, Counterparty] = field(default_factory=dict)
    missing_documents: tuple[str, ...] = ()
    open_approvals: int = 0
    payload: Mapping[str, Any] = field(default_factory=dict)

    def arg(self, name: str) -> Any:
        return self.payload.get(name)

    @property
    def live_bids(self) -> tuple[Bid, ...]:
        """Bids of the current tender round that the counterparty has not withdrawn."""
        current = self.request.tender_restarts
        return tuple(b for b in self.bids if not b.refused and b.tender_round == current)
