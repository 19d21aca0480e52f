"""Requests, their parts, the transition log and the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import (
    Attachment,
    Cargo,
    Counter,
    Outbox,
    Request,
    RequestItem,
    RoutePoint,
    TransitionLog,
)


class RequestRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, request_id: int, *, lock: bool = False) -> Request | None:
        query = select(Request).where(Request.id == request_id)
        if lock:
            query = query.with_for_update()
        result = await self.session.exec(query.execution_options(populate_existing=True))
        return result.first()

    async def by_number(self, number: str) -> Request | None:
        result = await self.session.exec(select(Request).where(Request.number == number))
        return result.first()

    async def add(self, request: Request) -> Request:
        self.session.add(request)
        await self.session.flush()
        return request

    async def next_number(self, name: str) -> int:
        """Atomically take the next value of a named counter.

        The first use creates the counter in a savepoint: if another transaction creates it
        at the same moment, this insert fails and the bump waits for that one and counts on.
        """
        if not await self._bump(name):
            try:
                async with self.session.begin_nested():
                    self.session.add(Counter(name=name, value=0))
            except IntegrityError:
                pass
            bumped = await self._bump(name)
            assert bumped, f"counter {name} vanished"
        row = await self.session.exec(select(Counter.value).where(Counter.name == name))
        return row.one()

    async def _bump(self, name: str) -> bool:
        statement = update(Counter).where(col(Counter.name) == name)
        result = await self.session.exec(statement.values(value=Counter.value + 1))
        return bool(result.rowcount == 1)

    async def update_versioned(
        self, request_id: int, expected_version: int, changes: dict[str, Any]
    ) -> bool:
        """Write ``changes`` and bump the version only if nobody changed the request meanwhile."""
        statement = (
            update(Request)
            .where(col(Request.id) == request_id, col(Request.version) == expected_version)
            .values(version=expected_version + 1, **changes)
        )
        result = await self.session.exec(statement)
        return bool(result.rowcount == 1)

    async def route(self, request_id: int) -> Sequence[RoutePoint]:
        query = select(RoutePoint).where(RoutePoint.request_id == request_id)
        return (await self.session.exec(query.order_by(col(RoutePoint.seq)))).all()

    async def cargo(self, request_id: int) -> Cargo | None:
        query = select(Cargo).where(Cargo.request_id == request_id)
        return (await self.session.exec(query)).first()

    async def items(self, request_id: int) -> Sequence[RequestItem]:
        query = select(RequestItem).where(RequestItem.request_id == request_id)
        return (await self.session.exec(query.order_by(col(RequestItem.seq)))).all()

    async def attachments(self, request_id: int) -> Sequence[Attachment]:
        query = select(Attachment).where(Attachment.request_id == request_id)
        return (await self.session.exec(query.order_by(col(Attachment.id)))).all()

    def add_part(self, part: RoutePoint | Cargo | RequestItem | Attachment) -> None:
        self.session.add(part)

    async def log(self, request_id: int) -> Sequence[TransitionLog]:
        query = select(TransitionLog).where(TransitionLog.request_id == request_id)
        return (await self.session.exec(query.order_by(col(TransitionLog.id)))).all()

    def append_log(self, row: TransitionLog) -> None:
        self.session.add(row)

    def enqueue(self, row: Outbox) -> None:
        self.session.add(row)

    async def count(self) -> int:
        return (await self.session.exec(select(func.count()).select_from(Request))).one()

    async def list_by(
        self,
        *,
        initiator_id: int | None = None,
        executor_id: int | None = None,
        statuses: Sequence[str] | None = None,
        offset: int = 0,
        limit: int = 10,
    ) -> tuple[Sequence[Request], int]:
        query = select(Request)
        if initiator_id is not None:
            query = query.where(Request.initiator_id == initiator_id)
        if executor_id is not None:
            query = query.where(Request.executor_id == executor_id)
        if statuses:
            query = query.where(col(Request.status).in_(list(statuses)))
        total_query = select(func.count()).select_from(query.subquery())
        total = (await self.session.exec(total_query)).one()
        page = query.order_by(col(Request.id).desc()).offset(offset).limit(limit)
        return (await self.session.exec(page)).all(), total
