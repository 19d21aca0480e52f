"""Leases that let exactly one process run a singleton job (the scheduler, the dispatcher).

A holder renews its lease well before it expires; when it dies the lease runs out and the
next process to ask takes it over. The clock is the injected one, so tests move time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flows.services.context import Deps
from storage.repos.leases import LeaseRepo

logger = logging.getLogger(__name__)


async def take_lease(
    deps: Deps, name: str, holder: str, *, ttl: timedelta, now: datetime | None = None
) -> bool:
    """Hold or renew lease ``name`` for ``ttl``; False while another holder's is valid."""
    at = now or deps.now()
    async with deps.uow() as uow:
        taken = await LeaseRepo(uow.session).take(name, holder, now=at, until=at + ttl)
        await uow.commit()
    return taken


async def release_lease(deps: Deps, name: str, holder: str) -> bool:
    """Give the lease up at once (a clean shutdown), so a follower need not wait it out."""
    async with deps.uow() as uow:
        released = await LeaseRepo(uow.session).release(name, holder)
        await uow.commit()
    if released:
        logger.info("lease %s released by %s", name, holder)
    return released


async def lease_holder(deps: Deps, name: str) -> tuple[str, datetime] | None:
    """The current holder and expiry of a lease, or None if nobody ever took it."""
    async with deps.uow() as uow:
        lease = await LeaseRepo(uow.session).get(name)
    return None if lease is None else (lease.holder, lease.expires_at)
