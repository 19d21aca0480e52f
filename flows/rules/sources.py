"""The items each request rule watches, read through the indexed due queries.

Each source turns the rows of one due query into subjects for the pure evaluator; the
calendar rules live in :mod:`flows.rules.calendar_sources`.
"""

from __future__ import annotations

from datetime import timedelta

from flows.rules.calendar_sources import documents_month_end, monthly_summary
from flows.rules.context import DATE_FORMAT, Batch, Context
from flows.rules.evaluate import Subject
from flows.rules.model import Recipient, Rule, Watch


async def unassigned(rule: Rule, ctx: Context) -> Batch:
    rows = await ctx.repo.unassigned(ctx.now - timedelta(hours=rule.hours))
    batch = Batch(examined=len(rows))
    for request in rows:
        assert request.id is not None and request.submitted_at is not None
        params = {
            "number": request.number,
            "hours": ctx.elapsed_hours(request.submitted_at),
            "emergency": bool(request.is_emergency),
        }
        batch.subjects.append(
            Subject(
                instance=str(request.id),
                start=request.submitted_at,
                recipients=await ctx.audience.for_request(rule, request),
                params=params,
                request_id=request.id,
                purpose=f"queue:{request.id}",
            )
        )
    return batch


async def loading_near(rule: Rule, ctx: Context) -> Batch:
    horizon = ctx.calendar.add_working_time(ctx.now, timedelta(hours=rule.hours))
    # Days off right after the horizon count back to the same working instant.
    last_date = ctx.calendar.next_working_day(ctx.calendar.local_date(horizon))
    rows = await ctx.repo.unassigned_loading_by(last_date)
    batch = Batch(examined=len(rows))
    for request in rows:
        assert request.id is not None and request.loading_date is not None
        batch.subjects.append(
            Subject(
                instance=str(request.id),
                start=ctx.calendar.working_day_start(request.loading_date),
                not_before=request.submitted_at,
                recipients=await ctx.audience.for_request(rule, request),
                params={
                    "number": request.number,
                    "loading_date": request.loading_date.strftime(DATE_FORMAT),
                },
                request_id=request.id,
                purpose=f"queue:{request.id}",
            )
        )
    return batch


async def approval_pending(rule: Rule, ctx: Context) -> Batch:
    rows = await ctx.repo.pending_approvals(ctx.now - timedelta(hours=rule.hours))
    batch = Batch(examined=len(rows))
    names = await ctx.repo.users(a.approver_id for a, _ in rows if a.approver_id is not None)
    asks_approver = Recipient.approver in rule.recipients
    for approval, request in rows:
        assert approval.id is not None
        approver = names.get(approval.approver_id) if approval.approver_id else None
        params: dict[str, object] = {
            "number": request.number,
            "hours": ctx.elapsed_hours(approval.created_at),
            "kind": approval.purpose,
            "approver": approver.full_name if approver else "",
            "approver_role": approval.role,
        }
        if asks_approver:
            # The message can carry the approve and reject buttons, edited away on decision.
            params["approval_id"] = approval.id
        batch.subjects.append(
            Subject(
                instance=str(approval.id),
                start=approval.created_at,
                recipients=await ctx.audience.for_request(rule, request, approval),
                params=params,
                request_id=request.id,
                purpose=f"approval:{approval.id}" if asks_approver else None,
            )
        )
    return batch


async def bid_deadline(rule: Rule, ctx: Context) -> Batch:
    rows = await ctx.repo.tenders_past_deadline(ctx.now - timedelta(hours=rule.hours))
    batch = Batch(examined=len(rows))
    for request in rows:
        assert request.id is not None and request.bid_deadline is not None
        bids = await ctx.repo.bid_count(request.id, request.tender_restarts)
        batch.subjects.append(
            Subject(
                instance=f"{request.id}:{request.tender_restarts}",
                start=request.bid_deadline,
                recipients=await ctx.audience.for_request(rule, request),
                params={
                    "number": request.number,
                    "deadline": ctx.local(request.bid_deadline),
                    "bids": bids,
                },
                request_id=request.id,
            )
        )
    return batch


async def arrival_overdue(rule: Rule, ctx: Context) -> Batch:
    rows = await ctx.repo.deliveries_expected_before(ctx.calendar.local_date(ctx.now))
    batch = Batch(examined=len(rows))
    for request in rows:
        assert request.id is not None and request.expected_arrival is not None
        arrival = request.expected_arrival
        batch.subjects.append(
            Subject(
                instance=f"{request.id}:{arrival.isoformat()}",
                start=ctx.day_start(arrival + timedelta(days=1)),
                recipients=await ctx.audience.for_request(rule, request),
                params={"number": request.number, "arrival": arrival.strftime(DATE_FORMAT)},
                request_id=request.id,
            )
        )
    return batch


SOURCES = {
    Watch.unassigned: unassigned,
    Watch.loading_near: loading_near,
    Watch.approval_pending: approval_pending,
    Watch.bid_deadline: bid_deadline,
    Watch.arrival_overdue: arrival_overdue,
    Watch.documents_month_end: documents_month_end,
    Watch.monthly_summary: monthly_summary,
}


def per_request(rule: Rule) -> bool:
    """Whether the rule's messages are about one request each (and carry its id)."""
    return rule.watch not in (Watch.documents_month_end, Watch.monthly_summary, Watch.event)
