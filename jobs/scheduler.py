"""The periodic jobs inside ``tonnage run``: keep the leader lease, scan the rules.

APScheduler (3.x, AsyncIOScheduler) fires the jobs; its jobs live in memory because the state
that matters is in the project's tables: the rules are re-derived from the database on every
scan, so after downtime the first scan catches up on what fell due. Only the process that
holds the scheduler lease scans; the others keep asking for the lease and take over when the
leader's runs out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from flows.services.context import Deps
from jobs.leader import Leader
from jobs.scan import ScanReport, scan

logger = logging.getLogger(__name__)

SCHEDULER_LEASE = "scheduler"


@dataclass(frozen=True)
class JobsConfig:
    scan_every: timedelta = timedelta(seconds=60)
    lease_ttl: timedelta = timedelta(seconds=60)
    renew_every: timedelta = timedelta(seconds=15)

    @classmethod
    def from_settings(cls, settings: Any) -> JobsConfig:
        """Optional ``rules_scan_seconds`` and ``lease_seconds`` settings override defaults."""
        scan_seconds = getattr(settings, "rules_scan_seconds", None) or 60
        lease_seconds = getattr(settings, "lease_seconds", None) or 60
        return cls(
            scan_every=timedelta(seconds=scan_seconds),
            lease_ttl=timedelta(seconds=lease_seconds),
            renew_every=timedelta(seconds=max(1, lease_seconds // 4)),
        )


class RuleJobs:
    """What the timers call; tests call the same methods with a frozen clock."""

    def __init__(self, deps: Deps, leader: Leader) -> None:
        self.deps = deps
        self.leader = leader

    async def keep_lease(self) -> bool:
        return await self.leader.refresh()

    async def run_scan(self) -> ScanReport | None:
        """Scan at the current time if this process leads; None if it follows."""
        if not self.leader.is_leader:
            return None
        return await scan(self.deps, self.deps.now())

    async def tick(self) -> ScanReport | None:
        await self.keep_lease()
        return await self.run_scan()


@dataclass
class JobsHandle:
    scheduler: AsyncIOScheduler
    jobs: RuleJobs

    async def stop(self) -> None:
        """Stop the timers and hand the lease over at once."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.jobs.leader.resign()
        logger.info("scheduled jobs stopped")


def start_jobs(deps: Deps, settings: Any, config: JobsConfig | None = None) -> JobsHandle:
    """Start the lease and scan timers on the running event loop; stop with ``stop()``."""
    config = config or JobsConfig.from_settings(settings)
    jobs = RuleJobs(deps, Leader(deps, SCHEDULER_LEASE, ttl=config.lease_ttl))
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )
    started = datetime.now(UTC)
    scheduler.add_job(
        jobs.keep_lease,
        "interval",
        seconds=config.renew_every.total_seconds(),
        id="lease",
        next_run_time=started,
    )
    scheduler.add_job(
        jobs.run_scan,
        "interval",
        seconds=config.scan_every.total_seconds(),
        id="rules_scan",
        next_run_time=started + timedelta(seconds=2),
    )
    scheduler.start()
    logger.info("scheduled jobs started as %s", jobs.leader.holder)
    return JobsHandle(scheduler, jobs)
