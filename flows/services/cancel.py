"""Side paths: cancellation (requested by the executor or direct) and change requests."""

from __future__ import annotations

import logging
from datetime import date, datetime

from flows.actor import ActorRef
from flows.approvals import close_open_decisions, manager_seats, notify_approvers
from flows.enums import Action, ApprovalPurpose, Level, Role, Source, Status
from flows.errors import N_, InvalidInput
from flows.outbox import enqueue
from flows.services.context import Deps
from flows.services.engine import commit_transition, prepare
from storage.tables import Approval, ChangeRequest, Request, TransitionLog
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


async def _pm_of(uow: UnitOfWork, request: Request) -> int | None:
    project = await uow.reference.project(request.project_id) if request.project_id else None
    return project.manager_id if project else None


async def request_cancel(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    reason: str,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The executor asks the project manager to cancel. Raises Refused without a reason."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.request_cancel,
            now=now,
            today=today,
            version=version,
            payload={"comment": reason},
        )
        request = prepared.request
        await commit_transition(
            uow,
            prepared,
            to=Status.cancellation_requested,
            now=now,
            source=source,
            comment=reason,
            changes={"status_before_cancel": request.status, "cancel_reason": reason},
        )
        await enqueue(
            uow,
            now=now,
            recipients=[await _pm_of(uow, request)],
            template="cancel_requested",
            params={"number": request.number, "reason": reason},
            request_id=request.id,
            level=Level.reminder,
            purpose=f"cancel:{request.id}:{request.version}",
        )
        await uow.commit()
    return prepared.request


async def approve_cancel(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The project manager agrees to cancel; every open approval is closed."""
    return await _finish_cancel(
        deps, ref, request_id, Action.approve_cancel, None, version, source
    )


async def cancel(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    reason: str,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The project manager cancels directly. Raises Refused without a reason."""
    return await _finish_cancel(deps, ref, request_id, Action.cancel, reason, version, source)


async def _finish_cancel(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    action: Action,
    reason: str | None,
    version: int | None,
    source: Source,
) -> Request:
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            action,
            now=now,
            today=today,
            version=version,
            payload={"comment": reason},
        )
        request = prepared.request
        await close_open_decisions(uow, request_id, now)
        await commit_transition(
            uow,
            prepared,
            to=Status.cancelled,
            now=now,
            source=source,
            comment=reason,
            changes={"closed_at": now, "cancel_reason": reason or request.cancel_reason},
        )
        await enqueue(
            uow,
            now=now,
            recipients=[request.initiator_id, request.executor_id],
            template="request_cancelled",
            params={"number": request.number, "reason": reason or ""},
            request_id=request.id,
            exclude=prepared.actor.user_id,
        )
        await uow.commit()
    logger.info("request %s cancelled", request_id)
    return prepared.request


async def reject_cancel(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    comment: str,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The project manager refuses to cancel: the request returns to where it was."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.reject_cancel,
            now=now,
            today=today,
            version=version,
            payload={"comment": comment},
        )
        request = prepared.request
        back = Status(request.status_before_cancel or Status.in_work)
        await commit_transition(
            uow,
            prepared,
            to=back,
            now=now,
            source=source,
            comment=comment,
            changes={"status_before_cancel": None},
        )
        await enqueue(
            uow,
            now=now,
            recipients=[request.executor_id],
            template="cancel_rejected",
            params={"number": request.number, "reason": comment},
            request_id=request.id,
        )
        await uow.commit()
    return prepared.request


async def request_change(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    reason: str,
    new_required_date: date | None = None,
    new_amount_kop: int | None = None,
    source: Source = Source.bot,
) -> ChangeRequest:
    """The executor asks for a new date or amount; the project manager approves, and the
    executive director too when the amount goes over the budget.

    Raises InvalidInput when neither a date nor a positive amount is given.
    """
    if new_required_date is None and (new_amount_kop is None or new_amount_kop <= 0):
        raise InvalidInput(N_("Give a new date or a new amount."))
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.request_change,
            now=now,
            today=today,
            payload={"comment": reason},
        )
        request = prepared.request
        budget = request.estimated_cost_kop
        over = new_amount_kop is not None and budget is not None and new_amount_kop > budget
        assert prepared.actor.user_id is not None
        change = ChangeRequest(
            request_id=request_id,
            new_required_date=new_required_date,
            new_amount_kop=new_amount_kop,
            over_budget=over,
            reason=reason,
            created_by=prepared.actor.user_id,
            created_at=now,
        )
        await uow.tender.add(change)
        # The status stays, but the ask is a step of the request's history like any other.
        uow.requests.append_log(
            TransitionLog(
                request_id=request_id,
                at=now,
                actor_id=prepared.actor.user_id,
                actor_name=prepared.actor.name,
                role=prepared.role.value,
                action=Action.request_change.value,
                from_status=request.status,
                to_status=request.status,
                comment=reason,
                source=source.value,
            )
        )
        await _open_change_round(uow, request, change, now, today)
        await uow.commit()
    logger.info("request %s change %s requested", request_id, change.id)
    return change


async def _open_change_round(
    uow: UnitOfWork, request: Request, change: ChangeRequest, now: datetime, today: date
) -> None:
    assert request.id is not None and change.id is not None
    seats = await manager_seats(uow, request, today)
    if not change.over_budget:
        seats = [s for s in seats if s.role is Role.project_manager] or seats
    for seat in seats:
        row = Approval(
            request_id=request.id,
            purpose=ApprovalPurpose.change.value,
            round=0,
            change_id=change.id,
            role=seat.role.value,
            approver_id=seat.approver_id,
            rule=seat.rule,
            budget_overrun=change.over_budget,
            created_at=now,
        )
        await uow.tender.add(row)
        await notify_approvers(uow, request, row, now)
