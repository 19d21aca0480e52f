"""Read-only views of approvals for the deciding side of the chat: what an approval message
said (its template and parameters with the brief, see ``flows.approval_brief``), where each
decision and its request stand now, and which approvals wait for a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from flows.actor import Actor, ActorRef
from flows.approval_brief import approval_brief
from flows.enums import ApprovalPurpose, Decision, OutboxStatus, Role, Status
from flows.errors import N_, AlreadyDecided, NotFound
from flows.services.context import Deps
from flows.services.decisions import _already, _may_decide
from flows.services.engine import load_actor
from storage.tables import Approval, Outbox, Request, SentMessage
from storage.uow import UnitOfWork

TEMPLATE_OF = {
    ApprovalPurpose.winner.value: "approval_winner",
    ApprovalPurpose.vetting.value: "approval_vetting",
    ApprovalPurpose.change.value: "approval_change",
}
# Messages whose buttons stop working once the request is cancelled.
CLOSABLE_PREFIXES = ("approval:", "cancel:", "receipt:")
MOVED_ON = N_("This decision is no longer needed: the request moved on.")


@dataclass(frozen=True)
class ApprovalState:
    """One approval as the chat shows it: its message (template and parameters as sent)
    and where the decision and its request stand now."""

    approval_id: int
    request_id: int
    number: str
    request_status: str
    purpose: str
    role: str
    decision: str
    decided_by: int | None
    decided_by_name: str
    decided_at: datetime | None
    comment: str | None
    created_at: datetime
    template: str
    params: dict[str, Any]

    @property
    def pending(self) -> bool:
        return self.decision == Decision.pending


async def _message_of(
    uow: UnitOfWork, approval: Approval, request: Request
) -> tuple[str, dict[str, Any]]:
    """Template and parameters of the message sent for the approval (built afresh if none)."""
    template = TEMPLATE_OF[approval.purpose]
    query = (
        select(Outbox)
        .where(Outbox.purpose == f"approval:{approval.id}", Outbox.template == template)
        .order_by(col(Outbox.id))
        .limit(1)
    )
    row = (await uow.session.exec(query)).first()
    if row is not None and isinstance(row.params, dict):
        return template, dict(row.params)
    params = {
        "number": request.number,
        "approval_id": approval.id,
        "overrun": approval.budget_overrun,
        "brief": await approval_brief(uow, request, approval),
    }
    return template, params


async def _state(uow: UnitOfWork, approval: Approval) -> ApprovalState:
    assert approval.id is not None
    request = await uow.requests.get(approval.request_id)
    assert request is not None and request.id is not None
    decider = await uow.people.get(approval.decided_by) if approval.decided_by else None
    template, params = await _message_of(uow, approval, request)
    return ApprovalState(
        approval_id=approval.id,
        request_id=request.id,
        number=request.number,
        request_status=request.status,
        purpose=approval.purpose,
        role=approval.role,
        decision=approval.decision,
        decided_by=approval.decided_by,
        decided_by_name=decider.full_name if decider else "",
        decided_at=approval.decided_at,
        comment=approval.comment,
        created_at=approval.created_at,
        template=template,
        params=params,
    )


async def approval_states(deps: Deps, approval_ids: Iterable[int]) -> list[ApprovalState]:
    """Where each approval stands now; unknown ids are skipped.

    For the edge after a service call has admitted the person; it checks no access itself.
    """
    states = []
    async with deps.uow() as uow:
        for approval_id in approval_ids:
            approval = await uow.tender.approval(approval_id)
            if approval is not None:
                states.append(await _state(uow, approval))
    return states


def _same_round(approval: Approval, other: Approval) -> bool:
    if approval.purpose == ApprovalPurpose.change:
        return other.purpose == ApprovalPurpose.change and other.change_id == approval.change_id
    return other.purpose != ApprovalPurpose.change and other.round == approval.round


async def round_ids(deps: Deps, approval_id: int) -> list[int]:
    """Ids of the approvals decided together with this one: its winner round (with the
    vetting) or its change request."""
    async with deps.uow() as uow:
        approval = await uow.tender.approval(approval_id)
        if approval is None:
            return []
        rows = await uow.tender.approvals(approval.request_id)
    return [a.id for a in rows if a.id is not None and _same_round(approval, a)]


async def open_purposes(deps: Deps, request_id: int) -> list[str]:
    """Purposes of the request's messages whose buttons still work or are not sent yet."""
    async with deps.uow() as uow:
        sent = select(SentMessage.purpose).where(
            SentMessage.request_id == request_id, col(SentMessage.active).is_(True)
        )
        unsent = select(Outbox.purpose).where(
            Outbox.request_id == request_id,
            col(Outbox.status).in_([OutboxStatus.pending.value, OutboxStatus.sending.value]),
        )
        found = [*(await uow.session.exec(sent)).all(), *(await uow.session.exec(unsent)).all()]
    purposes = dict.fromkeys(p for p in found if p and p.startswith(CLOSABLE_PREFIXES))
    return list(purposes)


