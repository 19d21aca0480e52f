"""Filing requests: drafts, submission with the emergency verdict, taking and assigning."""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import col

from flows.actor import ActorRef
from flows.drafts import DraftData
from flows.emergency import EmergencyVerdict, judge_emergency
from flows.enums import (
    DEPARTMENT_OF_KIND,
    NUMBER_PREFIX,
    Action,
    RequestKind,
    Role,
    Source,
    Status,
)
from flows.errors import N_, AccessDenied, NotFound, Refused, StaleVersion
from flows.outbox import enqueue
from flows.services.context import Deps, load_calendar, load_lead_days
from flows.services.engine import commit_transition, get_request, load_actor, prepare
from storage.tables import Attachment, Cargo, Request, RequestItem, RoutePoint
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


async def _new_number(uow: UnitOfWork, kind: RequestKind) -> str:
    value = await uow.requests.next_number(f"request:{kind.value}")
    return f"{NUMBER_PREFIX[kind]}-{value:06d}"


async def _write_parts(
    uow: UnitOfWork, request_id: int, draft: DraftData, by: int, now: datetime
) -> None:
    session = uow.session
    for table in (RoutePoint, Cargo, RequestItem):
        await session.exec(delete(table).where(col(table.request_id) == request_id))
    await session.exec(
        delete(Attachment).where(
            col(Attachment.request_id) == request_id, col(Attachment.purpose) == "request"
        )
    )
    for seq, point in enumerate(draft.route):
        uow.requests.add_part(RoutePoint(request_id=request_id, seq=seq, **vars(point)))
    if draft.cargo is not None:
        uow.requests.add_part(Cargo(request_id=request_id, **vars(draft.cargo)))
    for seq, item in enumerate(draft.items):
        uow.requests.add_part(RequestItem(request_id=request_id, seq=seq, **vars(item)))
    for att in draft.attachments:
        uow.requests.add_part(
            Attachment(request_id=request_id, uploaded_by=by, created_at=now, **vars(att))
        )
    await session.flush()


async def save_draft(
    deps: Deps, ref: ActorRef, draft: DraftData, request_id: int | None = None
) -> Request:
    """Create or overwrite the person's draft request.

    Raises AccessDenied without the initiator role, Refused for a request no longer a draft.
    """
    now = deps.now()
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        if not actor.has(Role.initiator) or actor.user_id is None:
            raise AccessDenied(N_("Only an initiator may file requests."))
        kind = RequestKind(draft.kind)
        if request_id is None:
            request = Request(
                number=await _new_number(uow, kind),
                kind=kind.value,
                initiator_id=actor.user_id,
                created_at=now,
                updated_at=now,
            )
        else:
            request = await get_request(uow, request_id)
            if request.initiator_id != actor.user_id or request.status != Status.draft:
                raise Refused(N_("This request is no longer a draft and cannot be edited."))
        for name in (
            "project_id",
            "region_id",
            "vehicle_type_id",
            "loading_date",
            "required_date",
            "delivery_address",
            "estimated_cost_kop",
            "comment",
        ):
            setattr(request, name, getattr(draft, name))
        if request.region_id is None and draft.project_id is not None:
            project = await uow.reference.project(draft.project_id)
            request.region_id = project.region_id if project else None
        request.updated_at = now
        await uow.requests.add(request)
        assert request.id is not None
        await _write_parts(uow, request.id, draft, actor.user_id, now)
        await uow.commit()
        return request


async def preview_emergency(deps: Deps, kind: str, deadline: date) -> EmergencyVerdict:
    """The verdict the request would get if submitted now (shown before confirming)."""
    async with deps.uow() as uow:
        calendar = await load_calendar(uow, deps.company_tz)
        lead = (await load_lead_days(uow))[kind]
    return judge_emergency(
        calendar, submitted_at=deps.now(), deadline_date=deadline, lead_days=lead
    )


