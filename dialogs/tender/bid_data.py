"""Window data of the bid dialog: the request, the directory of counterparties with their
vetting, and the bid typed so far."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram_dialog import DialogManager

from bot.i18n import locale_of
from dialogs.card import format_rub
from dialogs.common.edge import actor_of, deps_of, tr
from dialogs.common.parse import fmt_date
from dialogs.lifecycle.edge import request_of
from dialogs.tender.labels import SECURITY, VAT
from flows import lifecycle_views
from flows.enums import RequestKind
from flows.errors import DomainError
from locales import render_error

PREVIEW = {
    "number": "Т-000123",
    "carrier": True,
    "counterparties": [{"id": 1, "label": "ООО Ромашка · ✅ проверен"}],
    "name": "ООО Ромашка",
    "inn": "7701234567",
    "price": "140 000,00 ₽",
    "vat": "с НДС",
    "vat_toggle": "Без НДС",
    "terms": "оплата 30 дней",
    "delivery": "10.03.2026",
    "comment": "",
}


async def bid_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager, data = dialog_manager, dialog_manager.dialog_data
    request_id, _version = request_of(manager)
    try:
        if "number" not in data:
            view = await lifecycle_views.tender_view(
                deps_of(manager), actor_of(manager), request_id
            )
            data.update(number=view.number, kind=view.kind)
    except DomainError as error:
        return {"problem": render_error(error, locale_of(manager)), "number": ""}
    vat = bool(data.get("vat", True))
    price = data.get("price_kop")
    delivery = data.get("delivery")
    return {
        "problem": "",
        "number": data["number"],
        "carrier": data["kind"] == RequestKind.transport,
        "supplier": data["kind"] != RequestKind.transport,
        "search": data.get("search", ""),
        "name": data.get("cp_name") or data.get("new_name") or "",
        "inn": data.get("new_inn") or "",
        "price": format_rub(int(price)) if price else "",
        "vat": tr(manager, VAT[vat]),
        "vat_toggle": tr(manager, VAT[not vat]),
        "terms": data.get("terms") or "",
        "delivery": fmt_date(date.fromisoformat(delivery)) if delivery else "",
        "comment": data.get("comment") or "",
    }


async def directory_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    manager = dialog_manager
    values = await bid_getter(manager)
    if values["problem"]:
        return values | {"counterparties": []}
    request_id, _version = request_of(manager)
    search = manager.dialog_data.get("search") or None
    rows = await lifecycle_views.counterparties(
        deps_of(manager), actor_of(manager), request_id, search
    )
    manager.dialog_data["names"] = {str(r.id): r.name for r in rows}
    items = [
        {"id": r.id, "label": f"{r.name} · {tr(manager, SECURITY[r.security])}"} for r in rows
    ]
    return values | {"counterparties": items, "nothing": not items}
