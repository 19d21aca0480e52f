"""Guards: predicates over Facts that return the reason for a refusal, or None to allow.

Each reason is an English catalogue msgid with placeholders; the edge translates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flows.enums import DEPARTMENT_OF_KIND, RequestKind, SecurityStatus
from flows.errors import N_, Msg
from flows.facts import Facts


@dataclass(frozen=True)
class Reason:
    message: str
    params: dict[str, Any] = field(default_factory=dict)


Guard = Callable[[Facts], Reason | None]


def _missing(field_name: str) -> Reason:
    return Reason(N_("Fill in the field «{field}» before submitting."), {"field": Msg(field_name)})


def _is_transport(f: Facts) -> bool:
    return f.request.kind == RequestKind.transport


def has_project(f: Facts) -> Reason | None:
    return None if f.request.project_id else _missing(N_("project"))


def has_required_date(f: Facts) -> Reason | None:
    return None if f.request.required_date else _missing(N_("required date"))


def has_route(f: Facts) -> Reason | None:
    if not _is_transport(f):
        return None
    if f.loading_points < 1:
        return _missing(N_("loading point"))
    if f.unloading_points < 1:
        return _missing(N_("unloading point"))
    return None


def has_cargo(f: Facts) -> Reason | None:
    if _is_transport(f) and not f.has_cargo:
        return _missing(N_("cargo"))
    return None


def has_loading_date(f: Facts) -> Reason | None:
    if _is_transport(f) and not f.request.loading_date:
        return _missing(N_("loading date"))
    return None


def has_items(f: Facts) -> Reason | None:
    if _is_transport(f):
        return None
    if f.items < 1:
        return _missing(N_("items"))
    if not f.request.delivery_address:
        return _missing(N_("delivery address"))
    return None


def dates_are_sane(f: Facts) -> Reason | None:
    req = f.request
    first = req.loading_date if _is_transport(f) else req.required_date
    if first is not None and first < f.today:
        return Reason(
            N_("The date {date} has already passed. Choose today or a later date."),
            {"date": _fmt(first)},
        )
    if req.loading_date and req.required_date and req.required_date < req.loading_date:
        return Reason(
            N_(
                "The delivery date {required} is before the loading date {loading}. "
                "Fix one of them."
            ),
            {"required": _fmt(req.required_date), "loading": _fmt(req.loading_date)},
        )
    return None


def executor_in_department(f: Facts) -> Reason | None:
    """Transport belongs to logistics, procurement to the procurement department."""
    wanted = DEPARTMENT_OF_KIND[RequestKind(f.request.kind)]
    if f.actor.is_system or f.actor.department in (None, wanted):
        return None
    return Reason(
        N_("This request belongs to another department ({department})."),
        {"department": Msg(wanted.value)},
    )


def bid_deadline_given(f: Facts) -> Reason | None:
    deadline = f.arg("bid_deadline")
    if deadline is None:
        return Reason(N_("Set the bid deadline for the tender."))
    if deadline <= f.now:
        return Reason(N_("The bid deadline must be in the future."))
    return None


def has_bids(f: Facts) -> Reason | None:
    if f.live_bids:
        return None
    return Reason(N_("There are no bids yet. Add at least one bid before choosing a winner."))


def chosen_bid_is_live(f: Facts) -> Reason | None:
    bid_id = f.arg("bid_id")
    if any(b.id == bid_id for b in f.live_bids):
        return None
    return Reason(N_("That bid is not among the current bids of this request. Choose another."))


def single_source_explained(f: Facts) -> Reason | None:
    if len(f.live_bids) >= 2 or (f.arg("single_source_reason") or "").strip():
        return None
    return Reason(N_("Only one bid was received. Write why this single source is acceptable."))


def winner_not_rejected_by_security(f: Facts) -> Reason | None:
    bid = next((b for b in f.live_bids if b.id == f.arg("bid_id")), None)
    if bid is None:
        return None
    cp = f.counterparties.get(bid.counterparty_id)
    if cp is None:
        return None
    valid = cp.security_valid_until is None or cp.security_valid_until >= f.today
    if cp.security_status == SecurityStatus.rejected and valid:
        return Reason(
            N_("Security rejected «{name}»: {reason}. Choose another bid."),
            {"name": cp.name, "reason": cp.security_reason or "—"},
        )
    return None


def winner_was_rejected(f: Facts) -> Reason | None:
    if f.request.winner_rejection:
        return None
    return Reason(N_("The winner is still being approved. Wait for the decision."))


def comment_given(f: Facts) -> Reason | None:
    if (f.arg("comment") or "").strip():
        return None
    return Reason(N_("Write the reason in a comment."))


def payment_reference_given(f: Facts) -> Reason | None:
    if (f.arg("payment_ref") or "").strip():
        return None
    return Reason(N_("Give the payment reference (the payment order number)."))


def dispatch_dates_given(f: Facts) -> Reason | None:
    dispatched, arrival = f.arg("dispatch_date"), f.arg("expected_arrival")
    if dispatched is None or arrival is None:
        return Reason(N_("Give the dispatch date and the expected arrival date."))
    if arrival < dispatched:
        return Reason(N_("The expected arrival cannot be before the dispatch date."))
    return None


def receipt_described(f: Facts) -> Reason | None:
    receipt = f.arg("receipt")
    if receipt not in ("full", "discrepancy"):
        return Reason(N_("Say whether everything arrived in full or with a discrepancy."))
    if receipt == "discrepancy" and not (f.arg("comment") or "").strip():
        return Reason(N_("Describe the discrepancy in a comment."))
    return None


def documents_complete(f: Facts) -> Reason | None:
    if not f.missing_documents:
        return None
    return Reason(
        N_("Closing documents are missing: {documents}. Attach them, then close."),
        {"documents": tuple(Msg(d) for d in f.missing_documents)},
    )


def _fmt(d: date) -> str:
    return d.strftime("%d.%m.%Y")


SUBMIT_GUARDS: tuple[Guard, ...] = (
    has_project,
    has_required_date,
    has_loading_date,
    has_route,
    has_cargo,
    has_items,
    dates_are_sane,
)
PICK_GUARDS: tuple[Guard, ...] = (
    has_bids,
    chosen_bid_is_live,
    single_source_explained,
    winner_not_rejected_by_security,
)

# Guards that depend only on the request's state, not on what the person types: the card
# hides an action they refuse instead of offering a button that can only fail.
STATE_GUARDS: frozenset[Guard] = frozenset({winner_was_rejected})
