"""Leases: a row per singleton job naming the process that holds it and until when.

Taking a lease is one conditional UPDATE (held by me, or expired), or an INSERT for the first
holder. Two processes racing for an expired lease both run the UPDATE; the database lets one
through and the other's condition no longer holds, on SQLite (one writer at a time) and on
PostgreSQL (the row lock, then the condition re-checked) alike.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, literal, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables.rules import Lease
from storage.types import UTCDateTime


class LeaseRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def take(self, name: str, holder: str, *, now: datetime, until: datetime) -> bool:
        """Hold or renew the lease until ``until``; False while another holder's is valid."""
        statement = (
            update(Lease)
            .where(
                col(Lease.name) == name,
                or_(col(Lease.holder) == holder, col(Lease.expires_at) <= now),
            )
            .values(
                holder=holder,
                expires_at=until,
                acquired_at=case(
                    (col(Lease.holder) == holder, col(Lease.acquired_at)),
                    else_=literal(now, UTCDateTime()),
                ),
            )
        )
        result = await self.session.exec(statement)
        if result.rowcount == 1:
            return True
        if await self.session.get(Lease, name) is not None:
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(
                    Lease(name=name, holder=holder, acquired_at=now, expires_at=until)
                )
        except IntegrityError:
            return False
        return True

    async def release(self, name: str, holder: str) -> bool:
        statement = delete(Lease).where(col(Lease.name) == name, col(Lease.holder) == holder)
        result = await self.session.exec(statement)
        return bool(result.rowcount == 1)

    async def get(self, name: str) -> Lease | None:
        return await self.session.get(Lease, name)
