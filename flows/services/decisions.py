"""One-tap decisions on approvals: winner, security vetting and change requests.

Each approver decides once. The request row is locked (PostgreSQL) or the database write lock
is taken (SQLite) before the approval row is updated, always in that order, so approvers who
press at the same moment queue for a few milliseconds and all succeed, and the request moves
exactly once, when the last required approval arrives or a rejection comes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flows.actor import Actor, ActorRef
from flows.approvals import VETTING_VALID_DAYS
from flows.enums import (
    Action,
    ApprovalPurpose,
    ChangeStatus,
    Decision,
    Level,
    Role,
    Source,
    Status,
)
from flows.errors import N_, AccessDenied, AlreadyDecided, NotFound, Refused
from flows.outbox import enqueue
from flows.services.context import Deps
from flows.services.engine import Prepared, build_facts, commit_transition, load_actor
from flows.transitions import find
from storage.tables import Approval, Request, TransitionLog
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    approval: Approval
    request: Request
    moved: bool


def _fmt_time(at: datetime | None) -> str:
    return at.strftime("%d.%m.%Y %H:%M UTC") if at else "—"


async def _already(uow: UnitOfWork, approval: Approval, actor: Actor) -> AlreadyDecided:
    if approval.decision == Decision.closed:
        return AlreadyDecided(N_("This decision is no longer needed: the request moved on."))
    if approval.decided_by == actor.user_id:
        return AlreadyDecided(
            N_("Already decided by you at {time}."), time=_fmt_time(approval.decided_at)
        )
    other = await uow.people.get(approval.decided_by) if approval.decided_by else None
    return AlreadyDecided(
        N_("Already decided by {name} at {time}."),
        name=other.full_name if other else "—",
        time=_fmt_time(approval.decided_at),
    )


def _may_decide(actor: Actor, approval: Approval, request: Request) -> None:
    if actor.user_id == request.initiator_id:
        raise Refused(N_("Nobody approves their own request."))
    if approval.approver_id is not None and not actor.acts_for(approval.approver_id):
        raise AccessDenied(N_("This decision is assigned to another person."))
    # Checked for named approvers too: a role taken away after the message went out must
    # disable its buttons.
    if not actor.has(Role(approval.role)):
        raise AccessDenied(N_("You no longer have the role this decision needs."))


def _action(approval: Approval, approve: bool) -> Action:
    if approval.purpose == ApprovalPurpose.change:
        return Action.approve_change if approve else Action.reject_change
    return Action.approve_winner if approve else Action.reject_winner


async def decide(
    deps: Deps,
    ref: ActorRef,
    approval_id: int,
    *,
    approve: bool,
    comment: str | None = None,
    source: Source = Source.bot,
) -> Outcome:
    """Record one approver's decision and move the request if it was the deciding one.

    Raises AlreadyDecided (second press, or the round is over), AccessDenied (not this
    person's decision, role removed), Refused (own request, rejection without a comment).
    """
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, today)
        approval = await uow.tender.approval(approval_id)
        if approval is None:
            raise NotFound(N_("This decision was not found."))
        request = await uow.requests.get(approval.request_id, lock=True)
        assert request is not None
        approval = await uow.tender.approval(approval_id)
        assert approval is not None
        # Who may decide is checked first, so a stranger learns nothing of the decision.
        _may_decide(actor, approval, request)
        if approval.decision != Decision.pending:
            raise await _already(uow, approval, actor)
        if not approve and not (comment or "").strip():
            raise Refused(N_("Write the reason in a comment."))
        decision = Decision.approved if approve else Decision.rejected
        if not await uow.tender.decide(
            approval_id, decision=decision.value, by=actor.user_id, at=now, comment=comment
        ):
            raise await _already(uow, await _reread(uow, approval_id), actor)
        approval.decision, approval.decided_by, approval.decided_at = decision, actor.user_id, now
        if approval.purpose == ApprovalPurpose.vetting:
            await _store_vetting(uow, approval, approve, comment, actor, now, today)
        moved = await _settle(uow, request, approval, actor, approve, comment, now, today, source)
        await uow.commit()
    logger.info(
        "approval %s %s by user %s (request %s moved=%s)",
        approval_id,
        decision.value,
        actor.user_id,
        request.id,
        moved,
    )
    return Outcome(approval, request, moved)


async def _reread(uow: UnitOfWork, approval_id: int) -> Approval:
    approval = await uow.tender.approval(approval_id)
    assert approval is not None
    return approval


async def _store_vetting(
    uow: UnitOfWork,
    approval: Approval,
    approve: bool,
    comment: str | None,
    actor: Actor,
    now: datetime,
    today: date,
) -> None:
    assert approval.counterparty_id is not None
    cp = await uow.reference.counterparty(approval.counterparty_id)
    assert cp is not None
    cp.security_status = "approved" if approve else "rejected"
    cp.security_reason = comment
    cp.security_decided_by, cp.security_decided_at = actor.user_id, now
    cp.security_valid_until = today + timedelta(days=VETTING_VALID_DAYS)
    uow.session.add(cp)


async def _settle(
    uow: UnitOfWork,
    request: Request,
    approval: Approval,
    actor: Actor,
    approve: bool,
    comment: str | None,
    now: datetime,
    today: date,
    source: Source,
) -> bool:
    """Move the request if this decision settles the round; else only log the decision."""
    if approval.purpose == ApprovalPurpose.change:
        return await _settle_change(
            uow, request, approval, actor, approve, comment, now, today, source
        )
    if request.status != Status.winner_approval or request.approval_round != approval.round:
        raise AlreadyDecided(N_("This decision is no longer needed: the request moved on."))
    action = _action(approval, approve)
    prepared = await _prepared(uow, request, actor, approval, action, now, today)
    assert request.id is not None
    if not approve:
        await uow.tender.close_pending(request.id, now, round=approval.round)
        await commit_transition(
            uow,
            prepared,
            to=Status.winner_approval,
            now=now,
            source=source,
            comment=comment,
            rule=approval.rule,
            changes={"winner_rejection": comment},
        )
        await enqueue(
            uow,
            now=now,
            recipients=[request.executor_id],
            template="winner_rejected",
            params={"number": request.number, "reason": comment or ""},
            request_id=request.id,
            level=Level.urgent,
        )
        return True
    pending = [
        a
        for a in await uow.tender.approvals(request.id, round_=approval.round)
        if a.decision == Decision.pending and a.purpose != ApprovalPurpose.change
    ]
    if pending:
        _log_only(uow, prepared, request, now, source, comment, approval.rule)
        return False
    await commit_transition(
        uow,
        prepared,
        to=Status.awaiting_payment,
        now=now,
        source=source,
        comment=comment,
        rule=approval.rule,
    )
    await enqueue(
        uow,
        now=now,
        recipients=[request.executor_id, request.initiator_id],
        template="winner_approved",
        params={"number": request.number},
        request_id=request.id,
    )
    return True


async def _prepared(
    uow: UnitOfWork,
    request: Request,
    actor: Actor,
    approval: Approval,
    action: Action,
    now: datetime,
    today: date,
) -> Prepared:
    transition = find(Status(request.status), action)
    if transition is None:
        raise AlreadyDecided(N_("This decision is no longer needed: the request moved on."))
    facts = await build_facts(uow, request, actor, now, today, {})
    # _may_decide made sure the actor holds the role of the approval's seat.
    return Prepared(request, actor, Role(approval.role), transition, facts)


def _log_only(
    uow: UnitOfWork,
    prepared: Prepared,
    request: Request,
    now: datetime,
    source: Source,
    comment: str | None,
    rule: str | None,
) -> None:
    assert request.id is not None
    uow.requests.append_log(
        TransitionLog(
            request_id=request.id,
            at=now,
            actor_id=prepared.actor.user_id,
            actor_name=prepared.actor.name,
            role=prepared.role.value,
            action=prepared.transition.action.value,
            from_status=request.status,
            to_status=request.status,
            comment=comment,
            source=source.value,
            rule=rule,
        )
    )


async def _settle_change(
    uow: UnitOfWork,
    request: Request,
    approval: Approval,
    actor: Actor,
    approve: bool,
    comment: str | None,
    now: datetime,
    today: date,
    source: Source,
) -> bool:
    change = await uow.tender.change(approval.change_id)
    if change is None or change.status != ChangeStatus.pending:
        raise AlreadyDecided(N_("This decision is no longer needed: the request moved on."))
    prepared = await _prepared(
        uow, request, actor, approval, _action(approval, approve), now, today
    )
    assert request.id is not None
    if approve:
        pending = [
            a
            for a in await uow.tender.approvals(request.id, purpose="change")
            if a.change_id == change.id and a.decision == Decision.pending
        ]
        if pending:
            _log_only(uow, prepared, request, now, source, comment, approval.rule)
            return False
    else:
        await uow.tender.close_pending(request.id, now, change_id=change.id)
    change.status = (ChangeStatus.approved if approve else ChangeStatus.rejected).value
    change.decided_at = now
    uow.session.add(change)
    changes: dict[str, object] = {}
    if approve and change.new_required_date is not None:
        changes["required_date"] = change.new_required_date
    if approve and change.new_amount_kop is not None:
        changes["amount_kop"] = change.new_amount_kop
    await commit_transition(
        uow,
        prepared,
        to=Status(request.status),
        now=now,
        source=source,
        comment=comment,
        rule=approval.rule,
        changes=changes,
    )
    await enqueue(
        uow,
        now=now,
        recipients=[request.executor_id],
        template="change_approved" if approve else "change_rejected",
        params={"number": request.number, "reason": comment or ""},
        request_id=request.id,
    )
    return True
