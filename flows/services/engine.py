"""The one path every status change takes: load, check, write status + log + outbox.

Services build on :func:`prepare` (who acts, may they, do the guards pass) and
:func:`commit_transition` (the versioned write and the log row).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flows.actor import Actor, ActorRef, substitution_active, system_actor
from flows.enums import Action, Role, Source, Status
from flows.errors import N_, AccessDenied, NotFound, Refused, StaleVersion
from flows.facts import Facts
from flows.guards import Reason
from flows.transitions import Relation, Transition, find, refusal_for
from storage.tables import Request, TransitionLog
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    request: Request
    actor: Actor
    role: Role
    transition: Transition
    facts: Facts


async def load_actor(uow: UnitOfWork, ref: ActorRef, today: date) -> Actor:
    """The actor with roles read now from the database.

    Raises AccessDenied for an unknown or deactivated person.
    """
    if ref.system is not None:
        return system_actor(ref.system)
    user = None
    if ref.user_id is not None:
        user = await uow.people.get(ref.user_id)
    elif ref.tg_id is not None:
        user = await uow.people.by_tg(ref.tg_id)
    if user is None or user.id is None:
        raise AccessDenied(N_("You are not registered yet. Send /start to ask for access."))
    if not user.is_active:
        raise AccessDenied(N_("Your access is switched off. Ask an administrator."))
    substituted = await uow.people.substituted_by(user.id)
    acting_for = frozenset(
        p.id
        for p in substituted
        if p.id is not None and substitution_active(p.substitute_from, p.substitute_to, today)
    )
    return Actor(
        user_id=user.id,
        name=user.full_name,
        roles=await uow.people.roles(user.id),
        department=user.department,
        substitutes_for=acting_for,
    )


async def get_request(uow: UnitOfWork, request_id: int, *, lock: bool = False) -> Request:
    request = await uow.requests.get(request_id, lock=lock)
    if request is None:
        raise NotFound(N_("Request not found. It may have been deleted."))
    return request


async def build_facts(
    uow: UnitOfWork,
    request: Request,
    actor: Actor,
    now: datetime,
    today: date,
    payload: Mapping[str, Any],
) -> Facts:
    assert request.id is not None
    route = await uow.requests.route(request.id)
    bids = await uow.tender.bids(request.id)
    counterparties = {}
    for bid in bids:
        cp = await uow.reference.counterparty(bid.counterparty_id)
        if cp is not None:
            counterparties[bid.counterparty_id] = cp
    project = await uow.reference.project(request.project_id) if request.project_id else None
    documents = await uow.tender.documents(request.id)
    return Facts(
        request=request,
        actor=actor,
        now=now,
        today=today,
        project_manager_id=project.manager_id if project else None,
        loading_points=sum(1 for p in route if p.kind == "loading"),
        unloading_points=sum(1 for p in route if p.kind == "unloading"),
        has_cargo=await uow.requests.cargo(request.id) is not None,
        items=len(await uow.requests.items(request.id)),
        bids=tuple(bids),
        counterparties=counterparties,
        missing_documents=tuple(d.doc_type for d in documents if not d.received),
        payload=payload,
    )


def relation_holds(relation: Relation, facts: Facts) -> bool:
    actor, request = facts.actor, facts.request
    if relation is Relation.anyone:
        return True
    if relation is Relation.initiator:
        return actor.user_id == request.initiator_id
    if relation is Relation.executor:
        return actor.acts_for(request.executor_id)
    if relation is Relation.project_manager:
        return actor.acts_for(facts.project_manager_id)
    return relation is Relation.approver  # checked against the approval row itself


_RELATION_REASON = {
    Relation.initiator: N_("Only the author of the request may do this."),
    Relation.executor: N_("Only the executor assigned to this request may do this."),
    Relation.project_manager: N_("Only the project manager of this project may do this."),
}


def choose_role(transition: Transition, facts: Facts) -> Role:
    """The first of the actor's roles that the table permits with its relation satisfied."""
    refusal = refusal_for(Status(facts.request.status), transition.action, facts.actor.roles)
    if refusal is not None:
        raise Refused(refusal.message, **refusal.params)
    for role, relation in transition.permits:
        if facts.actor.has(role) and relation_holds(relation, facts):
            return role
    relation = next(rel for role, rel in transition.permits if facts.actor.has(role))
    raise Refused(_RELATION_REASON.get(relation, N_("You may not do this.")))


def run_guards(transition: Transition, facts: Facts) -> None:
    for guard in transition.guards:
        reason: Reason | None = guard(facts)
        if reason is not None:
            raise Refused(reason.message, **reason.params)


async def prepare(
    uow: UnitOfWork,
    ref: ActorRef,
    request_id: int,
    action: Action,
    *,
    now: datetime,
    today: date,
    version: int | None = None,
    payload: Mapping[str, Any] | None = None,
) -> Prepared:
    """Load and check everything an action needs; raises the first refusal found.

    The request row is locked before anything else is written, by every service, so writers
    of one request queue on it instead of locking its approvals and the request in opposite
    orders (a deadlock on PostgreSQL); on SQLite the transaction holds the write lock anyway.
    """
    actor = await load_actor(uow, ref, today)
    request = await get_request(uow, request_id, lock=True)
    if version is not None and version != request.version:
        raise StaleVersion(request_id, request.status)
    status = Status(request.status)
    transition = find(status, action)
    if transition is None:
        reason = refusal_for(status, action, actor.roles)
        assert reason is not None
        raise Refused(reason.message, **reason.params)
    facts = await build_facts(uow, request, actor, now, today, payload or {})
    role = choose_role(transition, facts)
    run_guards(transition, facts)
    return Prepared(request, actor, role, transition, facts)


async def commit_transition(
    uow: UnitOfWork,
    prepared: Prepared,
    *,
    to: Status,
    now: datetime,
    source: Source,
    changes: Mapping[str, Any] | None = None,
    comment: str | None = None,
    rule: str | None = None,
    action: Action | None = None,
) -> None:
    """Write the new status with a version check and append the log row (no commit).

    Raises StaleVersion when someone else changed the request first.
    """
    request, actor = prepared.request, prepared.actor
    assert request.id is not None
    from_status = request.status
    values = dict(changes or {})
    values.update(status=to.value, updated_at=now)
    if not await uow.requests.update_versioned(request.id, request.version, values):
        raise StaleVersion(request.id, request.status)
    uow.requests.append_log(
        TransitionLog(
            request_id=request.id,
            at=now,
            actor_id=actor.user_id,
            actor_name=actor.name,
            role=prepared.role.value,
            action=(action or prepared.transition.action).value,
            from_status=from_status,
            to_status=to.value,
            comment=comment,
            source=source.value,
            rule=rule,
        )
    )
    await uow.session.flush()
    await uow.session.refresh(request)
