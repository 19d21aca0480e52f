"""The request list: which lists a person has, the status filters and one row's label."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from dialogs.card import Ctx, status_text
from flows import views
from flows.actor import ActorRef
from flows.enums import OPEN_STATUSES, Role, Status
from flows.errors import N_
from flows.services.context import Deps
from flows.views import RequestPage
from storage.tables import Request

PAGE_SIZE = 8
EMERGENCY_MARK = "🔥"

# Lists: the person's own requests, those they execute, the department's queue.
MODES: dict[str, str] = {
    "mine": N_("📋 Mine"),
    "work": N_("🛠 In my work"),
    "queue": N_("📥 Queue"),
}
FILTERS: dict[str, tuple[str, Sequence[Status] | None]] = {
    "all": (N_("All"), None),
    "active": (N_("Active"), sorted(OPEN_STATUSES)),
    "drafts": (N_("Drafts"), [Status.draft]),
    "closed": (N_("Closed"), [Status.closed]),
    "cancelled": (N_("Cancelled"), [Status.cancelled]),
}


def modes_for(roles: frozenset[Role]) -> list[tuple[str, str]]:
    """The lists a person with these roles may switch between."""
    wanted = ["mine"] if Role.initiator in roles or not roles & {Role.executor, Role.head} else []
    if Role.executor in roles:
        wanted.append("work")
    if roles & {Role.executor, Role.head}:
        wanted.append("queue")
    return [(mode, MODES[mode]) for mode in wanted]


def filters_for(mode: str) -> list[tuple[str, str]]:
    """Status filters that make sense for a list (the queue is all «submitted»)."""
    if mode == "queue":
        return []
    names = [name for name in FILTERS if not (mode == "work" and name == "drafts")]
    return [(name, FILTERS[name][0]) for name in names]


async def load_page(
    deps: Deps, actor: ActorRef, mode: str, chosen: str, offset: int
) -> RequestPage:
    if mode == "queue":
        return await views.queue(deps, actor, offset=offset, limit=PAGE_SIZE)
    statuses = FILTERS.get(chosen, FILTERS["all"])[1]
    return await views.my_requests(
        deps,
        actor,
        statuses=statuses,
        offset=offset,
        limit=PAGE_SIZE,
        as_executor=mode == "work",
    )


async def executor_loads(deps: Deps, actor: ActorRef, mode: str, roles: frozenset[Role]) -> str:
    """«Name — N, ...» for a head looking at the queue, so they see whom to assign."""
    if mode != "queue" or Role.head not in roles:
        return ""
    loads = await views.executor_load(deps, actor)
    return ", ".join(f"{load.name} — {load.open_requests}" for load in loads)


def row_label(request: Request, ctx: Ctx) -> str:
    """«Т-000123 · 05.12 · в работе · 🔥» (button text, shown without markup)."""
    when = request.submitted_at or request.created_at
    day = when.astimezone(ZoneInfo(ctx.tz)).strftime("%d.%m")
    parts = [request.number, day, status_text(request.status, ctx)]
    if request.is_emergency:
        parts.append(EMERGENCY_MARK)
    return " · ".join(parts)
