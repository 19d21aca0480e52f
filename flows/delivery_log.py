"""What happened to each outbox row: claimed, sent, failed, retired; one transaction each.

The sending edge picks due rows (``flows.delivery_checks.due``), then claims each right
before handing it to Telegram: :func:`claim` marks it ``sending`` in a committed
transaction, so a crash between the claim and the record leaves the row visibly
``sending``; it is then sent once more at most. Nothing here talks to Telegram.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flows.enums import OutboxStatus
from flows.reachability import settle_unreachable
from flows.rules.model import Rule
from flows.services.context import Deps
from storage.repos.outbox import OutboxRepo
from storage.tables import SentMessage
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

# A row still ``sending`` after this long belongs to a sender that stopped mid-way.
STALE_SENDING = timedelta(minutes=5)
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True)
class Delivery:
    """One due outbox row with everything needed to render and send it.

    ``event_rule`` is the admin's rule over a service message (its text may replace the
    bot's own); ``resend`` says the row may have reached Telegram once already.
    """

    outbox_id: int
    chat_id: int
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    locale: str = "ru"
    level: str = "info"
    recipient_id: int | None = None
    request_id: int | None = None
    purpose: str | None = None
    attempts: int = 0
    event_rule: Rule | None = None
    resend: bool = False


@dataclass(frozen=True)
class SentRef:
    chat_id: int
    message_id: int


def _repo(uow: UnitOfWork) -> OutboxRepo:
    return OutboxRepo(uow.session)


async def claim(deps: Deps, delivery: Delivery) -> bool:
    """Mark the row ``sending`` now, committed; False if it is no longer pending."""
    async with deps.uow() as uow:
        claimed = await _repo(uow).claim(delivery.outbox_id, deps.now())
        await uow.commit()
    if not claimed:
        logger.info("outbox %s was not pending any more; skipped", delivery.outbox_id)
    return claimed


async def mark_sent(deps: Deps, delivery: Delivery, message_id: int) -> None:
    """Record that Telegram accepted the message, and where it went; commits once."""
    now = deps.now()
    async with deps.uow() as uow:
        repo = _repo(uow)
        row = await repo.get(delivery.outbox_id)
        if row is None:
            return
        row.status, row.sent_at, row.attempts = OutboxStatus.sent.value, now, row.attempts + 1
        repo.save(row)
        repo.save(
            SentMessage(
                chat_id=delivery.chat_id,
                message_id=message_id,
                request_id=delivery.request_id,
                purpose=delivery.purpose or f"notice:{delivery.template}",
                outbox_id=delivery.outbox_id,
                active=delivery.purpose is not None,
                sent_at=now,
            )
        )
        await uow.commit()
    logger.info(
        "outbox %s sent (%s) to user %s",
        delivery.outbox_id,
        delivery.template,
        delivery.recipient_id,
    )
    if delivery.resend:
        logger.warning("outbox %s sent once more: it may have arrived twice", delivery.outbox_id)


async def mark_failed(
    deps: Deps, delivery: Delivery, error: str, *, retry_at: datetime | None
) -> None:
    """Count a failed attempt: back to pending until ``retry_at``, or failed for good."""
    async with deps.uow() as uow:
        repo = _repo(uow)
        row = await repo.get(delivery.outbox_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:MAX_ERROR_LENGTH]
        if retry_at is None:
            row.status = OutboxStatus.failed.value
        else:
            row.status, row.due_at = OutboxStatus.pending.value, retry_at
        repo.save(row)
        await uow.commit()


async def unreachable(deps: Deps, delivery: Delivery, error: str) -> None:
    """Telegram refused for good (the person blocked the bot): flag the recipient, then fail
    the row, or reroute it when urgent (see :mod:`flows.reachability`); commits once."""
    now = deps.now()
    async with deps.uow() as uow:
        repo = _repo(uow)
        row = await repo.get(delivery.outbox_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:MAX_ERROR_LENGTH]
        user = await repo.recipient(row.recipient_id) if row.recipient_id else None
        if user is None or user.id is None:
            row.status = OutboxStatus.failed.value
        else:
            if not user.unreachable:
                user.unreachable, user.unreachable_since = True, now
                repo.save(user)
                logger.warning("user %s is unreachable in Telegram: %s", user.id, error[:80])
            await settle_unreachable(uow, row, user, now, deps.today())
        repo.save(row)
        await uow.commit()


async def wait_for_telegram(deps: Deps, delivery: Delivery, error: str, until: datetime) -> None:
    """Telegram asked to wait (429): the row goes back until ``until``, its attempt counted,
    and the recipient's other due rows wait as long, so they do not crowd the next passes."""
    async with deps.uow() as uow:
        repo = _repo(uow)
        row = await repo.get(delivery.outbox_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:MAX_ERROR_LENGTH]
        row.status, row.due_at = OutboxStatus.pending.value, until
        repo.save(row)
        if delivery.recipient_id is not None:
            await repo.postpone(delivery.recipient_id, until)
        await uow.commit()


async def retire(deps: Deps, purpose: str) -> list[SentRef]:
    """Close a purpose: its sent messages stop being active, its unsent rows are cancelled.

    Returns the messages whose buttons the edge should now edit away.
    """
    async with deps.uow() as uow:
        repo = _repo(uow)
        sent = await repo.active_sent(purpose)
        await repo.deactivate_sent([m.id for m in sent if m.id is not None])
        cancelled = await repo.cancel_unsent(purpose, "decided before sending")
        await uow.commit()
    if cancelled:
        logger.info("%s unsent messages for %s cancelled", cancelled, purpose)
    return [SentRef(m.chat_id, m.message_id) for m in sent]


async def outbox_counts(deps: Deps) -> dict[str, int]:
    """How many outbox rows are in each status."""
    async with deps.uow() as uow:
        return await _repo(uow).count_by_status()
