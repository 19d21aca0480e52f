"""What happened to each outbox row: claimed, sent, failed, retired; one transaction each.

The sending edge claims due rows (marking them ``sending`` in a committed transaction, so a
crash between the claim and the record is visible), hands them to Telegram, then records the
outcome. Nothing here talks to Telegram.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flows.enums import OutboxStatus
from flows.services.context import Deps
from storage.repos.outbox import OutboxRepo
from storage.tables import Outbox, SentMessage
from storage.uow import UnitOfWork

logger = logging.getLogger(__name__)

# A row still ``sending`` after this long belongs to a sender that stopped mid-way.
STALE_SENDING = timedelta(minutes=5)
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True)
class Delivery:
    """One claimed outbox row with everything needed to render and send it."""

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


@dataclass(frozen=True)
class SentRef:
    chat_id: int
    message_id: int


def _repo(uow: UnitOfWork) -> OutboxRepo:
    return OutboxRepo(uow.session)


async def claim_due(deps: Deps, *, limit: int = 10) -> list[Delivery]:
    """Mark up to ``limit`` due rows ``sending`` and return them; commits once.

    Rows whose recipient is gone, switched off or has no chat are cancelled instead.
    """
    now = deps.now()
    claimed: list[Delivery] = []
    async with deps.uow() as uow:
        repo = _repo(uow)
        for row in await repo.due(now, limit, stale_before=now - STALE_SENDING):
            if row.status == OutboxStatus.sending:
                logger.warning("outbox %s was left sending; sending it again", row.id)
            delivery = await _delivery(repo, row)
            if delivery is None:
                row.status, row.last_error = OutboxStatus.cancelled.value, "no reachable recipient"
                logger.warning("outbox %s cancelled: no reachable recipient", row.id)
            else:
                row.status, row.sending_at = OutboxStatus.sending.value, now
                claimed.append(delivery)
            repo.save(row)
        await uow.commit()
    return claimed


async def _delivery(repo: OutboxRepo, row: Outbox) -> Delivery | None:
    assert row.id is not None
    chat_id, locale = row.chat_id, "ru"
    if row.recipient_id is not None:
        user = await repo.recipient(row.recipient_id)
        if user is None or not user.is_active:
            return None
        chat_id, locale = chat_id or user.tg_id, user.locale or "ru"
    if chat_id is None:
        return None
    return Delivery(
        outbox_id=row.id,
        chat_id=chat_id,
        template=row.template,
        params=dict(row.params or {}),
        locale=locale,
        level=row.level,
        recipient_id=row.recipient_id,
        request_id=row.request_id,
        purpose=row.purpose,
        attempts=row.attempts,
    )


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


async def release(deps: Deps, deliveries: Sequence[Delivery]) -> None:
    """Give claimed rows back untouched (the sender is stopping before sending them)."""
    if not deliveries:
        return
    async with deps.uow() as uow:
        repo = _repo(uow)
        for delivery in deliveries:
            row = await repo.get(delivery.outbox_id)
            if row is not None and row.status == OutboxStatus.sending:
                row.status, row.sending_at = OutboxStatus.pending.value, None
                repo.save(row)
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
