"""Read-only views for the filing dialogs: reference lists, names, the emergency preview and
the person's own draft to carry on with.

No view writes; each opens its own short read transaction and returns plain values, so
the edges never hold a session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flows.actor import ActorRef
from flows.drafts import AttachmentData, CargoData, DraftData, ItemData, RoutePointData
from flows.emergency import EmergencyVerdict, earliest_safe_date, judge_emergency
from flows.enums import Role, Status
from flows.errors import N_, AccessDenied, Refused
from flows.services.context import Deps, load_calendar, load_lead_days
from flows.services.engine import get_request, load_actor


@dataclass(frozen=True)
class Choice:
    """One entry of a reference list: its id and the name people see."""

    id: int
    name: str


@dataclass(frozen=True)
class EmergencyPreview:
    verdict: EmergencyVerdict
    safe_date: date


@dataclass
class Names:
    """Names of the referenced rows a draft shows, by id."""

    projects: dict[int, str] = field(default_factory=dict)
    regions: dict[int, str] = field(default_factory=dict)
    vehicle_types: dict[int, str] = field(default_factory=dict)


async def ensure_may_file(deps: Deps, ref: ActorRef) -> None:
    """Check that the person may file requests.

    Raises AccessDenied for an unknown or switched-off person or one without the initiator role.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
    if not actor.has(Role.initiator):
        raise AccessDenied(N_("Only an initiator may file requests."))


async def regions(deps: Deps) -> list[Choice]:
    async with deps.uow() as uow:
        rows = await uow.reference.regions()
    return [Choice(r.id, r.name) for r in rows if r.id is not None]


async def vehicle_types(deps: Deps) -> list[Choice]:
    async with deps.uow() as uow:
        rows = await uow.reference.vehicle_types()
    return [Choice(v.id, v.name) for v in rows if v.id is not None]


async def units(deps: Deps) -> list[Choice]:
    async with deps.uow() as uow:
        rows = await uow.reference.units()
    return [Choice(u.id, u.name) for u in rows if u.id is not None]


async def projects(deps: Deps, search: str | None = None) -> list[Choice]:
    """Active projects whose code or name contains ``search`` (any case), by code."""
    async with deps.uow() as uow:
        rows = await uow.reference.projects(search.strip() if search else None)
    return [Choice(p.id, f"{p.code} {p.name}") for p in rows if p.id is not None]


async def names(
    deps: Deps,
    *,
    project_ids: Iterable[int | None] = (),
    region_ids: Iterable[int | None] = (),
    vehicle_type_ids: Iterable[int | None] = (),
) -> Names:
    """Names for the given ids; unknown ids are left out."""
    found = Names()
    async with deps.uow() as uow:
        for project_id in {i for i in project_ids if i is not None}:
            project = await uow.reference.project(project_id)
            if project is not None:
                found.projects[project_id] = f"{project.code} {project.name}"
        for region_id in {i for i in region_ids if i is not None}:
            region = await uow.reference.region(region_id)
            if region is not None:
                found.regions[region_id] = region.name
        wanted = {i for i in vehicle_type_ids if i is not None}
        if wanted:
            for vehicle in await uow.reference.vehicle_types():
                if vehicle.id in wanted:
                    found.vehicle_types[vehicle.id] = vehicle.name
    return found


async def emergency_preview(deps: Deps, kind: str, deadline: date) -> EmergencyPreview:
    """The verdict a request would get if submitted now, and the first date not an emergency.

    Raises KeyError for a kind with no lead time.
    """
    now = deps.now()
    async with deps.uow() as uow:
        calendar = await load_calendar(uow, deps.company_tz)
        lead = (await load_lead_days(uow))[kind]
    verdict = judge_emergency(calendar, submitted_at=now, deadline_date=deadline, lead_days=lead)
    safe = earliest_safe_date(calendar, submitted_at=now, lead_days=lead)
    return EmergencyPreview(verdict=verdict, safe_date=safe)


async def own_draft(deps: Deps, ref: ActorRef, request_id: int) -> tuple[str, DraftData]:
    """The number and the contents of one of the person's drafts, to go on filling it in.

    Raises AccessDenied, NotFound, Refused for someone else's request or one no longer a draft.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        request = await get_request(uow, request_id)
        if request.initiator_id != actor.user_id or request.status != Status.draft:
            raise Refused(N_("This request is no longer a draft and cannot be edited."))
        route = await uow.requests.route(request_id)
        cargo = await uow.requests.cargo(request_id)
        items = await uow.requests.items(request_id)
        files = await uow.requests.attachments(request_id)
    draft = DraftData(
        kind=request.kind,
        project_id=request.project_id,
        vehicle_type_id=request.vehicle_type_id,
        loading_date=request.loading_date,
        required_date=request.required_date,
        delivery_address=request.delivery_address,
        estimated_cost_kop=request.estimated_cost_kop,
        comment=request.comment,
        route=[RoutePointData(p.kind, p.address, p.region_id) for p in route],
        items=[ItemData(i.name, i.quantity, i.unit, i.spec) for i in items],
        attachments=[
            AttachmentData(f.kind, f.file_id, f.file_unique_id, f.file_name)
            for f in files
            if f.purpose == "request"
        ],
    )
    if cargo is not None:
        draft.cargo = CargoData(
            cargo.description,
            cargo.weight_kg,
            cargo.length_m,
            cargo.width_m,
            cargo.height_m,
            cargo.places,
            cargo.oversize,
            cargo.heavy,
        )
    return request.number, draft
