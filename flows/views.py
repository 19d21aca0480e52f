"""Read-only views of requests for the edges: lists, the card, what the person may do now.

No view writes; each opens its own short read transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import col, select

from flows.actor import Actor, ActorRef
from flows.enums import DEPARTMENT_OF_KIND, OPEN_STATUSES, Action, Decision, Role, Status
from flows.errors import N_, AccessDenied
from flows.facts import Facts
from flows.guards import STATE_GUARDS
from flows.services.context import Deps
from flows.services.engine import build_facts, get_request, load_actor, relation_holds
from flows.transitions import find
from storage.tables import (
    Approval,
    Attachment,
    Bid,
    Cargo,
    ClosingDocument,
    Request,
    RequestItem,
    RoutePoint,
    TransitionLog,
)
from storage.uow import UnitOfWork

# What the request waits for in each status, and whose move it is.
NEXT_STEP: dict[Status, tuple[str, Role | None]] = {
    Status.draft: (N_("Fill in and submit the request."), Role.initiator),
    Status.submitted: (N_("An executor must take the request into work."), Role.executor),
    Status.in_work: (N_("The executor starts a tender."), Role.executor),
    Status.tender: (N_("Bids are collected; then the executor picks the winner."), Role.executor),
    Status.winner_approval: (N_("The winner is being approved."), None),
    Status.awaiting_payment: (N_("Waiting for the payment."), Role.admin),
    Status.paid: (N_("The executor records the dispatch."), Role.executor),
    Status.in_delivery: (N_("On the way; the executor records delivery."), Role.executor),
    Status.delivered: (N_("The initiator confirms receipt."), Role.initiator),
    Status.documents: (N_("The executor collects the closing documents."), Role.executor),
    Status.closed: (N_("Closed."), None),
    Status.cancellation_requested: (
        N_("The project manager decides on the cancellation."),
        Role.project_manager,
    ),
    Status.cancelled: (N_("Cancelled."), None),
}


@dataclass
class RequestCard:
    request: Request
    actor: Actor
    route: Sequence[RoutePoint] = ()
    cargo: Cargo | None = None
    items: Sequence[RequestItem] = ()
    attachments: Sequence[Attachment] = ()
    bids: Sequence[Bid] = ()
    approvals: Sequence[Approval] = ()
    documents: Sequence[ClosingDocument] = ()
    log: Sequence[TransitionLog] = ()
    names: dict[int, str] = field(default_factory=dict)
    project_name: str | None = None
    region_name: str | None = None
    vehicle_type: str | None = None
    counterparty_names: dict[int, str] = field(default_factory=dict)
    next_step: str = ""
    waiting_for: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    my_approvals: list[Approval] = field(default_factory=list)


def allowed_actions(facts: Facts) -> list[Action]:
    """Actions the actor may start now: role and relation hold and no state guard refuses.

    Guards about what the person still has to type are checked when the action is used.
    """
    status = Status(facts.request.status)
    allowed = []
    for action in Action:
        transition = find(status, action)
        if transition is None or transition.action in (
            Action.approve_winner,
            Action.reject_winner,
            Action.approve_change,
            Action.reject_change,
        ):
            continue
        if any(guard(facts) for guard in transition.guards if guard in STATE_GUARDS):
            continue
        if any(
            facts.actor.has(role) and relation_holds(rel, facts)
            for role, rel in transition.permits
        ):
            allowed.append(action)
    return allowed


def _may_decide(actor: Actor, approval: Approval, request: Request) -> bool:
    if approval.decision != Decision.pending or actor.user_id == request.initiator_id:
        return False
    if approval.approver_id is not None:
        return actor.acts_for(approval.approver_id)
    return actor.has(Role(approval.role))


async def request_card(deps: Deps, ref: ActorRef, request_id: int) -> RequestCard:
    """Everything the card shows. Raises AccessDenied, NotFound."""
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        request = await get_request(uow, request_id)
        facts = await build_facts(uow, request, actor, deps.now(), deps.today(), {})
        card = RequestCard(
            request=request,
            actor=actor,
            route=await uow.requests.route(request_id),
            cargo=await uow.requests.cargo(request_id),
            items=await uow.requests.items(request_id),
            attachments=await uow.requests.attachments(request_id),
            bids=facts.bids,
            approvals=await uow.tender.approvals(request_id),
            documents=await uow.tender.documents(request_id),
            log=await uow.requests.log(request_id),
        )
        project = await uow.reference.project(request.project_id) if request.project_id else None
        card.project_name = f"{project.code} {project.name}" if project else None
        await _reference_names(uow, card, facts)
        ids = {
            request.initiator_id,
            request.executor_id,
            *(r.actor_id for r in card.log),
            *(a.approver_id for a in card.approvals),
            *(a.decided_by for a in card.approvals),
        }
        for user_id in ids - {None}:
            user = await uow.people.get(user_id)  # type: ignore[arg-type]
            if user is not None:
                card.names[user_id] = user.full_name  # type: ignore[index]
        step, role = NEXT_STEP[Status(request.status)]
        card.next_step = step
        card.waiting_for = await _waiting(
            uow, request, role, project.manager_id if project else None, card.approvals, card.names
        )
    card.actions = allowed_actions(facts)
    card.my_approvals = [a for a in card.approvals if _may_decide(actor, a, request)]
    return card


async def _reference_names(uow: UnitOfWork, card: RequestCard, facts: Facts) -> None:
    request = card.request
    region = await uow.reference.region(request.region_id) if request.region_id else None
    card.region_name = region.name if region else None
    vehicles = {v.id: v.name for v in await uow.reference.vehicle_types()}
    card.vehicle_type = vehicles.get(request.vehicle_type_id)
    card.counterparty_names = {cp_id: cp.name for cp_id, cp in facts.counterparties.items()}


async def _waiting(
    uow: object,
    request: Request,
    role: Role | None,
    pm_id: int | None,
    approvals: Sequence[Approval],
    names: dict[int, str],
) -> list[str]:
    if request.status == Status.winner_approval:
        return [
            names.get(a.approver_id, a.role) if a.approver_id else a.role
            for a in approvals
            if a.decision == Decision.pending
        ]
    if role is Role.initiator:
        return [names.get(request.initiator_id, "")]
    if role is Role.executor and request.executor_id:
        return [names.get(request.executor_id, "")]
    if role is Role.project_manager and pm_id:
        return [names.get(pm_id, role.value)]
    return [role.value] if role else []


@dataclass
class RequestPage:
    rows: Sequence[Request]
    total: int
    offset: int
    limit: int
    viewer_roles: frozenset[Role] = frozenset()


async def my_requests(
    deps: Deps,
    ref: ActorRef,
    *,
    statuses: Sequence[Status] | None = None,
    offset: int = 0,
    limit: int = 8,
    as_executor: bool = False,
) -> RequestPage:
    """The person's own requests (or those assigned to them), newest first."""
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        filters = {"executor_id" if as_executor else "initiator_id": actor.user_id}
        rows, total = await uow.requests.list_by(
            statuses=[s.value for s in statuses] if statuses else None,
            offset=offset,
            limit=limit,
            **filters,
        )
    return RequestPage(rows, total, offset, limit, actor.roles)


