"""Leader election across processes sharing one database, through a lease row.

Each process runs a :class:`Leader` for a job that must run once (the rules scheduler, the
outbox dispatcher). It renews its lease every few seconds; the one that holds it does the
work. When the leader dies its lease runs out and the next process to ask takes it over, so
a deploy overlap, two webhook workers or a process started twice by mistake never run the
job twice. The same row works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from flows.lease import release_lease, take_lease
from flows.services.context import Deps

logger = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(seconds=60)


def process_name() -> str:
    """A holder name unique to this process: host, pid and a random tail."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Leader:
    """This process's claim on the lease ``name``; ``is_leader`` is true while it holds it."""

    def __init__(
        self,
        deps: Deps,
        name: str,
        *,
        ttl: timedelta = DEFAULT_TTL,
        holder: str | None = None,
    ) -> None:
        self.deps = deps
        self.name = name
        self.ttl = ttl
        self.holder = holder or process_name()
        self._until: datetime | None = None

    @property
    def is_leader(self) -> bool:
        return self._until is not None and self.deps.now() < self._until

    async def refresh(self) -> bool:
        """Take or renew the lease; False while another process holds a valid one.

        A database error counts as losing the lease: better no leader for a while than two.
        """
        was_leader = self.is_leader
        now = self.deps.now()
        try:
            taken = await take_lease(self.deps, self.name, self.holder, ttl=self.ttl, now=now)
        except Exception:
            logger.exception("lease %s: could not renew", self.name)
            taken = False
        self._until = now + self.ttl if taken else None
        if taken and not was_leader:
            logger.info("lease %s taken by %s", self.name, self.holder)
        elif was_leader and not taken:
            logger.warning("lease %s lost by %s", self.name, self.holder)
        return taken

    async def resign(self) -> None:
        """Release the lease on a clean shutdown so a follower takes over at once."""
        if self._until is None:
            return
        self._until = None
        try:
            await release_lease(self.deps, self.name, self.holder)
        except Exception:
            logger.exception("lease %s: could not release; it expires by itself", self.name)
