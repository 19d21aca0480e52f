"""Who acts: a person with their current roles from the database, or the system."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flows.enums import Role


@dataclass(frozen=True)
class ActorRef:
    """How an edge names the actor; the service loads the rest from the database."""

    tg_id: int | None = None
    user_id: int | None = None
    system: str | None = None

    @classmethod
    def telegram(cls, tg_id: int) -> ActorRef:
        return cls(tg_id=tg_id)

    @classmethod
    def user(cls, user_id: int) -> ActorRef:
        return cls(user_id=user_id)

    @classmethod
    def service(cls, name: str) -> ActorRef:
        return cls(system=name)


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    name: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    department: str | None = None
    substitutes_for: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_system(self) -> bool:
        return Role.system in self.roles

    def has(self, role: Role) -> bool:
        return role in self.roles

    def acts_for(self, user_id: int | None) -> bool:
        """True when the actor is that person or currently stands in for them."""
        if user_id is None or self.user_id is None:
            return False
        return user_id == self.user_id or user_id in self.substitutes_for


def system_actor(name: str) -> Actor:
    return Actor(user_id=None, name=name, roles=frozenset({Role.system}))


def substitution_active(start: date | None, end: date | None, today: date) -> bool:
    if start is not None and today < start:
        return False
    return not (end is not None and today > end)