def _department_kinds(department: str | None) -> list[str]:
    """Request kinds a department works on; every kind for a person outside departments."""
    return [k.value for k, d in DEPARTMENT_OF_KIND.items() if department in (None, d.value)]


async def queue(deps: Deps, ref: ActorRef, *, offset: int = 0, limit: int = 8) -> RequestPage:
    """Submitted requests nobody has taken yet, of the actor's department: emergencies
    first, then the longest waiting. Raises AccessDenied for anyone but executors and heads.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        if not (actor.has(Role.executor) or actor.has(Role.head)):
            raise AccessDenied(N_("Only executors and heads of department see the queue."))
        query = select(Request).where(
            Request.status == Status.submitted.value,
            col(Request.kind).in_(_department_kinds(actor.department)),
        )
        total = (await uow.session.exec(select(func.count()).select_from(query.subquery()))).one()
        ordered = query.order_by(
            col(Request.is_emergency).desc(), col(Request.submitted_at), col(Request.id)
        )
        rows = (await uow.session.exec(ordered.offset(offset).limit(limit))).all()
    return RequestPage(rows, total, offset, limit, actor.roles)


@dataclass(frozen=True)
class ExecutorLoad:
    user_id: int
    name: str
    open_requests: int


async def executor_load(deps: Deps, ref: ActorRef) -> list[ExecutorLoad]:
    """Executors of the head's department with the number of requests each has in work.

    Raises AccessDenied for anyone but a head.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        if not actor.has(Role.head):
            raise AccessDenied(N_("Only a head of department sees the executors' load."))
        executors = await uow.people.with_role(Role.executor, department=actor.department)
        in_work = [s.value for s in OPEN_STATUSES - {Status.submitted}]
        counted = (
            select(Request.executor_id, func.count())
            .where(col(Request.executor_id).in_([e.id for e in executors]))
            .where(col(Request.status).in_(in_work))
            .group_by(col(Request.executor_id))
        )
        counts = dict((await uow.session.exec(counted)).all())
    return [ExecutorLoad(e.id, e.full_name, counts.get(e.id, 0)) for e in executors if e.id]
