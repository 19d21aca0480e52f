"""Route of a transport request: loading and unloading points with address and region."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Column, Row, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format
from magic_filter import F

from bot.i18n import T, esc
from dialogs.common.edge import buttons_only, deps_of, flash_error, text_input, tr
from dialogs.common.parse import parse_text
from dialogs.common.widgets import Html, flashes
from dialogs.new_request import preview
from dialogs.new_request.data import LOADING, UNLOADING
from dialogs.new_request.flow import advance, go_back, save
from dialogs.new_request.names import names_for
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.summary_text import point_label
from flows import reference_views
from flows.errors import N_

MAX_POINTS = 20
LABEL_LIMIT = 80
BUTTON_LIMIT = 40


def _editing(data: dict[str, Any]) -> int | None:
    return data.get("point_idx")


def _target(data: dict[str, Any]) -> dict[str, Any]:
    index = _editing(data)
    return data["route"][index] if index is not None else data.setdefault("point", {})


def _start_point(data: dict[str, Any], kind: str) -> None:
    data["point"], data["point_idx"], data["region_q"] = {"kind": kind}, None, None


async def _finish_point(manager: DialogManager) -> None:
    data = manager.dialog_data
    data["region_q"] = None
    if _editing(data) is not None:
        await manager.switch_to(S.point)
        return
    data["route"].append(data.pop("point"))
    await save(manager)
    if not any(p["kind"] == UNLOADING for p in data["route"]):
        _start_point(data, UNLOADING)
        await manager.switch_to(S.point_address)
    else:
        await manager.switch_to(S.route)


async def route_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    names = await names_for(dialog_manager, data)
    labels = [point_label(p, names, partial(tr, dialog_manager)) for p in data["route"]]
    lines = [f"{n}. {esc(_short(label, LABEL_LIMIT))}" for n, label in enumerate(labels, 1)]
    buttons = [(n, f"✏️ {n + 1}. {_short(label, BUTTON_LIMIT)}") for n, label in enumerate(labels)]
    return {"points": "\n".join(lines), "buttons": buttons, "empty": not labels}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def on_add(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if len(manager.dialog_data["route"]) >= MAX_POINTS:
        flash_error(
            manager, tr(manager, N_("A route holds at most {count} points."), count=MAX_POINTS)
        )
        return
    _start_point(manager.dialog_data, LOADING if button.widget_id == "al" else UNLOADING)
    await manager.switch_to(S.point_address)


async def on_route_done(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    kinds = {p["kind"] for p in manager.dialog_data["route"]}
    if not {LOADING, UNLOADING} <= kinds:
        flash_error(manager, tr(manager, N_("Add at least one loading and one unloading point.")))
        return
    await advance(manager, S.route)


async def on_route_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await go_back(manager, S.route)


async def on_point(
    callback: CallbackQuery, widget: Any, manager: DialogManager, index: int
) -> None:
    if 0 <= index < len(manager.dialog_data["route"]):
        manager.dialog_data["point_idx"] = index
        await manager.switch_to(S.point)


async def on_address(message: Message, manager: DialogManager, text: str) -> None:
    _target(manager.dialog_data)["address"] = parse_text(text, limit=1000)
    if _editing(manager.dialog_data) is not None:
        await manager.switch_to(S.point)
    else:
        await manager.switch_to(S.point_region)


async def on_point_cancel(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    data.pop("point", None)
    if _editing(data) is not None:
        await manager.switch_to(S.point)
    elif not data["route"]:
        await go_back(manager, S.route)
    else:
        await manager.switch_to(S.route)


async def point_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    point = _target(data)
    names = await names_for(dialog_manager, {"route": [point]})
    loading = point.get("kind") == LOADING
    label = point_label(point, names, partial(tr, dialog_manager)) if "address" in point else ""
    return {
        "loading": loading,
        "unloading": not loading,
        "label": label,
        "address": point.get("address"),
    }


async def region_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    query = dialog_manager.dialog_data.get("region_q")
    regions = await reference_views.regions(deps_of(dialog_manager))
    if query:
        regions = [r for r in regions if query.casefold() in r.name.casefold()]
    keep = tr(dialog_manager, N_("Keep «{query}» as typed"), query=_short(query or "", 30))
    return {
        "regions": [(r.id, r.name) for r in regions],
        "query": query,
        "keep": keep,
        "nothing": bool(query) and not regions,
    }


async def on_region(
    callback: CallbackQuery, widget: Any, manager: DialogManager, rid: int
) -> None:
    _target(manager.dialog_data).update(region_id=rid, region=None)
    await _finish_point(manager)


async def on_region_text(message: Message, manager: DialogManager, text: str) -> None:
    query = parse_text(text, limit=200).strip()
    regions = await reference_views.regions(deps_of(manager))
    exact = [r for r in regions if r.name.casefold() == query.casefold()]
    if exact:
        _target(manager.dialog_data).update(region_id=exact[0].id, region=None)
        await _finish_point(manager)
    elif any(query.casefold() in r.name.casefold() for r in regions):
        manager.dialog_data["region_q"] = query
    else:
        _target(manager.dialog_data).update(region_id=None, region=query)
        await _finish_point(manager)


async def on_region_button(
    callback: CallbackQuery, button: Button, manager: DialogManager
) -> None:
    data = manager.dialog_data
    if button.widget_id == "ra":
        data["region_q"] = None
        return
    typed = data.get("region_q") if button.widget_id == "rk" else None
    _target(data).update(region_id=None, region=typed)
    await _finish_point(manager)


async def on_point_action(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    index = _editing(data)
    if button.widget_id == "pd" and index is not None:
        data["route"].pop(index)
    if button.widget_id in ("pd", "pb"):
        data["point_idx"] = None
        await manager.switch_to(S.route)
    else:
        data["region_q"] = None
        await manager.switch_to(S.point_address if button.widget_id == "pa" else S.point_region)


def route_windows() -> list[Window]:
    cancel = Button(T("✖ Cancel"), id="pc", on_click=on_point_cancel)
    return [
        Window(
            *flashes(),
            T(
                "<b>Route</b>\nLoading and unloading points in their order. "
                "Tap a point to change or remove it."
            ),
            Html("points"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="rp",
                    item_id_getter=lambda row: row[0],
                    items="buttons",
                    type_factory=int,
                    on_click=on_point,
                )
            ),
            Row(
                Button(T("➕ Loading"), id="al", on_click=on_add),
                Button(T("➕ Unloading"), id="au", on_click=on_add),
            ),
            Row(
                Button(T("◀ Back"), id="bk", on_click=on_route_back),
                Button(T("Next ▶"), id="nx", on_click=on_route_done),
            ),
            buttons_only(),
            state=S.route,
            getter=route_getter,
            preview_data=preview.ROUTE,
        ),
        Window(
            *flashes(),
            T("<b>Loading point</b>", when=F["loading"]),
            T("<b>Unloading point</b>", when=F["unloading"]),
            T("Type the address: town, street, building.\nNow: {address}", when=F["address"]),
            T("Type the address: town, street, building.", when=~F["address"]),
            *text_input(on_address),
            cancel,
            state=S.point_address,
            getter=point_getter,
            preview_data=preview.POINT,
        ),
        Window(
            *flashes(),
            T("<b>Region of the point</b>\nChoose it below or type its name."),
            T("Regions matching «{query}»:", when=F["query"] & ~F["nothing"]),
            ScrollingGroup(
                Select(
                    Format("{item[1]}"),
                    id="rg",
                    item_id_getter=lambda row: row[0],
                    items="regions",
                    type_factory=int,
                    on_click=on_region,
                ),
                id="rgs",
                width=2,
                height=6,
                hide_on_single_page=True,
            ),
            Button(Format("{keep}"), id="rk", on_click=on_region_button, when=F["query"]),
            Button(T("Show all regions"), id="ra", on_click=on_region_button, when=F["query"]),
            Button(T("Without a region"), id="rn", on_click=on_region_button),
            *text_input(on_region_text),
            cancel,
            state=S.point_region,
            getter=region_getter,
            preview_data=preview.REGIONS,
        ),
        Window(
            *flashes(),
            T("<b>Route point</b>\n{label}"),
            Row(
                Button(T("✏️ Address"), id="pa", on_click=on_point_action),
                Button(T("✏️ Region"), id="pr", on_click=on_point_action),
            ),
            Button(T("🗑 Remove the point"), id="pd", on_click=on_point_action),
            Button(T("◀ To the route"), id="pb", on_click=on_point_action),
            buttons_only(),
            state=S.point,
            getter=point_getter,
            preview_data=preview.POINT,
        ),
    ]
