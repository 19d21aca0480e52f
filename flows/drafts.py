"""What a person fills in for a request, independent of how it was typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class RoutePointData:
    kind: str  # loading | unloading
    address: str
    region_id: int | None = None


@dataclass
class CargoData:
    description: str
    weight_kg: float | None = None
    length_m: float | None = None
    width_m: float | None = None
    height_m: float | None = None
    places: int | None = None
    oversize: bool = False
    heavy: bool = False


@dataclass
class ItemData:
    name: str
    quantity: float
    unit: str
    spec: str | None = None


@dataclass
class AttachmentData:
    kind: str  # photo | document
    file_id: str
    file_unique_id: str | None = None
    file_name: str | None = None


@dataclass
class DraftData:
    kind: str
    project_id: int | None = None
    region_id: int | None = None
    vehicle_type_id: int | None = None
    loading_date: date | None = None
    required_date: date | None = None
    delivery_address: str | None = None
    estimated_cost_kop: int | None = None
    comment: str | None = None
    route: list[RoutePointData] = field(default_factory=list)
    cargo: CargoData | None = None
    items: list[ItemData] = field(default_factory=list)
    attachments: list[AttachmentData] = field(default_factory=list)

    @property
    def deadline_date(self) -> date | None:
        """The date the emergency rule counts to: loading for transport, required otherwise."""
        return self.loading_date if self.kind == "transport" else self.required_date
