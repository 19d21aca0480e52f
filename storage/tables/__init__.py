"""SQLModel tables; importing this package registers every table on SQLModel.metadata."""

from storage.tables.chat_state import ChatState
from storage.tables.journal import Outbox, SentMessage, TransitionLog
from storage.tables.people import AccessRequest, User, UserRole
from storage.tables.reference import (
    Counter,
    Counterparty,
    Project,
    Region,
    Setting,
    Unit,
    VehicleType,
)
from storage.tables.requests import (
    Attachment,
    Cargo,
    Request,
    RequestItem,
    RequestTemplate,
    RoutePoint,
)
from storage.tables.rules import Lease, RuleSetting
from storage.tables.tender import Approval, Bid, ChangeRequest, ClosingDocument

__all__ = [
    "AccessRequest",
    "Approval",
    "Attachment",
    "Bid",
    "Cargo",
    "ChangeRequest",
    "ChatState",
    "ClosingDocument",
    "Counter",
    "Counterparty",
    "Lease",
    "Outbox",
    "Project",
    "Region",
    "Request",
    "RequestItem",
    "RequestTemplate",
    "RoutePoint",
    "RuleSetting",
    "SentMessage",
    "Setting",
    "TransitionLog",
    "Unit",
    "User",
    "UserRole",
    "VehicleType",
]
