"""The life of one demo request from the first draft to closing, or wherever it stops.

Filing, intake, the tender, payment, delivery and documents follow one another; now and
then a twist happens the way it does in real work: the head assigns because nobody took the
request in time, the author withdraws it, the executor asks to cancel, the carrier refuses
after approval, a date or an amount has to change, the goods arrive with a discrepancy.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from datetime import datetime, timedelta

from cli.seeding.drafts import file_draft
from cli.seeding.people import EXECUTORS, HEADS
from cli.seeding.steps import StoryBase
from cli.seeding.texts import (
    AMOUNT_CHANGES,
    CANCEL_REJECTIONS,
    CANCEL_REQUESTS,
    CHANGE_REJECTIONS,
    DATE_CHANGES,
    DIRECT_CANCELS,
    DISCREPANCIES,
)
from flows.actor import ActorRef
from flows.enums import DEPARTMENT_OF_KIND, TERMINAL_STATUSES, RequestKind, Source, Status
from flows.services import cancel, decisions, delivery, requests
from storage.tables import Request


class Story(StoryBase):
    async def run(self) -> AsyncGenerator[datetime, None]:
        """Yield the instant of each next step; the caller moves the clock there."""
        phases = (
            self._file,
            self._intake,
            self._second_thoughts,
            self._tender,
            self._payment,
            self._change,
            self._dispatch,
            self._receipt,
            self._documents,
        )
        for phase in phases:
            async for instant in phase():
                yield instant
            if self.stopped or self.status in TERMINAL_STATUSES:
                return

    def _moved(self, request: Request) -> None:
        self.status = Status(request.status)

    # Filing and intake

    async def _file(self) -> AsyncIterator[datetime]:
        submit_at = self.when(self.w.now() + timedelta(minutes=self.rng.randint(3, 45)))
        filed = file_draft(self.w, self.plan, submit_at)
        self.deadline, self.transit_days = filed.deadline, filed.transit_days
        self.required_date = filed.draft.required_date or filed.deadline
        self.budget_kop = filed.draft.estimated_cost_kop or 0
        draft = await requests.save_draft(self.deps, self.initiator(), filed.draft)
        assert draft.id is not None
        self.request_id = draft.id
        if self.hold(Status.draft):
            return
        if self.rng.random() < 0.1:
            yield self.w.now() + (submit_at - self.w.now()) / 2
            filed.draft.comment = "Уточнил адрес и контактное лицо на площадке"
            await requests.save_draft(self.deps, self.initiator(), filed.draft, self.request_id)
        yield submit_at
        request, _verdict = await requests.submit(self.deps, self.initiator(), self.request_id)
        self._moved(request)

    def _pick_executor(self, *, besides: int = 0) -> int | None:
        """An executor of the department at work today, seniors more often; None if nobody."""
        keys = [
            k
            for k in EXECUTORS[DEPARTMENT_OF_KIND[self.kind]]
            if not self.w.on_leave(self.w.person(k)) and self.w.person(k) != besides
        ]
        if not keys:
            return None
        weights = [len(keys) + 1 - n for n in range(len(keys))]
        return self.w.person(self.rng.choices(keys, weights)[0])

    async def _intake(self) -> AsyncIterator[datetime]:
        if self.hold(Status.submitted):
            return
        if self.plan.hold is Status.cancelled or (
            self.plan.hold is None and self.rng.random() < 0.015
        ):
            yield self.later(0.1, 1.5)
            self._moved(await requests.withdraw(self.deps, self.initiator(), self.request_id))
            return
        head = self.w.ref(HEADS[DEPARTMENT_OF_KIND[self.kind]])
        wait = self.rng.uniform(0.05, 2.4 - 1.6 * self.plan.fraction)
        wait *= 0.5 if self.plan.emergency else 1.0
        escalated = wait > 1.0
        if escalated:
            # Nobody took it within the working hour: the head was alerted and assigns.
            yield self.later(1.0, 1.6, paced=False)
        else:
            yield self.when(self.w.working_after(self.w.now(), wait))
        executor = self._pick_executor()
        assert executor is not None, "leaves never empty a whole department"
        self.executor_id = executor
        if escalated:
            request = await requests.assign(self.deps, head, self.request_id, executor)
        else:
            request = await requests.take(self.deps, self.executor(), self.request_id)
        self._moved(request)
        if self.plan.hold is None and self.rng.random() < 0.03:
            yield self.later(1, 4)
            # The head hands the request to a colleague, when one is at work.
            other = self._pick_executor(besides=self.executor_id)
            if other is not None:
                self.executor_id = other
                request = await requests.assign(self.deps, head, self.request_id, other)
                self._moved(request)
        self.hold(Status.in_work)

    async def _second_thoughts(self) -> AsyncIterator[datetime]:
        """Sometimes the need goes away: the executor asks to cancel or the PM cancels."""
        roll = self.rng.random()
        if self.plan.hold is Status.cancellation_requested or (
            self.plan.hold is None and roll < 0.03
        ):
            yield self.later(0.5, 4)
            reason = self.rng.choice(CANCEL_REQUESTS)
            request = await cancel.request_cancel(
                self.deps, self.executor(), self.request_id, reason=reason
            )
            self._moved(request)
            if self.hold(Status.cancellation_requested):
                return
            yield self.later(1, 8)
            await self._pm_decides_cancel()
        elif self.plan.hold is None and roll < 0.045:
            yield self.later(2, 16)
            reason = self.rng.choice(DIRECT_CANCELS)
            pm, rid = self.project_manager(), self.request_id
            self._moved(await cancel.cancel(self.deps, pm, rid, reason=reason))

    async def _pm_decides_cancel(self) -> None:
        pm, rid = self.project_manager(), self.request_id
        if self.rng.random() < 0.65:
            self._moved(await cancel.approve_cancel(self.deps, pm, rid))
            return
        comment = self.rng.choice(CANCEL_REJECTIONS)
        self._moved(await cancel.reject_cancel(self.deps, pm, rid, comment=comment))

    # Tender, approvals and payment

    async def _tender(self) -> AsyncIterator[datetime]:
        async for instant in self.open_tender("start"):
            yield instant
        if not self.stopped:
            async for instant in self.approve_winner():
                yield instant

    async def _payment(self) -> AsyncIterator[datetime]:
        refusal_rate = 0.035 if self.kind is RequestKind.transport else 0.015
        while not self.hold(Status.awaiting_payment):
            if self.plan.hold is None and self.round == 0 and self.rng.random() < refusal_rate:
                async for instant in self.open_tender("refused"):
                    yield instant
                async for instant in self.approve_winner():
                    yield instant
                if self.stopped:
                    return
                continue
            fast = self.plan.emergency
            yield self.later(0.5, 4) if fast else self.later(4, 20)
            await self._pay()
            self.hold(Status.paid)
            return

    async def _pay(self) -> None:
        self.paid_day = self.w.today()
        day = self.paid_day.strftime("%d.%m.%Y")
        number = 1000 + self.plan.number * 3 + self.rng.randint(0, 2)
        if self.rng.random() < 0.3:
            ref, source = ActorRef.service("1c"), Source.integration
            payment = f"1С: платёжное поручение № {number} от {day}"
        else:
            ref, source = self.w.ref("admin"), Source.bot
            payment = f"п/п № {number} от {day}"
        request = await delivery.record_payment(
            self.deps, ref, self.request_id, payment_ref=payment, source=source
        )
        self._moved(request)

    async def _change(self) -> AsyncIterator[datetime]:
        """A new date or amount asked by the executor and decided by the approvers."""
        if self.plan.hold is not None or self.rng.random() >= 0.08:
            return
        yield self.later(1, 8)
        amount = self.winner.price_kop if self.winner else self.budget_kop
        if self.rng.random() < 0.55:
            new_date = self.required_date + timedelta(days=self.rng.randint(2, 6))
            reason, new_amount = self.rng.choice(DATE_CHANGES), None
        else:
            new_date, reason = None, self.rng.choice(AMOUNT_CHANGES)
            new_amount = round(amount * self.rng.uniform(1.05, 1.25) / 50_000) * 50_000
        change = await cancel.request_change(
            self.deps,
            self.executor(),
            self.request_id,
            reason=reason,
            new_required_date=new_date,
            new_amount_kop=new_amount,
        )
        approve = self.rng.random() < 0.8
        comment = None if approve else self.rng.choice(CHANGE_REJECTIONS)
        for approval in await self.pending(change_id=change.id or 0):
            yield self.later(0.5, 6)
            await decisions.decide(
                self.deps,
                self.decider(approval),
                approval.id or 0,
                approve=approve,
                comment=comment,
            )
            if not approve:
                return

    # Delivery and documents

    async def _dispatch(self) -> AsyncIterator[datetime]:
        if self.kind is RequestKind.transport:
            loading = self.w.on_day(self.deadline, self.rng.uniform(8.5, 12))
            yield max(self.later(0.5, 4), self.when(loading))
            today = self.w.today()
            # Paid in time: the truck loaded on the loading date even if it is recorded later.
            on_time = self.paid_day <= self.deadline <= today
            dispatched = self.deadline if on_time else today
        else:
            yield self.later(8, 36)
            dispatched = self.w.today()
        arrival = dispatched + timedelta(days=self.transit_days)
        request = await delivery.dispatch(
            self.deps,
            self.executor(),
            self.request_id,
            dispatch_date=dispatched,
            expected_arrival=arrival,
        )
        self._moved(request)
        if self.hold(Status.in_delivery):
            return
        late_rate = (0.3 if self.plan.emergency else 0.1) * (1.2 - 0.6 * self.plan.fraction)
        delay = self.rng.randint(1, 3) if self.rng.random() < late_rate else 0
        arrived = self.w.on_day(arrival + timedelta(days=delay), self.rng.uniform(10, 16.5))
        yield max(self.when(arrived), self.later(1, 2))
        self._moved(await delivery.deliver(self.deps, self.executor(), self.request_id))

    async def _receipt(self) -> AsyncIterator[datetime]:
        self.missing = ["waybill", "invoice", "act"]
        if self.rng.random() < 0.5:
            yield self.later(0.1, 1)
            await self._attach(self.missing.pop(0))
        if self.hold(Status.delivered):
            return
        yield self.later(0.5, 10)
        if self.rng.random() < 0.07:
            receipt, comment = "discrepancy", self.rng.choice(DISCREPANCIES)
        else:
            receipt, comment = "full", None
        request = await delivery.confirm_receipt(
            self.deps, self.initiator(), self.request_id, receipt=receipt, comment=comment
        )
        self._moved(request)

    async def _attach(self, doc_type: str) -> None:
        await delivery.attach_document(
            self.deps, self.executor(), self.request_id, doc_type=doc_type
        )

    async def _documents(self) -> AsyncIterator[datetime]:
        for doc_type in list(self.missing):
            if doc_type == self.missing[-1] and self.hold(Status.documents):
                return
            yield self.later(4, 70, paced=False)
            await self._attach(doc_type)
        yield self.later(0.1, 3)
        self._moved(await delivery.close(self.deps, self.executor(), self.request_id))
