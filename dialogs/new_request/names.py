"""Names of the projects, regions and vehicle types a filling-in refers to."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from dialogs.common.edge import deps_of
from flows.reference_views import Names, names


async def names_for(manager: DialogManager, data: dict[str, Any]) -> Names:
    return await names(
        deps_of(manager),
        project_ids=[data.get("project_id")],
        region_ids=[p.get("region_id") for p in data.get("route") or []],
        vehicle_type_ids=[data.get("vehicle_type_id")],
    )
