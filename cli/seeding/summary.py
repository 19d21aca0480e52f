"""The printable summary of a demo database: what is in it, by status, kind, month and role."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from flows.calendar import WorkingCalendar
from flows.enums import HUMAN_ROLES, RequestKind, Status
from flows.services.context import Deps, load_calendar
from storage.tables import (
    Counterparty,
    Outbox,
    Project,
    Region,
    Request,
    TransitionLog,
    Unit,
    UserRole,
    VehicleType,
)
from storage.uow import UnitOfWork

KINDS = (RequestKind.transport, RequestKind.procurement)


def safe_url(url: str) -> str:
    """The database URL with the password masked."""
    return make_url(url).render_as_string(hide_password=True)


async def existing_data(deps: Deps, url: str, marker: str) -> str | None:
    """Why nothing may be seeded (seeded before, or other data present), or None."""
    async with deps.uow() as uow:
        seeded = await uow.reference.setting(marker)
        requests = await uow.requests.count()
        projects = await _count(uow, Project)
    if seeded is not None:
        async with deps.uow() as uow:
            calendar = await load_calendar(uow, deps.company_tz)
        note = (
            f"The database was already seeded with demo data at {seeded.get('at', '?')} "
            f"(seed {seeded.get('seed', '?')}); nothing was added.\n"
        )
        return note + await describe(deps, url, calendar)
    if requests or projects:
        return (
            f"Database: {safe_url(url)}\n"
            f"It already holds {requests} requests and {projects} projects that are not demo "
            "data; nothing was added. Seed an empty database instead."
        )
    return None


async def describe(
    deps: Deps, url: str, calendar: WorkingCalendar, *, elapsed: float | None = None
) -> str:
    async with deps.uow() as uow:
        by_status = await _requests_by_status(uow)
        months = await _months(uow, calendar)
        roles = await _roles(uow)
        totals = {
            "regions": await _count(uow, Region),
            "projects": await _count(uow, Project),
            "carriers": await _count(uow, Counterparty, Counterparty.kind == "carrier"),
            "suppliers": await _count(uow, Counterparty, Counterparty.kind == "supplier"),
            "vehicle types": await _count(uow, VehicleType),
            "units": await _count(uow, Unit),
        }
        log_rows = await _count(uow, TransitionLog)
        outbox = await _count(uow, Outbox)
    took = f" in {elapsed:.1f} s" if elapsed is not None else ""
    lines = [f"Demo database: {safe_url(url)}{took}", ""]
    lines += _status_table(by_status)
    lines += ["", *_month_table(months), ""]
    lines.append("Users by role: " + ", ".join(f"{r} {roles.get(r, 0)}" for r in HUMAN_ROLES))
    lines.append("Reference: " + ", ".join(f"{n} {k}" for k, n in totals.items()))
    lines.append(f"Transition log: {log_rows} rows; outbox: {outbox} rows")
    return "\n".join(lines)


async def _count(uow: UnitOfWork, table: type, *where: object) -> int:
    query = select(func.count()).select_from(table)
    for condition in where:
        query = query.where(condition)  # type: ignore[arg-type]
    return int((await uow.session.exec(query)).one())


async def _requests_by_status(uow: UnitOfWork) -> Counter[tuple[str, str]]:
    query = select(Request.status, Request.kind, func.count()).group_by(
        col(Request.status), col(Request.kind)
    )
    rows = (await uow.session.exec(query)).all()
    return Counter({(status, kind): count for status, kind, count in rows})


def _status_table(counts: Counter[tuple[str, str]]) -> list[str]:
    lines = [f"{'Requests by status':<24}{'transport':>10}{'procurement':>13}{'total':>8}"]
    rows = [(s.value, [counts[(s.value, k.value)] for k in KINDS]) for s in Status]
    rows.append(("total", [sum(n for (_, k), n in counts.items() if k == kind) for kind in KINDS]))
    for name, (transport, procurement) in rows:
        lines.append(f"  {name:<22}{transport:>10}{procurement:>13}{transport + procurement:>8}")
    return lines


@dataclass
class _Month:
    requests: int = 0
    emergencies: int = 0
    winners: int = 0  # requests that got as far as choosing a winner
    single_source: int = 0
    price_kop: int = 0  # agreed prices and the budgets of the same requests
    budget_kop: int = 0

    def add(self, emergency: bool, chosen: bool, single: bool, price: int, budget: int) -> None:
        self.requests += 1
        self.emergencies += emergency
        self.winners += chosen
        self.single_source += chosen and single
        if price and budget:
            self.price_kop += price
            self.budget_kop += budget


async def _months(uow: UnitOfWork, calendar: WorkingCalendar) -> dict[str, _Month]:
    query = select(Request).where(col(Request.submitted_at).is_not(None))
    months: dict[str, _Month] = defaultdict(_Month)
    for r in (await uow.session.exec(query)).all():
        assert r.submitted_at is not None
        month = months[calendar.local_date(r.submitted_at).strftime("%Y-%m")]
        single = r.single_source_reason is not None
        price, budget = r.amount_kop or 0, r.estimated_cost_kop or 0
        month.add(bool(r.is_emergency), r.approval_round > 0, single, price, budget)
    return dict(sorted(months.items()))


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _month_table(months: dict[str, _Month]) -> list[str]:
    """Emergencies fall, tenders rise and prices drop below the budgets month by month."""
    head = f"{'Submitted in':<14}{'requests':>9}{'emergency':>11}{'tendered':>10}"
    lines = [head + f"{'price/budget':>14}"]
    for name, m in months.items():
        emergency = _percent(m.emergencies, m.requests)
        tendered = _percent(m.winners - m.single_source, m.winners)
        price = _percent(m.price_kop, m.budget_kop)
        lines.append(f"  {name:<12}{m.requests:>9}{emergency:>11}{tendered:>10}{price:>14}")
    return lines


async def _roles(uow: UnitOfWork) -> dict[str, int]:
    query = select(UserRole.role, func.count()).group_by(col(UserRole.role))
    return {role: count for role, count in (await uow.session.exec(query)).all()}
