"""Enumerations of the business: statuses, actions, roles and the small value sets around them.

Values are stored as strings in the database, so they must never be renamed without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    draft = "draft"
    submitted = "submitted"
    in_work = "in_work"
    tender = "tender"
    winner_approval = "winner_approval"
    awaiting_payment = "awaiting_payment"
    paid = "paid"
    in_delivery = "in_delivery"
    delivered = "delivered"
    documents = "documents"
    closed = "closed"
    cancellation_requested = "cancellation_requested"
    cancelled = "cancelled"


TERMINAL_STATUSES = frozenset({Status.closed, Status.cancelled})
OPEN_STATUSES = frozenset(Status) - TERMINAL_STATUSES - {Status.draft}


class Action(StrEnum):
    submit = "submit"
    take = "take"
    assign = "assign"
    start_tender = "start_tender"
    pick_winner = "pick_winner"
    approve_winner = "approve_winner"
    reject_winner = "reject_winner"
    repick_winner = "repick_winner"
    restart_tender = "restart_tender"
    record_payment = "record_payment"
    carrier_refused = "carrier_refused"
    dispatch = "dispatch"
    deliver = "deliver"
    confirm_receipt = "confirm_receipt"
    close = "close"
    request_cancel = "request_cancel"
    approve_cancel = "approve_cancel"
    reject_cancel = "reject_cancel"
    cancel = "cancel"
    withdraw = "withdraw"
    add_bid = "add_bid"
    attach_document = "attach_document"
    request_change = "request_change"
    approve_change = "approve_change"
    reject_change = "reject_change"


class Role(StrEnum):
    initiator = "initiator"
    executor = "executor"
    head = "head"
    project_manager = "project_manager"
    security = "security"
    executive_director = "executive_director"
    admin = "admin"
    system = "system"


HUMAN_ROLES = tuple(r for r in Role if r is not Role.system)


class RequestKind(StrEnum):
    transport = "transport"
    procurement = "procurement"


NUMBER_PREFIX = {RequestKind.transport: "Т", RequestKind.procurement: "З"}


class Department(StrEnum):
    logistics = "logistics"
    procurement = "procurement"


DEPARTMENT_OF_KIND = {
    RequestKind.transport: Department.logistics,
    RequestKind.procurement: Department.procurement,
}


class Source(StrEnum):
    bot = "bot"
    miniapp = "miniapp"
    job = "job"
    integration = "integration"
    cli = "cli"


class CounterpartyKind(StrEnum):
    carrier = "carrier"
    supplier = "supplier"


class SecurityStatus(StrEnum):
    unchecked = "unchecked"
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class ApprovalPurpose(StrEnum):
    winner = "winner"
    vetting = "vetting"
    change = "change"


class Decision(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    closed = "closed"


class ChangeStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    closed = "closed"


class Receipt(StrEnum):
    full = "full"
    discrepancy = "discrepancy"


class DocType(StrEnum):
    invoice = "invoice"
    waybill = "waybill"
    act = "act"


class AccessStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    refused = "refused"


class Level(StrEnum):
    info = "info"
    reminder = "reminder"
    urgent = "urgent"


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"
