"""Fields both kinds share: dates, delivery address, project, cost, comment."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Row, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format
from magic_filter import F

from bot.i18n import T
from dialogs.common.edge import deps_of, flash_error, flash_notice, text_input, tr
from dialogs.common.parse import (
    InputError,
    ensure_not_before,
    ensure_not_past,
    fmt_date,
    parse_date,
    parse_money,
    parse_text,
)
from dialogs.common.widgets import RuCalendar, flashes
from dialogs.new_request import preview
from dialogs.new_request.data import TRANSPORT, get_date
from dialogs.new_request.flow import advance, save
from dialogs.new_request.states import NewRequestSG as S
from dialogs.new_request.steps import back_button, step_window
from dialogs.new_request.summary_text import fmt_money
from flows import reference_views
from flows.errors import N_

PROJECT_LIMIT = 50


async def set_date(manager: DialogManager, key: str, day: date) -> None:
    """Store a loading or required date, refusing past days and delivery before loading.

    A new loading date after the delivery date clears the latter and asks for it again.
    """
    data = manager.dialog_data
    ensure_not_past(day, deps_of(manager).today())
    loading = get_date(data, "loading_date")
    if key == "required_date" and data["kind"] == TRANSPORT and loading is not None:
        ensure_not_before(day, loading)
    data[key] = day.isoformat()
    required = get_date(data, "required_date")
    if key == "loading_date" and required is not None and required < day:
        data["required_date"] = None
        flash_notice(
            manager,
            tr(
                manager,
                N_("The delivery date {date} was before the new loading date. Choose it again."),
                date=fmt_date(required),
            ),
        )
        await save(manager)
        await manager.switch_to(S.required_date)
        return
    await advance(manager, S.loading_date if key == "loading_date" else S.required_date)


def _date_key(manager: DialogManager) -> str:
    state = manager.current_context().state
    return "loading_date" if state == S.loading_date else "required_date"


async def on_date_text(message: Message, manager: DialogManager, text: str) -> None:
    await set_date(manager, _date_key(manager), parse_date(text, deps_of(manager).today()))


async def on_date_pick(event: Any, widget: Any, manager: DialogManager, day: date) -> None:
    try:
        await set_date(manager, _date_key(manager), day)
    except InputError as error:
        flash_error(manager, error)


async def date_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    key = _date_key(dialog_manager)
    transport = data["kind"] == TRANSPORT
    current = get_date(data, key)
    is_deadline = (key == "loading_date") == transport
    safe = None
    if is_deadline:
        deps = deps_of(dialog_manager)
        preview = await reference_views.emergency_preview(deps, data["kind"], deps.today())
        safe = fmt_date(preview.safe_date)
    return {
        "now": fmt_date(current) if current else None,
        "loading": key == "loading_date",
        "delivery": key == "required_date" and transport,
        "required": key == "required_date" and not transport,
        "safe": safe,
    }


async def projects_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    query = data.get("project_q")
    found = await reference_views.projects(deps_of(dialog_manager), query)
    chosen = data.get("project_id")
    rows = [(p.id, ("✅ " if p.id == chosen else "") + p.name[:PROJECT_LIMIT]) for p in found]
    current = next((p.name for p in found if p.id == chosen), None)
    none = not found and not query
    return {"projects": rows, "query": query, "now": current, "none": none}


def _some_projects(data: dict[str, Any], widget: Any, manager: DialogManager) -> bool:
    # A predicate rather than F[...] so that previews without the key still show the text.
    return not data.get("none")


async def on_project(
    callback: CallbackQuery, widget: Any, manager: DialogManager, pid: int
) -> None:
    manager.dialog_data.update(project_id=pid, project_q=None)
    await advance(manager, S.project)


async def on_project_text(message: Message, manager: DialogManager, text: str) -> None:
    query = parse_text(text, limit=100).strip()
    if not await reference_views.projects(deps_of(manager), query):
        raise InputError(
            N_("No project matches «{query}». Type another part of its code or name."), query=query
        )
    manager.dialog_data["project_q"] = query


async def on_all_projects(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["project_q"] = None


async def on_address(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["address"] = parse_text(text, limit=1000)
    await advance(manager, S.address)


async def on_cost(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["cost_kop"] = parse_money(text)
    await advance(manager, S.cost)


async def on_comment(message: Message, manager: DialogManager, text: str) -> None:
    manager.dialog_data["comment"] = parse_text(text, limit=4000)
    await advance(manager, S.comment)


def _date_window(state: Any, calendar_id: str) -> Window:
    return Window(
        *flashes(),
        T("<b>Loading date</b>", when=F["loading"]),
        T("<b>Required delivery date</b>", when=F["delivery"]),
        T("<b>Required date</b>", when=F["required"]),
        T("Choose it in the calendar or type it: «05.12», «05.12.2026» or «5 Dec»."),
        T("Dates from {safe} on are not an emergency.", when=F["safe"]),
        T("Now: {now}", when=F["now"]),
        RuCalendar(id=calendar_id, on_click=on_date_pick),
        *text_input(on_date_text),
        Row(back_button()),
        state=state,
        getter=date_getter,
        preview_data=preview.DATE,
    )


def field_windows() -> list[Window]:
    return [
        _date_window(S.loading_date, "cl"),
        _date_window(S.required_date, "cr"),
        step_window(
            S.address,
            T(
                "<b>Delivery address</b>\nWhere to bring the goods: town, street, building, "
                "warehouse."
            ),
            on_address,
            lambda data, _: data.get("address"),
        ),
        Window(
            *flashes(),
            T(
                "<b>Project</b>\nChoose it below or type part of its code or name to search.",
                when=_some_projects,
            ),
            T(
                "<b>Project</b>\nThere are no projects yet. Ask an administrator to add one.",
                when=F["none"],
            ),
            T("Projects matching «{query}»:", when=F["query"]),
            T("Now: {now}", when=F["now"]),
            ScrollingGroup(
                Select(
                    Format("{item[1]}"),
                    id="pj",
                    item_id_getter=lambda row: row[0],
                    items="projects",
                    type_factory=int,
                    on_click=on_project,
                ),
                id="pjs",
                width=1,
                height=6,
                hide_on_single_page=True,
            ),
            *text_input(on_project_text),
            Button(T("Show all projects"), id="pa", on_click=on_all_projects, when=F["query"]),
            Row(back_button()),
            state=S.project,
            getter=projects_getter,
            preview_data=preview.PROJECTS,
        ),
        step_window(
            S.cost,
            T(
                "<b>Estimated cost</b>\nIn rubles, for example «150 000», «150000.50» or "
                "«150 thousand»."
            ),
            on_cost,
            lambda data, _: fmt_money(data["cost_kop"]) if data.get("cost_kop") else None,
            clear=lambda data: data.update(cost_kop=None),
        ),
        step_window(
            S.comment,
            T("<b>Comment</b>\nAnything else the executor should know."),
            on_comment,
            lambda data, _: data.get("comment"),
            clear=lambda data: data.update(comment=None),
            skip_text=N_("No comment ▶"),
        ),
    ]
