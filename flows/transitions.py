"""The transition table: for each (status, action) the target, who may act, and the guards.

Nothing changes a request's status except the services, and they only through this table.
A ``target`` of None means the service computes it (approvals that wait for the last decision,
a rejected cancellation that returns to the status it came from).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flows import guards as g
from flows.enums import Action, Role, Status
from flows.errors import N_, Msg
from flows.guards import Guard, Reason


class Relation(StrEnum):
    """Who, relative to the request, holding the role may act."""

    anyone = "anyone"
    initiator = "initiator"
    executor = "executor"
    project_manager = "project_manager"
    approver = "approver"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status | None
    permits: tuple[tuple[Role, Relation], ...]
    guards: tuple[Guard, ...] = ()

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, _ in self.permits)


S = Status
ACTIVE_WORK = frozenset(
    {
        S.in_work,
        S.tender,
        S.winner_approval,
        S.awaiting_payment,
        S.paid,
        S.in_delivery,
        S.delivered,
        S.documents,
    }
)
CANCELLABLE = (ACTIVE_WORK - {S.documents}) | {S.submitted, S.cancellation_requested}

CHANGEABLE = frozenset(
    {S.in_work, S.tender, S.winner_approval, S.awaiting_payment, S.paid, S.in_delivery}
)
EXECUTOR = ((Role.executor, Relation.executor),)
PM = ((Role.project_manager, Relation.project_manager),)
APPROVERS = (
    (Role.project_manager, Relation.approver),
    (Role.executive_director, Relation.approver),
    (Role.security, Relation.approver),
)
CHANGE_APPROVERS = APPROVERS[:2]

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Action.submit,
        frozenset({S.draft}),
        S.submitted,
        ((Role.initiator, Relation.initiator),),
        g.SUBMIT_GUARDS,
    ),
    Transition(
        Action.take,
        frozenset({S.submitted}),
        S.in_work,
        ((Role.executor, Relation.anyone),),
        (g.executor_in_department,),
    ),
    Transition(
        Action.assign,
        frozenset({S.submitted, S.in_work}),
        S.in_work,
        ((Role.head, Relation.anyone),),
        (g.executor_in_department,),
    ),
    Transition(
        Action.start_tender, frozenset({S.in_work}), S.tender, EXECUTOR, (g.bid_deadline_given,)
    ),
    Transition(
        Action.pick_winner, frozenset({S.tender}), S.winner_approval, EXECUTOR, g.PICK_GUARDS
    ),
    Transition(Action.approve_winner, frozenset({S.winner_approval}), None, APPROVERS),
    Transition(
        Action.reject_winner,
        frozenset({S.winner_approval}),
        S.winner_approval,
        APPROVERS,
        (g.comment_given,),
    ),
    Transition(
        Action.repick_winner,
        frozenset({S.winner_approval}),
        S.winner_approval,
        EXECUTOR,
        (g.winner_was_rejected, *g.PICK_GUARDS),
    ),
    Transition(
        Action.restart_tender,
        frozenset({S.winner_approval}),
        S.tender,
        EXECUTOR,
        (g.winner_was_rejected, g.bid_deadline_given),
    ),
    Transition(
        Action.record_payment,
        frozenset({S.awaiting_payment}),
        S.paid,
        ((Role.admin, Relation.anyone), (Role.system, Relation.anyone)),
        (g.payment_reference_given,),
    ),
    Transition(
        Action.carrier_refused,
        frozenset({S.awaiting_payment, S.paid}),
        S.tender,
        EXECUTOR,
        (g.comment_given, g.bid_deadline_given),
    ),
    Transition(
        Action.dispatch, frozenset({S.paid}), S.in_delivery, EXECUTOR, (g.dispatch_dates_given,)
    ),
    Transition(Action.deliver, frozenset({S.in_delivery}), S.delivered, EXECUTOR),
    Transition(
        Action.confirm_receipt,
        frozenset({S.delivered}),
        S.documents,
        ((Role.initiator, Relation.initiator),),
        (g.receipt_described,),
    ),
    Transition(
        Action.close, frozenset({S.documents}), S.closed, EXECUTOR, (g.documents_complete,)
    ),
    Transition(
        Action.request_cancel,
        ACTIVE_WORK - {S.documents},
        S.cancellation_requested,
        EXECUTOR,
        (g.comment_given,),
    ),
    Transition(Action.approve_cancel, frozenset({S.cancellation_requested}), S.cancelled, PM),
    Transition(
        Action.reject_cancel, frozenset({S.cancellation_requested}), None, PM, (g.comment_given,)
    ),
    Transition(Action.cancel, CANCELLABLE, S.cancelled, PM, (g.comment_given,)),
    Transition(
        Action.withdraw,
        frozenset({S.draft, S.submitted}),
        S.cancelled,
        ((Role.initiator, Relation.initiator),),
    ),
    # Steps that record something without moving the request (target None, no version bump
    # for bids and documents, so buttons shown to others stay valid).
    Transition(Action.add_bid, frozenset({S.tender}), None, EXECUTOR),
    Transition(Action.attach_document, frozenset({S.delivered, S.documents}), None, EXECUTOR),
    Transition(Action.request_change, CHANGEABLE, None, EXECUTOR, (g.comment_given,)),
    Transition(Action.approve_change, CHANGEABLE, None, CHANGE_APPROVERS),
    Transition(Action.reject_change, CHANGEABLE, None, CHANGE_APPROVERS, (g.comment_given,)),
)

TABLE: dict[tuple[Status, Action], Transition] = {
    (source, t.action): t for t in TRANSITIONS for source in t.sources
}


def find(status: Status, action: Action) -> Transition | None:
    return TABLE.get((status, action))


def refusal_for(status: Status, action: Action, roles: frozenset[Role]) -> Reason | None:
    """Why the holder of ``roles`` may not do ``action`` in ``status``, or None if they may.

    Relations to the request and guards are checked by the service on top of this.
    """
    transition = find(status, action)
    if transition is None:
        return Reason(
            N_("This cannot be done while the request is «{status}»."),
            {"status": Msg(status.value)},
        )
    if not roles & transition.roles:
        return Reason(
            N_("Only {roles} may do this."),
            {"roles": tuple(Msg(r.value) for r in sorted(transition.roles))},
        )
    return None


def actions_from(status: Status) -> tuple[Action, ...]:
    return tuple(action for (source, action) in TABLE if source == status)
