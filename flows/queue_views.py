"""Read-only views for executors and heads: the department's queue and the executors' load.

No view writes; each opens its own short read transaction and returns plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from flows.actor import ActorRef
from flows.enums import DEPARTMENT_OF_KIND, RequestKind, Role, Status
from flows.errors import N_, AccessDenied
from flows.services.context import Deps
from flows.services.engine import get_request, load_actor
from flows.transitions import ACTIVE_WORK
from storage.tables import Request
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class QueueRow:
    request_id: int
    number: str
    kind: str
    is_emergency: bool
    deadline: date | None  # the loading date of transport, the required date of procurement
    submitted_at: datetime | None


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    offset: int
    is_head: bool


@dataclass(frozen=True)
class ExecutorLoad:
    user_id: int
    name: str
    open_requests: int  # requests they have in work, from «in work» up to «documents»
    is_current: bool = False


@dataclass(frozen=True)
class AssignChoice:
    request_id: int
    number: str
    version: int
    executors: list[ExecutorLoad]


def _kinds(department: str | None) -> list[str]:
    """Request kinds a department works on; every kind for a person outside departments."""
    return [k.value for k, d in DEPARTMENT_OF_KIND.items() if department in (None, d.value)]


def _deadline(request: Request) -> date | None:
    return request.loading_date if request.kind == RequestKind.transport else request.required_date


async def department_queue(
    deps: Deps, ref: ActorRef, *, offset: int = 0, limit: int = 8
) -> QueuePage:
    """Submitted requests of the person's department, most urgent first: emergencies, then
    the nearest deadline, then the newest. Raises AccessDenied for anyone but executors and
    heads."""
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        if not (actor.has(Role.executor) or actor.has(Role.head)):
            raise AccessDenied(N_("Only executors and heads of department see the queue."))
        query = select(Request).where(
            Request.status == Status.submitted.value,
            col(Request.kind).in_(_kinds(actor.department)),
        )
        total = (await uow.session.exec(select(func.count()).select_from(query.subquery()))).one()
        deadline = func.coalesce(col(Request.loading_date), col(Request.required_date))
        ordered = query.order_by(
            col(Request.is_emergency).desc(),
            deadline,
            col(Request.submitted_at).desc(),
            col(Request.id).desc(),
        )
        rows = (await uow.session.exec(ordered.offset(offset).limit(limit))).all()
    return QueuePage(
        rows=[
            QueueRow(
                request_id=r.id or 0,
                number=r.number,
                kind=r.kind,
                is_emergency=bool(r.is_emergency),
                deadline=_deadline(r),
                submitted_at=r.submitted_at,
            )
            for r in rows
        ],
        total=total,
        offset=offset,
        is_head=actor.has(Role.head),
    )


async def _loads(uow: UnitOfWork, department: str, current: int | None) -> list[ExecutorLoad]:
    executors = [e for e in await uow.people.with_role(Role.executor) if e.id is not None]
    executors = [e for e in executors if e.department in (None, department)]
    counted = (
        select(col(Request.executor_id), func.count())
        .where(col(Request.executor_id).in_([e.id for e in executors]))
        .where(col(Request.status).in_([s.value for s in ACTIVE_WORK]))
        .group_by(col(Request.executor_id))
    )
    counts: dict[int, int] = dict((await uow.session.exec(counted)).all())  # type: ignore[arg-type]
    return [
        ExecutorLoad(e.id, e.full_name, counts.get(e.id, 0), e.id == current)
        for e in executors
        if e.id is not None
    ]


async def assign_choice(deps: Deps, ref: ActorRef, request_id: int) -> AssignChoice:
    """The executors who may get the request, each with their open load, least loaded first.

    Raises AccessDenied for anyone but a head, NotFound for an unknown request.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        if not actor.has(Role.head):
            raise AccessDenied(N_("Only a head of department assigns executors."))
        request = await get_request(uow, request_id)
        department = DEPARTMENT_OF_KIND[RequestKind(request.kind)].value
        loads = await _loads(uow, department, request.executor_id)
    loads.sort(key=lambda load: (load.open_requests, load.name))
    return AssignChoice(request_id, request.number, request.version, loads)
