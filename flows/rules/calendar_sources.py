"""Calendar rules: closing documents at the month end, the monthly summary.

Each falls due on a day of the company calendar. After downtime the latest occurrence is
still sent, marked late, unless it is older than :data:`CALENDAR_CATCH_UP`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.calendar import WorkingCalendar
from flows.enums import OPEN_STATUSES, Status
from flows.rules.context import DATE_FORMAT, Batch, Context
from flows.rules.evaluate import Subject
from flows.rules.model import Rule

# A calendar reminder missed for longer than this (the process was down) is dropped.
CALENDAR_CATCH_UP = timedelta(days=3)


def month_end_days(calendar: WorkingCalendar, year: int, month: int) -> tuple[date, date]:
    """The working day before the month's last working day, and that last day."""
    last = calendar.last_working_day(year, month)
    return calendar.previous_working_day(last), last


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def latest_month_end_day(rule: Rule, ctx: Context) -> tuple[date, int, date] | None:
    """(day, 0 for the day before or 1 for the last day, the last day) of the latest
    documents reminder due by now and not older than the catch-up limit."""
    today = ctx.calendar.local_date(ctx.now)
    candidates: list[tuple[date, int, date]] = []
    for year, month in (_previous_month(today.year, today.month), (today.year, today.month)):
        days = month_end_days(ctx.calendar, year, month)
        candidates.extend((day, index, days[1]) for index, day in enumerate(days))
    for day, index, last in reversed(candidates):
        due = _calendar_due(rule, ctx, day)
        if due <= ctx.now:
            return (day, index, last) if ctx.now - due <= CALENDAR_CATCH_UP else None
    return None


def _calendar_due(rule: Rule, ctx: Context, day: date) -> datetime:
    start = ctx.calendar.working_day_start(day)
    later = ctx.calendar.add_working_time(start, timedelta(hours=rule.hours))
    return ctx.calendar.next_working_instant(later)


async def documents_month_end(rule: Rule, ctx: Context) -> Batch:
    found = latest_month_end_day(rule, ctx)
    if found is None:
        return Batch()
    day, index, last = found
    rows = await ctx.repo.in_status(Status.documents.value)
    batch = Batch(examined=len(rows))
    by_executor: dict[int, list[str]] = {}
    for request in rows:
        if request.executor_id is not None:
            by_executor.setdefault(request.executor_id, []).append(request.number)
    instance = f"{last:%Y-%m}:{index}"
    for executor_id, numbers in by_executor.items():
        batch.subjects.append(
            Subject(
                instance=instance,
                start=ctx.calendar.working_day_start(day),
                recipients=(executor_id,),
                params={
                    "numbers": numbers,
                    "count": len(numbers),
                    "last_day": index == 1,
                    "month_end": last.strftime(DATE_FORMAT),
                },
            )
        )
    return batch


async def monthly_summary(rule: Rule, ctx: Context) -> Batch:
    today = ctx.calendar.local_date(ctx.now)
    first = ctx.calendar.first_working_day(today.year, today.month)
    due = _calendar_due(rule, ctx, first)
    if not due <= ctx.now <= due + CALENDAR_CATCH_UP:
        return Batch()
    year, month = _previous_month(today.year, today.month)
    instance = f"{year:04d}-{month:02d}"
    recipients = await ctx.audience.for_company(rule)
    keys = [f"rule:{rule.key}:{instance}:0:{r}" for r in recipients]
    if len(await ctx.repo.existing_keys(keys)) == len(keys):
        return Batch()
    start = ctx.day_start(date(year, month, 1))
    end = ctx.day_start(date(today.year, today.month, 1))
    after_draft = [s.value for s in Status if s is not Status.draft]
    submitted, emergency = await ctx.repo.submitted_between(start, end, after_draft)
    params = {
        "month": f"{month:02d}.{year}",
        "submitted": submitted,
        "emergency": emergency,
        "emergency_share": round(100 * emergency / submitted) if submitted else 0,
        "closed": await ctx.repo.finished_between(Status.closed.value, start, end),
        "cancelled": await ctx.repo.finished_between(Status.cancelled.value, start, end),
        "open": await ctx.repo.count_in(s.value for s in OPEN_STATUSES),
    }
    start_of_day = ctx.calendar.working_day_start(first)
    subject = Subject(instance=instance, start=start_of_day, recipients=recipients, params=params)
    return Batch(subjects=[subject], examined=1)
