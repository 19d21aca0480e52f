"""One pass of every enabled notification rule: ``scan(deps, now)``.

The rules are a pure function of the database and ``now``, so the same call serves the
periodic job and the tests that move a frozen clock through the calendar. A rule that fails
is logged and skipped; the others still run, and the next scan tries it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flows.rules.model import TriggerKind
from flows.rules.runner import RuleRun, run_rule, scan_setup
from flows.rules.timing import LATE_GRACE
from flows.services.context import Deps

logger = logging.getLogger(__name__)


@dataclass
class ScanReport:
    at: datetime
    runs: list[RuleRun] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def examined(self) -> int:
        return sum(r.examined for r in self.runs)

    @property
    def enqueued(self) -> int:
        return sum(r.enqueued for r in self.runs)

    @property
    def late(self) -> int:
        return sum(r.late for r in self.runs)

    @property
    def cancelled(self) -> int:
        return sum(r.cancelled for r in self.runs)

    def run(self, rule_key: str) -> RuleRun | None:
        return next((r for r in self.runs if r.rule_key == rule_key), None)


async def scan(deps: Deps, now: datetime, *, grace: timedelta = LATE_GRACE) -> ScanReport:
    """Evaluate every enabled rule at ``now`` and write what falls due to the outbox."""
    report = ScanReport(at=now)
    rules, calendar = await scan_setup(deps)
    for rule in rules:
        if not rule.enabled or rule.trigger is TriggerKind.event:
            continue
        try:
            report.runs.append(await run_rule(deps, rule, calendar, now, grace=grace))
        except Exception:
            logger.exception("rule %s failed at %s", rule.key, now.isoformat())
            report.failed.append(rule.key)
    if report.enqueued or report.failed:
        logger.info(
            "scan at %s: %d messages written, %d late, %d rules failed",
            now.isoformat(),
            report.enqueued,
            report.late,
            len(report.failed),
        )
    return report
