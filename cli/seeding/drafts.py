"""What an author of the demo company types into a request: dates, route, cargo or items.

Dates are chosen the way people choose them: an emergency gives the executor a day or two
before the deadline, a planned request at least the standard lead time and often more.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cli.seeding.goods import CARGO, ITEMS
from cli.seeding.plan import Plan
from cli.seeding.reference import LOADING_POINTS, REGION_BY_KEY
from cli.seeding.texts import PROCUREMENT_NOTES, TRANSPORT_NOTES
from cli.seeding.world import World
from flows.drafts import CargoData, DraftData, ItemData, RoutePointData
from flows.emergency import earliest_safe_date
from flows.enums import RequestKind

WHOLE_UNITS = frozenset({"шт", "компл", "м", "кг", "л", "м²"})


@dataclass
class Filed:
    """The draft with the figures the rest of the story needs."""

    draft: DraftData
    deadline: date  # loading date for transport, required date for procurement
    transit_days: int


def rub(value: float, step: int = 1000) -> int:
    """An amount in kopecks, rounded to ``step`` roubles."""
    return max(step, round(value / step) * step) * 100


def deadline_for(world: World, plan: Plan, submit_at: datetime) -> date:
    """A deadline that is (or is not) an emergency for a request submitted at ``submit_at``."""
    rng, lead = plan.rng, world.lead_days[plan.kind.value]
    day = world.calendar.local_date(submit_at)
    if plan.emergency:
        return world.add_working_days(day, rng.choice(range(min(lead, 3))))
    safe = earliest_safe_date(world.calendar, submitted_at=submit_at, lead_days=lead)
    spread = 12 if plan.kind is RequestKind.transport else 20
    chosen = safe + timedelta(days=rng.randint(0, spread))
    return chosen if world.calendar.is_working_day(chosen) else world.add_working_days(chosen, 1)


def file_draft(world: World, plan: Plan, submit_at: datetime) -> Filed:
    deadline = deadline_for(world, plan, submit_at)
    region = REGION_BY_KEY[plan.project.region]
    transit = plan.rng.randint(*region.transit_days)
    if plan.kind is RequestKind.transport:
        return Filed(_transport(world, plan, deadline, transit), deadline, transit)
    return Filed(_procurement(world, plan, deadline), deadline, transit)


def _transport(world: World, plan: Plan, loading: date, transit: int) -> DraftData:
    rng = plan.rng
    cargo = rng.choice(CARGO)
    address, region_key = rng.choice(LOADING_POINTS)
    route = [RoutePointData("loading", address, world.regions[region_key])]
    if cargo.places > 1 and rng.random() < 0.15:
        extra, extra_region = rng.choice(LOADING_POINTS)
        if extra != address:
            route.append(RoutePointData("loading", extra, world.regions[extra_region]))
    site_region = world.regions[plan.project.region]
    route.append(RoutePointData("unloading", plan.project.site, site_region))
    distance = 1 + 0.45 * (sum(REGION_BY_KEY[plan.project.region].transit_days) / 2 - 1)
    return DraftData(
        kind=plan.kind.value,
        project_id=world.projects[plan.project.code],
        vehicle_type_id=world.vehicles[cargo.vehicle],
        loading_date=loading,
        required_date=loading + timedelta(days=transit + rng.randint(0, 3)),
        estimated_cost_kop=rub(cargo.cost_rub * distance * rng.uniform(0.9, 1.2), 5000),
        comment=rng.choice(TRANSPORT_NOTES),
        route=route,
        cargo=CargoData(
            description=cargo.description,
            weight_kg=round(rng.uniform(*cargo.tonnes) * 1000, -1),
            length_m=cargo.size[0],
            width_m=cargo.size[1],
            height_m=cargo.size[2],
            places=cargo.places,
            oversize=cargo.oversize,
            heavy=cargo.heavy,
        ),
    )


def _procurement(world: World, plan: Plan, required: date) -> DraftData:
    rng = plan.rng
    items, total = [], 0.0
    for spec in rng.sample(ITEMS, rng.randint(1, 4)):
        quantity = _quantity(rng, spec.quantity, spec.unit)
        total += quantity * spec.price_rub
        items.append(ItemData(spec.name, quantity, spec.unit, spec.spec))
    return DraftData(
        kind=plan.kind.value,
        project_id=world.projects[plan.project.code],
        required_date=required,
        delivery_address=plan.project.site,
        estimated_cost_kop=rub(total * rng.uniform(1.0, 1.15)),
        comment=rng.choice(PROCUREMENT_NOTES),
        items=items,
    )


def _quantity(rng: random.Random, bounds: tuple[float, float], unit: str) -> float:
    if unit in WHOLE_UNITS:
        return float(rng.randint(int(bounds[0]), int(bounds[1])))
    return round(rng.uniform(*bounds) * 2) / 2
