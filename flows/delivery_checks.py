"""What happens to a due outbox row before anything is sent: go, wait, reroute or drop.

Checked for every row at the moment it would go, so the policy holds whoever wrote it:

- a row left ``sending`` by a stopped sender may have reached Telegram: it is logged as
  possibly sent and sent once more, never twice;
- the rule governing the message (``rule:*`` rows, and the services' messages an event rule
  covers) may have been switched off since: the row is cancelled;
- a recipient who is gone or switched off gets nothing; one who blocked the bot gets
  nothing either, but an urgent message is rerouted (see :mod:`flows.reachability`);
- quiet hours, in the recipient's own zone, hold a message back until they end; only an
  urgent message may break them, and for a rule's message only where the rule says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.delivery_log import STALE_SENDING, Delivery
from flows.enums import Level, OutboxStatus
from flows.reachability import settle_unreachable
from flows.rules.model import Rule, Watch
from flows.rules.settings import load_rules
from flows.rules.timing import QuietHours
from flows.services.context import Deps
from storage.repos.outbox import OutboxRepo
from storage.tables import Outbox, User
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)


async def due(
    deps: Deps, *, limit: int = 10, stale_after: timedelta = STALE_SENDING
) -> list[Delivery]:
    """Up to ``limit`` due rows that may go now, oldest first; commits once.

    The rows are not claimed yet: :func:`flows.delivery_log.claim` each right before it is
    handed to Telegram. Rows left ``sending`` for longer than ``stale_after`` count as due.
    """
    now = deps.now()
    async with deps.uow() as uow:
        rows = await OutboxRepo(uow.session).due(now, limit, stale_before=now - stale_after)
        ready = await screen(uow, rows, now=now, today=deps.today(), company_tz=deps.company_tz)
        await uow.commit()
    return ready


def may_break_quiet(level: str, rule: Rule | None) -> bool:
    """Only urgent messages break quiet hours; a rule's message only if the rule allows."""
    return level == Level.urgent and (rule is None or rule.overrides_quiet)


def quiet_hours_of(user: User, company_tz: str) -> QuietHours:
    zone = ZoneInfo(company_tz)
    if user.tz:
        try:
            zone = ZoneInfo(user.tz)
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("user %s has an unknown time zone; using the company's", user.id)
    return QuietHours(zone, user.quiet_start, user.quiet_end)


async def screen(
    uow: UnitOfWork,
    rows: Sequence[Outbox],
    *,
    now: datetime,
    today: date,
    company_tz: str,
) -> list[Delivery]:
    """The rows to send now, as deliveries; the others are changed in place (not committed).

    ``rows`` come from :meth:`OutboxRepo.due` in the same unit of work.
    """
    if not rows:
        return []
    repo = OutboxRepo(uow.session)
    rules = {rule.template_key: rule for rule in await load_rules(uow)}
    people = await repo.users(r.recipient_id for r in rows if r.recipient_id is not None)
    ready: list[Delivery] = []
    for row in rows:
        if row.status == OutboxStatus.sending and not _take_again(row, now):
            repo.save(row)
            continue
        user = people.get(row.recipient_id) if row.recipient_id is not None else None
        delivery = await _check(uow, row, rules.get(row.template), user, now, today, company_tz)
        repo.save(row)
        if delivery is not None:
            ready.append(delivery)
    return ready


def _take_again(row: Outbox, now: datetime) -> bool:
    """A row left ``sending``: pending again the first time, failed the second."""
    if row.resent_at is not None:
        row.status = OutboxStatus.failed.value
        row.last_error = "possibly sent; left sending again after being sent once more"
        logger.warning("outbox %s possibly sent; left sending twice, not sent again", row.id)
        return False
    logger.warning(
        "outbox %s possibly sent: left sending since %s; sending it once more",
        row.id,
        row.sending_at.isoformat() if row.sending_at else "?",
    )
    row.status, row.resent_at = OutboxStatus.pending.value, now
    return True


async def _check(
    uow: UnitOfWork,
    row: Outbox,
    rule: Rule | None,
    user: User | None,
    now: datetime,
    today: date,
    company_tz: str,
) -> Delivery | None:
    if rule is not None and not rule.enabled:
        return _drop(row, OutboxStatus.cancelled, f"the rule {rule.key} is switched off")
    if row.recipient_id is not None and (user is None or not user.is_active):
        return _drop(row, OutboxStatus.cancelled, "no reachable recipient")
    if user is not None and user.unreachable:
        await settle_unreachable(uow, row, user, now, today)
        return None
    chat_id = row.chat_id or (user.tg_id if user is not None else None)
    if chat_id is None:
        return _drop(row, OutboxStatus.cancelled, "no chat to send to")
    if user is not None and not may_break_quiet(row.level, rule):
        hush = quiet_hours_of(user, company_tz)
        if hush.is_quiet(now):
            row.due_at = hush.release(now)
            logger.info("outbox %s held until %s: quiet hours", row.id, row.due_at.isoformat())
            return None
    return _delivery(row, chat_id, user, rule)


def _drop(row: Outbox, status: OutboxStatus, reason: str) -> Delivery | None:
    """Settle the row without sending it; returns None, for ``return _drop(...)``."""
    row.status, row.last_error = status.value, reason
    logger.info("outbox %s %s: %s", row.id, status.value, reason)
    return None


def _delivery(row: Outbox, chat_id: int, user: User | None, rule: Rule | None) -> Delivery:
    assert row.id is not None
    event_rule = rule if rule is not None and rule.watch is Watch.event else None
    return Delivery(
        outbox_id=row.id,
        chat_id=chat_id,
        template=row.template,
        params=dict(row.params or {}),
        locale=(user.locale if user is not None else None) or "ru",
        level=row.level,
        recipient_id=row.recipient_id,
        request_id=row.request_id,
        purpose=row.purpose,
        attempts=row.attempts,
        event_rule=event_rule,
        resend=row.resent_at is not None,
    )
