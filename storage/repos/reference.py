"""Projects, regions, counterparties, reference lists and settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import Counterparty, Project, Region, Setting, Unit, VehicleType


class ReferenceRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def project(self, project_id: int) -> Project | None:
        return await self.session.get(Project, project_id)

    async def projects(self, search: str | None = None) -> Sequence[Project]:
        query = select(Project).where(col(Project.is_active).is_(True))
        rows = (await self.session.exec(query.order_by(col(Project.code)))).all()
        if not search:
            return rows
        # SQLite's LIKE folds case for Latin letters only, so Cyrillic is matched here.
        needle = search.casefold()
        return [p for p in rows if needle in p.name.casefold() or needle in p.code.casefold()]

    async def region(self, region_id: int) -> Region | None:
        return await self.session.get(Region, region_id)

    async def regions(self) -> Sequence[Region]:
        return (await self.session.exec(select(Region).order_by(col(Region.name)))).all()

    async def counterparty(self, cp_id: int) -> Counterparty | None:
        query = select(Counterparty).where(Counterparty.id == cp_id)
        result = await self.session.exec(query.execution_options(populate_existing=True))
        return result.first()

    async def counterparty_by_inn(self, inn: str) -> Counterparty | None:
        query = select(Counterparty).where(Counterparty.inn == inn)
        return (await self.session.exec(query)).first()

    async def counterparties(self, kind: str | None = None) -> Sequence[Counterparty]:
        query = select(Counterparty)
        if kind is not None:
            query = query.where(Counterparty.kind == kind)
        return (await self.session.exec(query.order_by(col(Counterparty.name)))).all()

    async def vehicle_types(self) -> Sequence[VehicleType]:
        query = select(VehicleType).where(col(VehicleType.is_active).is_(True))
        return (await self.session.exec(query.order_by(col(VehicleType.name)))).all()

    async def units(self) -> Sequence[Unit]:
        return (await self.session.exec(select(Unit).order_by(col(Unit.id)))).all()

    def add(self, row: Region | Project | Counterparty | VehicleType | Unit) -> None:
        self.session.add(row)

    async def flush(self) -> None:
        await self.session.flush()

    async def setting(self, key: str) -> Any:
        row = await self.session.get(Setting, key)
        return None if row is None else row.value

    async def put_setting(
        self, key: str, value: Any, *, at: datetime, by: int | None = None
    ) -> None:
        row = await self.session.get(Setting, key)
        if row is None:
            self.session.add(Setting(key=key, value=value, updated_at=at, updated_by=by))
        else:
            row.value, row.updated_at, row.updated_by = value, at, by
            self.session.add(row)
        await self.session.flush()
