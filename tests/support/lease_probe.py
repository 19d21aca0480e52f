"""Run as its own OS process: ask for a lease once and print ``leader`` or ``follower``.

``python -m tests.support.lease_probe URL NAME NOW_ISO TTL_SECONDS [START_AT_EPOCH]``; with
START_AT the process waits for that wall-clock instant after start-up, so several probes
started together ask at the same moment.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta

from flows.clock import FrozenClock
from flows.services.context import Deps
from jobs.leader import Leader
from storage.db import create_engine, session_factory
from storage.uow import uow_factory


async def probe(url: str, name: str, now: datetime, ttl: timedelta, start_at: float) -> str:
    engine = create_engine(url)
    try:
        deps = Deps(uow=uow_factory(session_factory(engine)), clock=FrozenClock(now))
        leader = Leader(deps, name, ttl=ttl)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        return "leader" if await leader.refresh() else "follower"
    finally:
        await engine.dispose()


def main(argv: list[str]) -> None:
    url, name, now, ttl = argv[:4]
    start_at = float(argv[4]) if len(argv) > 4 else 0.0
    moment = datetime.fromisoformat(now)
    print(asyncio.run(probe(url, name, moment, timedelta(seconds=float(ttl)), start_at)))


if __name__ == "__main__":
    main(sys.argv[1:])
