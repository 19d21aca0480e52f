"""The filling-in kept in the dialog data, and its one conversion to and from DraftData.

The dialog data lives in the persistent chat state, so everything here is plain JSON:
dates as ISO strings, money in kopecks, lists of dicts for route points, items and files.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dialogs.common.parse import InputError, ensure_not_before, ensure_not_past
from flows.drafts import AttachmentData, CargoData, DraftData, ItemData, RoutePointData
from flows.errors import N_, Msg

TRANSPORT = "transport"
PROCUREMENT = "procurement"
LOADING = "loading"
UNLOADING = "unloading"

# Keys that make up a draft; everything else in the dialog data is navigation or scratch.
DRAFT_KEYS = (
    "kind",
    "route",
    "cargo",
    "vehicle_type_id",
    "loading_date",
    "required_date",
    "project_id",
    "cost_kop",
    "address",
    "items",
    "attachments",
    "comment",
)
EMPTY_CARGO: dict[str, Any] = {
    "description": None,
    "weight_kg": None,
    "length_m": None,
    "width_m": None,
    "height_m": None,
    "places": None,
    "oversize": False,
    "heavy": False,
}


def new_data(kind: str) -> dict[str, Any]:
    """Dialog data of a blank request of ``kind``."""
    return {
        "kind": kind,
        "route": [],
        "cargo": dict(EMPTY_CARGO),
        "vehicle_type_id": None,
        "loading_date": None,
        "required_date": None,
        "project_id": None,
        "cost_kop": None,
        "address": None,
        "items": [],
        "attachments": [],
        "comment": None,
    }


def get_date(data: dict[str, Any], key: str) -> date | None:
    raw = data.get(key)
    return date.fromisoformat(raw) if raw else None


def _point_address(point: dict[str, Any]) -> str:
    # A region typed by hand that is not in the reference list stays with the address.
    region = point.get("region")
    if region and point.get("region_id") is None:
        return f"{point['address']}, {region}"
    return str(point["address"])


def to_draft(data: dict[str, Any]) -> DraftData:
    """The DraftData the services take, from the dialog data."""
    kind = data["kind"]
    draft = DraftData(
        kind=kind,
        project_id=data.get("project_id"),
        loading_date=get_date(data, "loading_date") if kind == TRANSPORT else None,
        required_date=get_date(data, "required_date"),
        estimated_cost_kop=data.get("cost_kop"),
        comment=data.get("comment"),
        attachments=[AttachmentData(**a) for a in data.get("attachments") or []],
    )
    if kind == TRANSPORT:
        draft.vehicle_type_id = data.get("vehicle_type_id")
        draft.route = [
            RoutePointData(p["kind"], _point_address(p), p.get("region_id"))
            for p in data.get("route") or []
        ]
        cargo = data.get("cargo") or {}
        if cargo.get("description"):
            draft.cargo = CargoData(**{k: cargo.get(k, v) for k, v in EMPTY_CARGO.items()})
    else:
        draft.delivery_address = data.get("address")
        draft.items = [
            ItemData(i["name"], i["quantity"], i["unit"], i.get("spec")) for i in data["items"]
        ]
    return draft


def from_draft(draft: DraftData) -> dict[str, Any]:
    """Dialog data holding a draft (a template being started from)."""
    data = new_data(draft.kind)
    data.update(
        project_id=draft.project_id,
        vehicle_type_id=draft.vehicle_type_id,
        loading_date=draft.loading_date.isoformat() if draft.loading_date else None,
        required_date=draft.required_date.isoformat() if draft.required_date else None,
        cost_kop=draft.estimated_cost_kop,
        address=draft.delivery_address,
        comment=draft.comment,
        route=[
            {"kind": p.kind, "address": p.address, "region_id": p.region_id, "region": None}
            for p in draft.route
        ],
        items=[
            {"name": i.name, "quantity": i.quantity, "unit": i.unit, "spec": i.spec}
            for i in draft.items
        ],
        attachments=[vars(a).copy() for a in draft.attachments],
    )
    if draft.cargo is not None:
        data["cargo"] = vars(draft.cargo).copy()
    return data


def missing_field(data: dict[str, Any]) -> str | None:
    """The catalogue name of the first required field left empty, or None."""
    kind = data["kind"]
    checks: list[tuple[str, bool]] = []
    if kind == TRANSPORT:
        kinds = [p["kind"] for p in data.get("route") or []]
        checks += [
            (N_("loading point"), LOADING in kinds),
            (N_("unloading point"), UNLOADING in kinds),
            (N_("cargo"), bool((data.get("cargo") or {}).get("description"))),
            (N_("weight"), bool((data.get("cargo") or {}).get("weight_kg"))),
            (N_("loading date"), bool(data.get("loading_date"))),
        ]
    else:
        checks += [
            (N_("items"), bool(data.get("items"))),
            (N_("delivery address"), bool(data.get("address"))),
        ]
    checks += [
        (N_("required date"), bool(data.get("required_date"))),
        (N_("project"), data.get("project_id") is not None),
    ]
    return next((name for name, present in checks if not present), None)


def check_ready(data: dict[str, Any], today: date) -> None:
    """Raise InputError when the request cannot be submitted as it stands."""
    field = missing_field(data)
    if field is not None:
        raise InputError(N_("Fill in the field «{field}» before submitting."), field=Msg(field))
    loading, required = get_date(data, "loading_date"), get_date(data, "required_date")
    first = loading if data["kind"] == TRANSPORT else required
    assert first is not None and required is not None
    ensure_not_past(first, today)
    if loading is not None and data["kind"] == TRANSPORT:
        ensure_not_before(required, loading)


def deadline_of(data: dict[str, Any]) -> date | None:
    """The date the emergency rule counts to: loading for transport, required otherwise."""
    return get_date(data, "loading_date" if data["kind"] == TRANSPORT else "required_date")
