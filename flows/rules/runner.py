"""Running one rule against the database: read the due items, decide, write the outbox.

One rule, one transaction. What was already written is read back from the outbox (its
dedupe keys), so running a rule twice, or in two processes at once, writes each message once:
the unique dedupe key settles any race. Rows of the rule still waiting for the dispatcher are
cancelled once their item is handled, so a reminder held up by an outage is not sent late
about something already done.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.calendar import WorkingCalendar
from flows.outbox import enqueue
from flows.rules.context import Audience, Context
from flows.rules.evaluate import (
    Evaluation,
    Notice,
    Subject,
    evaluate,
    last_sent_steps,
    parse_dedupe_key,
)
from flows.rules.model import Rule
from flows.rules.settings import load_rules
from flows.rules.sources import SOURCES, per_request
from flows.rules.templates import TEMPLATES_PARAM
from flows.rules.timing import LATE_GRACE, QuietHours
from flows.services.context import Deps, load_calendar
from storage.repos.rules import RulesRepo
from storage.tables import User
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleRun:
    """What one rule did in one scan; ``examined`` counts rows the due queries read."""

    rule_key: str
    examined: int = 0
    enqueued: int = 0
    late: int = 0
    cancelled: int = 0


async def scan_setup(deps: Deps) -> tuple[list[Rule], WorkingCalendar]:
    """The effective rules and the company calendar, read once per scan."""
    async with deps.uow() as uow:
        return await load_rules(uow), await load_calendar(uow, deps.company_tz)


async def run_rule(
    deps: Deps,
    rule: Rule,
    calendar: WorkingCalendar,
    now: datetime,
    *,
    grace: timedelta = LATE_GRACE,
) -> RuleRun:
    """Write the messages ``rule`` owes at ``now``; a no-op for items already handled."""
    source = SOURCES[rule.watch]
    async with deps.uow() as uow:
        repo = RulesRepo(uow.session)
        batch = await source(rule, Context(uow, repo, Audience(uow), calendar, now))
        people = await repo.users(r for s in batch.subjects for r in s.recipients)
        subjects = [_reachable(s, people) for s in batch.subjects]
        sent = await _sent(repo, rule, subjects)
        quiet = _quiet_hours(people, calendar.zone)
        result = evaluate(rule, subjects, calendar, now, sent=sent, quiet=quiet, grace=grace)
        enqueued = await _write(uow, rule, result.notices, now)
        cancelled = await _sweep(repo, rule, result) if per_request(rule) else 0
        await uow.commit()
    run = RuleRun(
        rule_key=rule.key,
        examined=batch.examined,
        enqueued=enqueued,
        late=sum(1 for n in result.notices if n.late),
        cancelled=cancelled,
    )
    _log(run)
    return run


def _reachable(subject: Subject, people: Mapping[int, User]) -> Subject:
    active = tuple(r for r in subject.recipients if r in people and people[r].is_active)
    return subject if active == subject.recipients else replace(subject, recipients=active)


async def _sent(
    repo: RulesRepo, rule: Rule, subjects: list[Subject]
) -> dict[tuple[str, int], int]:
    if per_request(rule):
        ids = [s.request_id for s in subjects if s.request_id is not None]
        keys = await repo.sent_keys_for_requests(rule.template_key, ids)
    else:
        wanted = [f"rule:{rule.key}:{s.instance}:0:{r}" for s in subjects for r in s.recipients]
        keys = await repo.existing_keys(wanted)
    return last_sent_steps(rule.key, keys)


def _quiet_hours(people: Mapping[int, User], company_zone: ZoneInfo) -> dict[int, QuietHours]:
    result = {}
    for user_id, user in people.items():
        hush = QuietHours(_zone(user.tz, company_zone), user.quiet_start, user.quiet_end)
        if hush.active:
            result[user_id] = hush
    return result


def _zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown time zone %r in a user's settings; using the company's", name)
        return fallback


async def _write(uow: UnitOfWork, rule: Rule, notices: Iterable[Notice], now: datetime) -> int:
    added = 0
    for notice in notices:
        params = dict(notice.params)
        if rule.templates:
            params[TEMPLATES_PARAM] = dict(rule.templates)
        added += await enqueue(
            uow,
            now=now,
            recipients=[notice.recipient],
            template=rule.template_key,
            params=params,
            request_id=notice.request_id,
            level=rule.level,
            purpose=notice.purpose,
            dedupe_key=notice.dedupe_key,
        )
    return added


async def _sweep(repo: RulesRepo, rule: Rule, result: Evaluation) -> int:
    """Cancel waiting rows whose item was handled, or that a later step replaced."""
    stale = []
    for row in await repo.pending_rows(rule.template_key):
        parsed = parse_dedupe_key(rule.key, row.dedupe_key or "")
        if parsed is None or row.id is None:
            continue
        instance, step, _recipient = parsed
        current = result.current_steps.get(instance)
        if current is None or step < current:
            stale.append(row.id)
    return await repo.cancel_pending(stale)


def _log(run: RuleRun) -> None:
    if run.enqueued or run.cancelled:
        logger.info(
            "rule %s: %d messages written (%d late), %d cancelled, %d rows read",
            run.rule_key,
            run.enqueued,
            run.late,
            run.cancelled,
            run.examined,
        )
