"""Rule settings and the due-item queries of the notification rules.

Every candidate query walks an index whose leading column is a status or a decision and
whose second is the instant or date the rule counts from, so a scan reads the items that are
due and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.tables import Approval, Bid, Outbox, Request, User
from storage.tables.rules import RuleSetting


class RulesRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # Settings

    async def settings(self) -> Sequence[RuleSetting]:
        query = select(RuleSetting).order_by(col(RuleSetting.key))
        return (await self.session.exec(query)).all()

    async def setting(self, key: str) -> RuleSetting | None:
        return await self.session.get(RuleSetting, key)

    async def put(self, row: RuleSetting) -> None:
        self.session.add(row)
        await self.session.flush()

    # Due items

    async def unassigned(self, submitted_before: datetime) -> Sequence[Request]:
        """Submitted requests nobody took, submitted at or before the instant."""
        query = select(Request).where(
            Request.status == "submitted", col(Request.submitted_at) <= submitted_before
        )
        return (await self.session.exec(query.order_by(col(Request.submitted_at)))).all()

    async def unassigned_loading_by(self, last_date: date) -> Sequence[Request]:
        """Submitted requests nobody took whose loading date is at or before ``last_date``."""
        query = select(Request).where(
            Request.status == "submitted", col(Request.loading_date) <= last_date
        )
        return (await self.session.exec(query.order_by(col(Request.loading_date)))).all()

    async def tenders_past_deadline(self, now: datetime) -> Sequence[Request]:
        query = select(Request).where(Request.status == "tender", col(Request.bid_deadline) <= now)
        return (await self.session.exec(query.order_by(col(Request.bid_deadline)))).all()

    async def deliveries_expected_before(self, day: date) -> Sequence[Request]:
        """Requests in delivery whose expected arrival date is before ``day``."""
        query = select(Request).where(
            Request.status == "in_delivery", col(Request.expected_arrival) < day
        )
        return (await self.session.exec(query.order_by(col(Request.expected_arrival)))).all()

    async def pending_approvals(
        self, created_before: datetime
    ) -> Sequence[tuple[Approval, Request]]:
        query = (
            select(Approval, Request)
            .join(Request, col(Request.id) == col(Approval.request_id))
            .where(Approval.decision == "pending", col(Approval.created_at) <= created_before)
            .order_by(col(Approval.created_at))
        )
        return (await self.session.exec(query)).all()

    async def in_status(self, status: str) -> Sequence[Request]:
        query = select(Request).where(Request.status == status).order_by(col(Request.id))
        return (await self.session.exec(query)).all()

    async def bid_count(self, request_id: int, tender_round: int) -> int:
        query = select(func.count()).where(
            Bid.request_id == request_id,
            Bid.tender_round == tender_round,
            col(Bid.refused).is_(False),
        )
        return (await self.session.exec(query)).one()

    # The monthly summary

    async def submitted_between(
        self, start: datetime, end: datetime, statuses: Iterable[str]
    ) -> tuple[int, int]:
        """(all, emergency) requests submitted in ``[start, end)``; ``statuses`` are those a
        submitted request can be in, which lets the (status, submitted_at) index serve."""
        query = select(func.count(), func.count().filter(col(Request.is_emergency).is_(True)))
        query = query.where(
            col(Request.status).in_(list(statuses)),
            col(Request.submitted_at) >= start,
            col(Request.submitted_at) < end,
        )
        total, emergency = (await self.session.exec(query)).one()
        return int(total), int(emergency)

    async def finished_between(self, status: str, start: datetime, end: datetime) -> int:
        query = select(func.count()).where(
            Request.status == status,
            col(Request.closed_at) >= start,
            col(Request.closed_at) < end,
        )
        return int((await self.session.exec(query)).one())

    async def count_in(self, statuses: Iterable[str]) -> int:
        query = select(func.count()).where(col(Request.status).in_(list(statuses)))
        return int((await self.session.exec(query)).one())

    # People and the outbox

    async def users(self, ids: Iterable[int]) -> dict[int, User]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        query = select(User).where(col(User.id).in_(wanted))
        return {u.id: u for u in (await self.session.exec(query)).all() if u.id is not None}

    async def sent_keys_for_requests(self, template: str, request_ids: Iterable[int]) -> list[str]:
        """Dedupe keys of the template's rows about these requests, in any status."""
        wanted = sorted(set(request_ids))
        if not wanted:
            return []
        query = select(Outbox.dedupe_key).where(
            col(Outbox.request_id).in_(wanted), Outbox.template == template
        )
        return [k for k in (await self.session.exec(query)).all() if k is not None]

    async def existing_keys(self, keys: Iterable[str]) -> list[str]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        query = select(Outbox.dedupe_key).where(col(Outbox.dedupe_key).in_(wanted))
        return [k for k in (await self.session.exec(query)).all() if k is not None]

    async def pending_rows(self, template: str) -> Sequence[Outbox]:
        """Rows of the template still waiting for the dispatcher."""
        query = select(Outbox).where(Outbox.status == "pending", Outbox.template == template)
        return (await self.session.exec(query.order_by(col(Outbox.id)))).all()

    async def cancel_pending(self, outbox_ids: Iterable[int]) -> int:
        """Cancel rows the dispatcher has not claimed yet; returns how many."""
        wanted = sorted(set(outbox_ids))
        if not wanted:
            return 0
        statement = (
            update(Outbox)
            .where(col(Outbox.id).in_(wanted), col(Outbox.status) == "pending")
            .values(status="cancelled")
        )
        result = await self.session.exec(statement)
        return int(result.rowcount)
