"""``tonnage reference``: list and add projects, regions, vehicle types and units.

Until the Mini App has admin screens this is how reference data gets into a new
installation, e.g. ``tonnage reference add-project КЕМ-24-01 "Монтаж фабрики"
--region "Кемеровская область — Кузбасс" --manager 123456789``.
"""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.settings import Settings
from flows import reference_views
from flows.actor import ActorRef
from flows.errors import DomainError
from flows.services import reference
from flows.services.context import Deps

LISTS = ("projects", "regions", "vehicle-types", "units")
CLI_ACTOR = ActorRef.service("cli")
_LISTERS: dict[str, Callable[[Deps], Awaitable[list[reference_views.Choice]]]] = {
    "projects": reference_views.projects,
    "regions": reference_views.regions,
    "vehicle-types": reference_views.vehicle_types,
    "units": reference_views.units,
}


class _Named(Protocol):
    name: str


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "reference", help="list and add projects, regions, vehicle types and units"
    )
    actions = parser.add_subparsers(dest="reference_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="show a list (all of them without an argument)")
    listing.add_argument("what", nargs="?", choices=LISTS)
    project = actions.add_parser("add-project", help="add a project: CODE NAME")
    project.add_argument("code")
    project.add_argument("name")
    project.add_argument("--region", help="region name exactly as in `reference list regions`")
    project.add_argument("--manager", type=int, help="Telegram id of the project manager")
    off = actions.add_parser("deactivate-project", help="stop offering a project: CODE")
    off.add_argument("code")
    for action, what in (
        ("add-region", "a region"),
        ("add-vehicle-type", "a vehicle type"),
        ("add-unit", "a unit of measure"),
    ):
        actions.add_parser(action, help=f"add {what}: NAME").add_argument("name")
    parser.set_defaults(handler=_handle)


async def _handle(args: argparse.Namespace) -> int:
    from bot.settings import get_settings

    code, text = await _with_deps(get_settings(), lambda deps: execute(deps, args))
    print(text)
    return code


async def fill_defaults(settings: Settings) -> int:
    """Default units, vehicle types and regions for empty lists; returns rows added."""
    return await _with_deps(settings, reference.ensure_defaults)


async def _with_deps(settings: Settings, action: Callable[[Deps], Awaitable[Any]]) -> Any:
    from storage.db import create_engine, session_factory
    from storage.uow import uow_factory

    engine = create_engine(settings.database_url)
    try:
        sessions = session_factory(engine)
        return await action(Deps(uow=uow_factory(sessions), company_tz=settings.company_tz))
    finally:
        await engine.dispose()


async def execute(deps: Deps, args: argparse.Namespace) -> tuple[int, str]:
    """Run one ``reference`` action; returns the exit code and the text to print."""
    try:
        return 0, await _run(deps, args)
    except DomainError as error:
        return 1, f"Error: {error.log_text}"


async def _run(deps: Deps, args: argparse.Namespace) -> str:
    action = args.reference_action
    if action == "list":
        return await _lists(deps, [args.what] if args.what else list(LISTS))
    if action == "add-project":
        project = await reference.add_project(
            deps, CLI_ACTOR, args.code, args.name, args.region, args.manager
        )
        return f"Added project {project.code} {project.name}."
    if action == "deactivate-project":
        project = await reference.deactivate_project(deps, CLI_ACTOR, args.code)
        return f"Project {project.code} is switched off."
    adders: dict[str, Callable[[Deps, ActorRef, str], Awaitable[_Named]]] = {
        "add-region": reference.add_region,
        "add-vehicle-type": reference.add_vehicle_type,
        "add-unit": reference.add_unit,
    }
    row = await adders[action](deps, CLI_ACTOR, args.name)
    return f"Added {row.name}."


async def _lists(deps: Deps, names: list[str]) -> str:
    blocks = []
    for name in names:
        rows = await _LISTERS[name](deps)
        lines = [f"{name} ({len(rows)}):"] + [f"  {row.name}" for row in rows]
        if not rows:
            lines.append("  (none)")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