@dataclass(frozen=True)
class SentNotice:
    """What a message with buttons said: its template and parameters as written."""

    template: str
    params: dict[str, Any]
    request_id: int | None


async def notice_of(deps: Deps, purpose: str) -> SentNotice | None:
    """The first outbox row written for ``purpose`` (e.g. ``cancel:7:12``), if any."""
    async with deps.uow() as uow:
        query = select(Outbox).where(Outbox.purpose == purpose).order_by(col(Outbox.id)).limit(1)
        row = (await uow.session.exec(query)).first()
    if row is None:
        return None
    params = dict(row.params) if isinstance(row.params, dict) else {}
    return SentNotice(row.template, params, row.request_id)


# --- what waits for a person -------------------------------------------------------------


def _still_open(approval: Approval, request: Request) -> bool:
    if approval.purpose == ApprovalPurpose.change:
        return True
    return request.status == Status.winner_approval and request.approval_round == approval.round


def _may(actor: Actor, approval: Approval, request: Request) -> bool:
    if actor.user_id == request.initiator_id or not actor.has(Role(approval.role)):
        return False
    return approval.approver_id is None or actor.acts_for(approval.approver_id)


async def pending_for(
    deps: Deps, ref: ActorRef, purposes: Sequence[str], *, limit: int = 50
) -> list[ApprovalState]:
    """Approvals of ``purposes`` waiting for this person's decision, oldest first.

    Raises AccessDenied for an unknown or switched-off person.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        query = (
            select(Approval, Request)
            .join(Request, col(Request.id) == col(Approval.request_id))
            .where(
                Approval.decision == Decision.pending.value,
                col(Approval.purpose).in_(list(purposes)),
            )
            .order_by(col(Approval.created_at), col(Approval.id))
        )
        rows = (await uow.session.exec(query)).all()
        mine = [a for a, r in rows if _may(actor, a, r) and _still_open(a, r)]
        return [await _state(uow, a) for a in mine[:limit]]


async def decidable(deps: Deps, ref: ActorRef, approval_id: int) -> ApprovalState:
    """The approval the person is about to decide, if they still may.

    Raises what :func:`flows.services.decisions.decide` would: NotFound, Refused (own
    request), AccessDenied (someone else's decision, role removed), AlreadyDecided.
    """
    async with deps.uow() as uow:
        actor = await load_actor(uow, ref, deps.today())
        approval = await uow.tender.approval(approval_id)
        if approval is None:
            raise NotFound(N_("This decision was not found."))
        request = await uow.requests.get(approval.request_id)
        assert request is not None
        # The service's own checks, so this view and decide() never disagree.
        _may_decide(actor, approval, request)
        if approval.decision != Decision.pending:
            raise await _already(uow, approval, actor)
        if not _still_open(approval, request):
            raise AlreadyDecided(MOVED_ON)
        return await _state(uow, approval)
