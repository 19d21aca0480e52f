"""Bids, approvals, change requests and closing documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import Approval, Bid, ChangeRequest, ClosingDocument


class TenderRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def bids(self, request_id: int) -> Sequence[Bid]:
        query = select(Bid).where(Bid.request_id == request_id).order_by(col(Bid.id))
        return (await self.session.exec(query)).all()

    async def bid(self, bid_id: int) -> Bid | None:
        return await self.session.get(Bid, bid_id)

    async def add(self, row: Bid | Approval | ChangeRequest | ClosingDocument) -> None:
        self.session.add(row)
        await self.session.flush()

    async def approval(self, approval_id: int) -> Approval | None:
        query = select(Approval).where(Approval.id == approval_id)
        result = await self.session.exec(query.execution_options(populate_existing=True))
        return result.first()

    async def approvals(
        self, request_id: int, *, purpose: str | None = None, round_: int | None = None
    ) -> Sequence[Approval]:
        query = select(Approval).where(Approval.request_id == request_id)
        if purpose is not None:
            query = query.where(Approval.purpose == purpose)
        if round_ is not None:
            query = query.where(Approval.round == round_)
        query = query.order_by(col(Approval.id)).execution_options(populate_existing=True)
        return (await self.session.exec(query)).all()

    async def decide(
        self, approval_id: int, *, decision: str, by: int | None, at: datetime, comment: str | None
    ) -> bool:
        """Record a decision unless one was recorded already; True if this call recorded it."""
        statement = (
            update(Approval)
            .where(col(Approval.id) == approval_id, col(Approval.decision) == "pending")
            .values(decision=decision, decided_by=by, decided_at=at, comment=comment)
        )
        result = await self.session.exec(statement)
        return bool(result.rowcount == 1)

    async def close_pending(self, request_id: int, at: datetime, **where: Any) -> int:
        statement = update(Approval).where(
            col(Approval.request_id) == request_id, col(Approval.decision) == "pending"
        )
        for name, value in where.items():
            statement = statement.where(getattr(Approval, name) == value)
        statement = statement.values(decision="closed", decided_at=at)
        result = await self.session.exec(statement)
        return int(result.rowcount)

    async def change(self, change_id: int) -> ChangeRequest | None:
        return await self.session.get(ChangeRequest, change_id)

    async def changes(self, request_id: int) -> Sequence[ChangeRequest]:
        query = select(ChangeRequest).where(ChangeRequest.request_id == request_id)
        return (await self.session.exec(query.order_by(col(ChangeRequest.id)))).all()

    async def documents(self, request_id: int) -> Sequence[ClosingDocument]:
        query = select(ClosingDocument).where(ClosingDocument.request_id == request_id)
        return (await self.session.exec(query.order_by(col(ClosingDocument.id)))).all()