async def submit(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> tuple[Request, EmergencyVerdict]:
    """Submit a draft; judges and stores the emergency flag.

    Raises Refused (a field missing, dates wrong, not the author), StaleVersion.
    """
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow, ref, request_id, Action.submit, now=now, today=today, version=version
        )
        request = prepared.request
        deadline = request.loading_date if request.kind == "transport" else request.required_date
        assert deadline is not None
        calendar = await load_calendar(uow, deps.company_tz)
        lead = (await load_lead_days(uow))[request.kind]
        verdict = judge_emergency(
            calendar, submitted_at=now, deadline_date=deadline, lead_days=lead
        )
        await commit_transition(
            uow,
            prepared,
            to=Status.submitted,
            now=now,
            source=source,
            changes={
                "submitted_at": now,
                "is_emergency": verdict.is_emergency,
                "emergency_lead_days": lead,
                "emergency_deadline": verdict.deadline,
            },
        )
        department = DEPARTMENT_OF_KIND[RequestKind(request.kind)].value
        heads = await uow.people.with_role(Role.head, department=department)
        await enqueue(
            uow,
            now=now,
            recipients=[h.id for h in heads],
            template="request_submitted",
            params={"number": request.number, "emergency": verdict.is_emergency},
            request_id=request.id,
            purpose=f"queue:{request.id}",
        )
        await uow.commit()
    logger.info("request %s submitted (emergency=%s)", request_id, verdict.is_emergency)
    return request, verdict


async def take(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """An executor takes a submitted request into work.

    Raises Refused naming who took it when someone was faster.
    """
    now, today = deps.now(), deps.today()
    try:
        async with deps.uow() as uow:
            prepared = await prepare(
                uow, ref, request_id, Action.take, now=now, today=today, version=version
            )
            await commit_transition(
                uow,
                prepared,
                to=Status.in_work,
                now=now,
                source=source,
                changes={"executor_id": prepared.actor.user_id, "taken_at": now},
            )
            await _tell_taken(uow, prepared.request, now)
            await uow.commit()
    except (Refused, StaleVersion) as error:
        await _explain_taken(deps, request_id, error)
        raise
    logger.info("request %s taken by user %s", request_id, prepared.actor.user_id)
    return prepared.request


async def _tell_taken(uow: UnitOfWork, request: Request, now: datetime) -> None:
    executor = await uow.people.get(request.executor_id) if request.executor_id else None
    await enqueue(
        uow,
        now=now,
        recipients=[request.initiator_id, request.executor_id],
        template="request_taken",
        params={"number": request.number, "executor": executor.full_name if executor else ""},
        request_id=request.id,
    )


async def _explain_taken(deps: Deps, request_id: int, error: Exception) -> None:
    async with deps.uow() as uow:
        request = await uow.requests.get(request_id)
        if request is None or request.executor_id is None:
            return
        executor = await uow.people.get(request.executor_id)
    if executor is not None and request.status != Status.submitted:
        raise Refused(N_("Already taken into work by {name}."), name=executor.full_name) from error


async def assign(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    executor_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The head assigns (or reassigns) an executor of the request's department.

    Raises NotFound for an unknown executor, Refused for a wrong role or department.
    """
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow, ref, request_id, Action.assign, now=now, today=today, version=version
        )
        executor = await uow.people.get(executor_id)
        if executor is None or not executor.is_active:
            raise NotFound(N_("That executor was not found or is switched off."))
        if Role.executor not in await uow.people.roles(executor_id):
            raise Refused(N_("{name} is not an executor."), name=executor.full_name)
        wanted = DEPARTMENT_OF_KIND[RequestKind(prepared.request.kind)].value
        if executor.department not in (None, wanted):
            raise Refused(N_("{name} works in another department."), name=executor.full_name)
        await commit_transition(
            uow,
            prepared,
            to=Status.in_work,
            now=now,
            source=source,
            changes={"executor_id": executor_id, "taken_at": now},
        )
        await _tell_taken(uow, prepared.request, now)
        await uow.commit()
    logger.info(
        "request %s assigned to user %s by %s", request_id, executor_id, prepared.actor.user_id
    )
    return prepared.request


async def withdraw(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The author withdraws a draft or a request nobody has taken yet."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow, ref, request_id, Action.withdraw, now=now, today=today, version=version
        )
        await commit_transition(
            uow, prepared, to=Status.cancelled, now=now, source=source, changes={"closed_at": now}
        )
        await uow.commit()
    return prepared.request


async def require(deps: Deps, request_id: int) -> Request:
    async with deps.uow() as uow:
        request = await uow.requests.get(request_id)
    if request is None:
        raise NotFound(N_("Request not found. It may have been deleted."))
    return request
