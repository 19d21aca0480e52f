"""The shared half of a demo request's story: timing, who acts, the tender and its approvals.

Stories are async generators: they do the steps that are due, then yield the instant of the
next one. Every step is a real service call made by the person whose button it is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cli.seeding.plan import Plan
from cli.seeding.texts import REFUSALS, SECURITY_REJECTIONS, SINGLE_SOURCE, WINNER_REJECTIONS
from cli.seeding.world import Party, World
from flows.actor import ActorRef
from flows.enums import ApprovalPurpose, Decision, RequestKind, Role, SecurityStatus, Status
from flows.services import decisions, tender
from flows.services.tender import BidData
from storage.tables import Approval

# A story held at some status must reach it before the end of the demo period; steps that
# would fall after it are squeezed into what is left, this long before the end at the latest.
END_MARGIN = timedelta(minutes=10)
# Security vets first: a rejected counterparty spares the managers a pointless decision.
APPROVAL_ORDER = {Role.security: 0, Role.project_manager: 1, Role.executive_director: 2}
# Person keys of the role holders who decide approvals addressed to a role, not a person.
ROLE_HOLDERS = {Role.executive_director: "director", Role.security: "security"}


@dataclass
class Offer:
    bid_id: int
    party: Party
    price_kop: int
    round: int


class StoryBase:
    def __init__(self, world: World, plan: Plan) -> None:
        self.w, self.plan, self.rng = world, plan, plan.rng
        self.deps = world.deps
        self.kind = plan.kind
        self.initiator_id = world.person(plan.initiator)
        self.request_id = 0
        self.status = Status.draft
        self.stopped = False
        self.executor_id = 0
        self.deadline = date.min  # loading date for transport, required date otherwise
        self.required_date = date.min
        self.transit_days = 1
        self.budget_kop = 0
        self.round = 0
        self.offers: list[Offer] = []
        self.winner: Offer | None = None
        self.rejections = 0
        self.turned_down: set[int] = set()  # bid ids rejected as winners
        self.paid_day = date.max
        self.missing: list[str] = []  # closing documents not attached yet

    # Time

    def pace(self) -> float:
        """Emergencies are rushed; everybody gets quicker as the system settles in."""
        rush = 0.35 if self.plan.emergency else 1.0
        return rush * (1.3 - 0.6 * self.plan.fraction)

    def when(self, at: datetime) -> datetime:
        now = self.w.now()
        at = max(at, now)
        if self.plan.hold is not None and at >= self.w.end - END_MARGIN:
            return now + (self.w.end - END_MARGIN - now) / 4
        return at

    def later(self, low: float, high: float, *, paced: bool = True) -> datetime:
        """An instant ``low``..``high`` working hours from now, inside working hours."""
        hours = self.rng.uniform(low, high) * (self.pace() if paced else 1.0)
        return self.when(self.w.working_after(self.w.now(), hours))

    def hold(self, status: Status) -> bool:
        """True (and the story ends) when the request is to stay at ``status``."""
        if self.plan.hold is status:
            self.stopped = True
        return self.stopped

    # People

    def executor(self) -> ActorRef:
        return self.w.acting(self.executor_id)

    def initiator(self) -> ActorRef:
        return ActorRef.user(self.initiator_id)

    def project_manager(self) -> ActorRef:
        pm_id = self.w.person(self.plan.project.manager)
        return self.w.acting(pm_id, not_for=self.initiator_id)

    def decider(self, approval: Approval) -> ActorRef:
        if approval.approver_id is not None:
            return self.w.acting(approval.approver_id, not_for=self.initiator_id)
        return self.w.ref(ROLE_HOLDERS[Role(approval.role)])

    # Tender

    def bid_deadline(self) -> datetime:
        hours = self.rng.uniform(2, 6) if self.plan.emergency else self.rng.uniform(8, 24)
        return self.w.working_after(self.w.now(), hours)

    def bidders(self) -> list[Party]:
        region = self.plan.project.region
        if self.kind is RequestKind.transport:
            pool = [p for p in self.w.carriers if not p.spec.serves or region in p.spec.serves]
        else:
            pool = list(self.w.suppliers)
        gone = self.winner.party.id if self.winner and self.round > 0 else None
        good = [p for p in pool if not p.spec.shady and p.id != gone]
        chosen = self.rng.sample(good, min(self.plan.bids, len(good)))
        shady = [p for p in pool if p.spec.shady]
        if len(chosen) >= 2 and shady and self.rng.random() < 0.3:
            chosen.append(shady[0])
        return chosen

    async def open_tender(self, how: str) -> AsyncIterator[datetime]:
        """Start, restart (after a rejection) or reopen (the carrier refused) the tender."""
        yield self.later(0.3, 3)
        deadline, ref, rid = self.bid_deadline(), self.executor(), self.request_id
        if how == "start":
            request = await tender.start_tender(self.deps, ref, rid, bid_deadline=deadline)
        elif how == "restart":
            request = await tender.restart_tender(self.deps, ref, rid, bid_deadline=deadline)
        else:
            reason = self.rng.choice(REFUSALS[self.kind.value])
            request = await tender.carrier_refused(
                self.deps, ref, rid, comment=reason, bid_deadline=deadline
            )
        self.status, self.round = Status(request.status), request.tender_restarts
        async for instant in self.collect_bids(deadline):
            yield instant
        if self.stopped:
            return
        yield self.later(0.1, 2)
        await self.pick(repick=False)

    async def collect_bids(self, deadline: datetime) -> AsyncIterator[datetime]:
        parties = self.bidders()
        now = self.w.now()
        instants = sorted(now + (deadline - now) * self.rng.uniform(0.05, 0.95) for _ in parties)
        for party, at in zip(parties, instants, strict=True):
            yield self.when(at)
            await self.add_bid(party)
            if self.hold(Status.tender):
                return
        yield self.when(deadline)

    async def add_bid(self, party: Party) -> None:
        f = self.plan.fraction
        # Rush jobs pay a premium; prices fall as more counterparties compete.
        factor = self.rng.uniform(0.86, 1.1) * (1.0 - 0.1 * f)
        factor *= 1.08 if self.plan.emergency else 1.0
        factor *= 0.85 if party.spec.shady else 1.0
        price = max(50_000, round(self.budget_kop * factor / 50_000) * 50_000)
        days = self.rng.randint(1, 6)
        platform = self.kind is RequestKind.transport and self.rng.random() < 0.2 + 0.5 * f
        data = BidData(
            price_kop=price,
            counterparty_id=party.id,
            vat_included=self.rng.random() < 0.9,
            terms=_terms(self.kind, days),
            delivery_date=self.w.today() + timedelta(days=days + self.transit_days),
            source="platform" if platform else "manual",
            external_id=f"TP-{self.rng.randint(100_000, 999_999)}" if platform else None,
        )
        bid = await tender.add_bid(self.deps, self.executor(), self.request_id, data)
        assert bid.id is not None
        self.offers.append(Offer(bid.id, party, price, self.round))

    async def rejected_parties(self, ids: set[int]) -> set[int]:
        async with self.deps.uow() as uow:
            found = [await uow.reference.counterparty(i) for i in sorted(ids)]
        rejected = SecurityStatus.rejected
        return {cp.id for cp in found if cp and cp.id and cp.security_status == rejected}

    async def eligible(self) -> list[Offer]:
        live = [o for o in self.offers if o.round == self.round]
        rejected = await self.rejected_parties({o.party.id for o in live})
        return sorted(
            (o for o in live if o.party.id not in rejected and o.bid_id not in self.turned_down),
            key=lambda o: o.price_kop,
        )

    async def pick(self, *, repick: bool) -> None:
        choices = await self.eligible()
        choice = choices[1] if len(choices) > 1 and self.rng.random() < 0.08 else choices[0]
        live = sum(1 for o in self.offers if o.round == self.round)
        reason = None if live >= 2 else self.rng.choice(SINGLE_SOURCE[self.kind.value])
        choose = tender.repick_winner if repick else tender.pick_winner
        request = await choose(
            self.deps, self.executor(), self.request_id, choice.bid_id, single_source_reason=reason
        )
        self.status, self.winner = Status(request.status), choice

    # Approvals

    async def pending(self, change_id: int = 0) -> list[Approval]:
        """Open decisions on the winner (or on one change request), in deciding order."""
        async with self.deps.uow() as uow:
            rows = await uow.tender.approvals(self.request_id)
        wanted = [a for a in rows if a.decision == Decision.pending and a.change_id == change_id]
        return sorted(wanted, key=lambda a: (APPROVAL_ORDER.get(Role(a.role), 9), a.id or 0))

    def verdict(self, approval: Approval) -> tuple[bool, str | None]:
        if approval.purpose == ApprovalPurpose.vetting:
            party = self.w.party(approval.counterparty_id)
            if party is not None and party.spec.shady:
                return False, self.rng.choice(SECURITY_REJECTIONS)
            return True, None
        if self.rejections == 0 and self.rng.random() < 0.035:
            self.rejections += 1
            return False, self.rng.choice(WINNER_REJECTIONS)
        return True, None

    async def approve_winner(self) -> AsyncIterator[datetime]:
        """Every approver decides; after a rejection the executor picks again or restarts."""
        while True:
            approvals = await self.pending()
            rejected = None
            for index, approval in enumerate(approvals):
                if index == len(approvals) - 1 and self.hold(Status.winner_approval):
                    return
                yield self.later(0.3, 5)
                approve, comment = self.verdict(approval)
                outcome = await decisions.decide(
                    self.deps,
                    self.decider(approval),
                    approval.id or 0,
                    approve=approve,
                    comment=comment,
                )
                self.status = Status(outcome.request.status)
                if not approve:
                    rejected = approval
                    break
            if rejected is None:
                return
            if self.winner is not None:
                self.turned_down.add(self.winner.bid_id)
            yield self.later(0.5, 4)
            security = rejected.role == Role.security
            if await self.eligible() and (security or self.rng.random() < 0.6):
                await self.pick(repick=True)
            else:
                async for instant in self.open_tender("restart"):
                    yield instant
                if self.stopped:
                    return


def _terms(kind: RequestKind, days: int) -> str:
    if kind is RequestKind.transport:
        return f"Подача техники через {days} дн., оплата по факту погрузки"
    return f"Отгрузка со склада за {days} раб. дн., отсрочка платежа 30 дн."
