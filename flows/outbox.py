"""Writing notifications into the outbox, in the transaction of the change that causes them.

A row names a template and its parameters; the text is rendered at send time in the
recipient's language, so nothing here knows about Telegram.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from flows.enums import Level
from storage.tables import Outbox
from storage.uow import UnitOfWork


async def enqueue(
    uow: UnitOfWork,
    *,
    now: datetime,
    recipients: Iterable[int | None],
    template: str,
    params: Mapping[str, Any] | None = None,
    request_id: int | None = None,
    level: Level = Level.info,
    purpose: str | None = None,
    dedupe_key: str | None = None,
    due_at: datetime | None = None,
    exclude: int | None = None,
) -> int:
    """Add one outbox row per distinct recipient; returns how many were added.

    With a ``dedupe_key`` a row that already exists is skipped, never added twice.
    """
    added = 0
    for recipient in dict.fromkeys(r for r in recipients if r is not None and r != exclude):
        key = f"{dedupe_key}:{recipient}" if dedupe_key else None
        row = Outbox(
            dedupe_key=key,
            recipient_id=recipient,
            request_id=request_id,
            template=template,
            params=dict(params or {}),
            level=level.value,
            purpose=purpose,
            created_at=now,
            due_at=due_at or now,
        )
        if key is None:
            uow.requests.enqueue(row)
            added += 1
            continue
        try:
            async with uow.session.begin_nested():
                uow.requests.enqueue(row)
            added += 1
        except IntegrityError:
            continue
    await uow.session.flush()
    return added
