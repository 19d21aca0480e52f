"""``tonnage seed-demo``: a realistic rigging company with half a year of requests.

Reference data (people, regions, projects, counterparties, vehicle types, units) is written
directly; every request is then lived through the real services, one step at a time, with a
frozen clock moved forward between steps. The stories of all requests run interleaved in
time order, so the clock never goes back and counterparty vetting, leaves and substitutes
affect requests the way they would have. The same seed and the same "now" give the same data.
"""

from __future__ import annotations

import heapq
import logging
import random
import sys
import time
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TextIO

from sqlalchemy import update
from sqlmodel import col

from cli.seeding.company import create_company
from cli.seeding.plan import Plan, make_plans
from cli.seeding.story import Story
from cli.seeding.summary import describe, existing_data
from cli.seeding.world import World
from flows.clock import FrozenClock
from flows.enums import OutboxStatus
from flows.services.context import Deps
from storage.db import create_engine, session_factory
from storage.tables import Outbox
from storage.uow import uow_factory

logger = logging.getLogger(__name__)

MARKER = "demo_seeded"
PERIOD = timedelta(days=182)
# Notifications of the simulated past would all go out at once when the bot starts; only
# the last day's are left to send.
UNSENT_HISTORY = timedelta(days=1)

Queue = list[tuple[datetime, int, AsyncGenerator[datetime, None]]]


async def seed_demo(
    url: str,
    requests: int = 300,
    seed: int = 7,
    *,
    now: datetime | None = None,
    company_tz: str | None = None,
    progress: TextIO | None = sys.stderr,
) -> str:
    """Fill an empty database at ``url`` and return a printable summary.

    A database seeded before, or holding other data, is left as it is and the summary says
    so. Raises whatever a service raises: a refusal here is a bug in the demo or the service.
    """
    if company_tz is None:
        from bot.settings import get_settings

        company_tz = get_settings().company_tz
    end = (now or datetime.now(UTC)).astimezone(UTC)
    engine = create_engine(url)
    try:
        clock = FrozenClock(end - PERIOD)
        deps = Deps(uow=uow_factory(session_factory(engine)), clock=clock, company_tz=company_tz)
        refusal = await existing_data(deps, url, MARKER)
        if refusal is not None:
            return refusal
        started = time.perf_counter()
        rng = random.Random(seed)
        world = await create_company(deps, clock, rng, start=end - PERIOD, end=end)
        plans = make_plans(rng, requests, world.calendar, world.start, world.end)
        with _business_log_muted():
            await _live(world, plans, progress)
        await _finish(world, seed, requests)
        elapsed = time.perf_counter() - started
        logger.info("demo data seeded: %d requests in %.1f s", requests, elapsed)
        return await describe(deps, url, world.calendar, elapsed=elapsed)
    finally:
        await engine.dispose()


async def _live(world: World, plans: list[Plan], progress: TextIO | None) -> None:
    """Run every story in time order, moving the clock to each step."""
    queue: Queue = [(p.created_at, p.number, Story(world, p).run()) for p in plans]
    heapq.heapify(queue)
    bar = _Progress(len(plans), progress)
    filed: set[int] = set()
    while queue:
        at, number, story = heapq.heappop(queue)
        if at >= world.end:
            await story.aclose()  # the next step would be after "now": it has not happened
            continue
        world.clock.set(max(at, world.now()))
        if number not in filed:
            filed.add(number)
            bar.show(len(filed), world.calendar.local_date(at).strftime("%d.%m.%Y"))
        try:
            following = await anext(story)
        except StopAsyncIteration:
            continue
        heapq.heappush(queue, (following, number, story))
    bar.done()


async def _finish(world: World, seed: int, count: int) -> None:
    world.clock.set(world.end)
    async with world.deps.uow() as uow:
        await uow.session.exec(
            update(Outbox)
            .where(
                col(Outbox.status) == OutboxStatus.pending.value,
                col(Outbox.created_at) < world.end - UNSENT_HISTORY,
            )
            .values(status=OutboxStatus.cancelled.value, last_error="demo history, not sent")
        )
        await uow.reference.put_setting(
            MARKER,
            {"seed": seed, "requests": count, "at": world.end.isoformat()},
            at=world.end,
        )
        await uow.commit()


@contextmanager
def _business_log_muted() -> Iterator[None]:
    """Keep the services' info lines (thousands of simulated events) off the console;
    warnings and errors still show."""
    services = logging.getLogger("flows")
    level = services.level
    services.setLevel(max(logging.WARNING, services.getEffectiveLevel()))
    try:
        yield
    finally:
        services.setLevel(level)


class _Progress:
    """A one-line progress bar on stderr, redrawn every ten requests."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.stream = total, stream

    def show(self, filed: int, day: str) -> None:
        if self.stream is None or (filed % 10 and filed != self.total):
            return
        filled = self.WIDTH * filed // max(self.total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\rSeeding demo requests [{bar}] {filed}/{self.total}, {day}")
        self.stream.flush()

    def done(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
