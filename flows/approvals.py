"""Who must approve what: the routing rules for winner, vetting and change approvals.

Nobody approves their own request: when the initiator is the project's manager, the manager's
substitute approves in their place, or, with none set, the executive director's approval
suffices. The rule applied is stored on the approval row and in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flows.actor import substitution_active
from flows.approval_brief import approval_brief
from flows.enums import ApprovalPurpose, ChangeStatus, Level, Role, SecurityStatus
from flows.outbox import enqueue
from storage.tables import Approval, Bid, Request
from storage.uow import UnitOfWork

RULE_PM = "project_manager"
RULE_PM_SUBSTITUTE = "pm_substitute"
RULE_ED = "executive_director"
RULE_ED_ALONE = "ed_alone_initiator_is_pm"
RULE_ED_NO_PM = "ed_alone_no_project_manager"
RULE_VETTING = "security_vetting"
VETTING_VALID_DAYS = 365


@dataclass(frozen=True)
class Seat:
    role: Role
    approver_id: int | None
    rule: str


async def manager_seats(uow: UnitOfWork, request: Request, today: date) -> list[Seat]:
    """The project manager's seat and the executive director's, after the self-approval rule."""
    project = await uow.reference.project(request.project_id) if request.project_id else None
    pm_id = project.manager_id if project else None
    if pm_id is None:
        return [Seat(Role.executive_director, None, RULE_ED_NO_PM)]
    if pm_id != request.initiator_id:
        return [
            Seat(Role.project_manager, pm_id, RULE_PM),
            Seat(Role.executive_director, None, RULE_ED),
        ]
    substitute_id = await standing_substitute(uow, pm_id, today)
    if substitute_id is not None:
        return [
            Seat(Role.project_manager, substitute_id, RULE_PM_SUBSTITUTE),
            Seat(Role.executive_director, None, RULE_ED),
        ]
    return [Seat(Role.executive_director, None, RULE_ED_ALONE)]


async def standing_substitute(uow: UnitOfWork, pm_id: int, today: date) -> int | None:
    """The manager's substitute if they may decide today: in the dates, active, holding the
    project manager's role (a decision needs the role of its seat)."""
    pm = await uow.people.get(pm_id)
    if pm is None or pm.substitute_id is None:
        return None
    if not substitution_active(pm.substitute_from, pm.substitute_to, today):
        return None
    substitute = await uow.people.get(pm.substitute_id)
    if substitute is None or not substitute.is_active:
        return None
    if Role.project_manager not in await uow.people.roles(pm.substitute_id):
        return None
    return pm.substitute_id


async def close_open_decisions(uow: UnitOfWork, request_id: int, now: datetime) -> None:
    """Close every pending approval and change request: the request moved past them.

    Their buttons then answer that the decision is no longer needed.
    """
    await uow.tender.close_pending(request_id, now)
    for change in await uow.tender.changes(request_id):
        if change.status == ChangeStatus.pending:
            change.status, change.decided_at = ChangeStatus.closed.value, now
            uow.session.add(change)


def vetting_needed(status: str, valid_until: date | None, today: date) -> bool:
    if status != SecurityStatus.approved:
        return True
    return valid_until is not None and valid_until < today


async def open_winner_round(
    uow: UnitOfWork,
    request: Request,
    bid: Bid,
    *,
    round_: int,
    overrun: bool,
    now: datetime,
    today: date,
) -> list[Approval]:
    """Create the approvals of a new round and message each approver."""
    assert request.id is not None
    seats = await manager_seats(uow, request, today)
    rows = [
        Approval(
            request_id=request.id,
            purpose=ApprovalPurpose.winner.value,
            round=round_,
            role=s.role.value,
            approver_id=s.approver_id,
            rule=s.rule,
            budget_overrun=overrun,
            created_at=now,
        )
        for s in seats
    ]
    cp = await uow.reference.counterparty(bid.counterparty_id)
    if cp is not None and vetting_needed(cp.security_status, cp.security_valid_until, today):
        cp.security_status = SecurityStatus.pending.value
        uow.session.add(cp)
        rows.append(
            Approval(
                request_id=request.id,
                purpose=ApprovalPurpose.vetting.value,
                round=round_,
                role=Role.security.value,
                counterparty_id=cp.id,
                rule=RULE_VETTING,
                created_at=now,
            )
        )
    for row in rows:
        await uow.tender.add(row)
        await notify_approvers(uow, request, row, now)
    return rows


async def recipients_of(uow: UnitOfWork, request: Request, approval: Approval) -> list[int]:
    if approval.approver_id is not None:
        return [approval.approver_id]
    holders = await uow.people.with_role(Role(approval.role))
    return [u.id for u in holders if u.id is not None and u.id != request.initiator_id]


async def notify_approvers(
    uow: UnitOfWork, request: Request, approval: Approval, now: datetime
) -> None:
    template = {
        "winner": "approval_winner",
        "vetting": "approval_vetting",
        "change": "approval_change",
    }[approval.purpose]
    await enqueue(
        uow,
        now=now,
        recipients=await recipients_of(uow, request, approval),
        template=template,
        params={
            "number": request.number,
            "approval_id": approval.id,
            "overrun": approval.budget_overrun,
            "brief": await approval_brief(uow, request, approval),
        },
        request_id=request.id,
        level=Level.reminder,
        purpose=f"approval:{approval.id}",
    )
