"""The outbox and the register of sent messages, seen from the dispatcher that sends them.

Also whether people can be reached in Telegram at all (``users.unreachable``): the
dispatcher learns it from Telegram's answers, and it decides where a message goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from flows.enums import OutboxStatus
from storage.tables import Outbox, SentMessage, User


class OutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due(self, now: datetime, limit: int, *, stale_before: datetime) -> Sequence[Outbox]:
        """Rows to send now, oldest first, locked so a second sender skips them.

        Besides pending rows that are due, rows left in ``sending`` since before
        ``stale_before`` are returned: their sender stopped between claiming and recording.
        """
        pending = (col(Outbox.status) == OutboxStatus.pending.value) & (col(Outbox.due_at) <= now)
        stuck = (col(Outbox.status) == OutboxStatus.sending.value) & (
            col(Outbox.sending_at) < stale_before
        )
        query = (
            select(Outbox)
            .where(or_(pending, stuck))
            .order_by(col(Outbox.due_at), col(Outbox.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return (await self.session.exec(query)).all()

    async def get(self, outbox_id: int) -> Outbox | None:
        return await self.session.get(Outbox, outbox_id)

    async def claim(self, outbox_id: int, now: datetime) -> bool:
        """Mark a pending row ``sending``; False if it is not pending any more (someone else
        claimed it, or it was cancelled meanwhile)."""
        statement = (
            update(Outbox)
            .where(
                col(Outbox.id) == outbox_id,
                col(Outbox.status) == OutboxStatus.pending.value,
            )
            .values(status=OutboxStatus.sending.value, sending_at=now)
        )
        result = await self.session.exec(statement)
        return bool(result.rowcount)

    async def users(self, ids: Iterable[int]) -> dict[int, User]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        query = select(User).where(col(User.id).in_(wanted))
        return {u.id: u for u in (await self.session.exec(query)).all() if u.id is not None}

    async def recipient(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def postpone(self, recipient_id: int, until: datetime) -> int:
        """Move the recipient's pending rows due before ``until`` to ``until``."""
        statement = (
            update(Outbox)
            .where(
                col(Outbox.recipient_id) == recipient_id,
                col(Outbox.status) == OutboxStatus.pending.value,
                col(Outbox.due_at) < until,
            )
            .values(due_at=until)
        )
        return int((await self.session.exec(statement)).rowcount or 0)

    async def set_reachable(self, tg_id: int) -> int | None:
        """Clear the flag of the account ``tg_id``; its user id, or None if it was not set."""
        user = (await self.session.exec(select(User).where(User.tg_id == tg_id))).first()
        if user is None or not user.unreachable:
            return None
        user.unreachable, user.unreachable_since = False, None
        self.session.add(user)
        return user.id

    async def unreachable_users(self) -> Sequence[User]:
        query = (
            select(User)
            .where(col(User.unreachable).is_(True), col(User.is_active).is_(True))
            .order_by(col(User.unreachable_since), col(User.id))
        )
        return (await self.session.exec(query)).all()

    def save(self, row: Outbox | SentMessage | User) -> None:
        self.session.add(row)

    async def count_by_status(self) -> dict[str, int]:
        query = select(Outbox.status, func.count()).group_by(col(Outbox.status))
        return {status: count for status, count in (await self.session.exec(query)).all()}

    async def active_sent(self, purpose: str) -> Sequence[SentMessage]:
        query = (
            select(SentMessage)
            .where(SentMessage.purpose == purpose, col(SentMessage.active).is_(True))
            .order_by(col(SentMessage.id))
        )
        return (await self.session.exec(query)).all()

    async def deactivate_sent(self, ids: Sequence[int]) -> None:
        if ids:
            statement = (
                update(SentMessage).where(col(SentMessage.id).in_(list(ids))).values(active=False)
            )
            await self.session.exec(statement)

    async def cancel_unsent(self, purpose: str, reason: str) -> int:
        """Cancel rows with ``purpose`` that were not handed to Telegram yet."""
        statement = (
            update(Outbox)
            .where(
                col(Outbox.purpose) == purpose,
                col(Outbox.status) == OutboxStatus.pending.value,
            )
            .values(status=OutboxStatus.cancelled.value, last_error=reason)
        )
        result = await self.session.exec(statement)
        return int(result.rowcount or 0)
