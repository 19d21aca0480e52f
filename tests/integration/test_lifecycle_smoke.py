"""A transport request from draft to closed through the services, on both engines."""

from __future__ import annotations

from datetime import timedelta

from flows.enums import Status
from flows.services import cancel, decisions, delivery, requests, tender
from flows.services.tender import BidData
from tests.support.factories import make_company, transport_draft


async def test_transport_request_goes_from_draft_to_closed(session_factory):
    co = await make_company(session_factory)
    deps = co.deps
    draft = await requests.save_draft(deps, co.ref("initiator"), transport_draft(co))
    request, verdict = await requests.submit(deps, co.ref("initiator"), draft.id)
    assert request.status == Status.submitted and verdict.is_emergency is False
    await requests.take(deps, co.ref("executor"), draft.id)
    deadline = co.clock.now() + timedelta(days=2)
    await tender.start_tender(deps, co.ref("executor"), draft.id, bid_deadline=deadline)
    bids = [
        await tender.add_bid(
            deps, co.ref("executor"), draft.id, BidData(price_kop=p, counterparty_id=cp.id)
        )
        for p, cp in zip((140_000_00, 155_000_00), co.carriers, strict=False)
    ]
    await tender.pick_winner(deps, co.ref("executor"), draft.id, bids[0].id)
    async with deps.uow() as uow:
        approvals = await uow.tender.approvals(draft.id)
    assert sorted(a.role for a in approvals) == [
        "executive_director",
        "project_manager",
        "security",
    ]
    for approval in approvals:
        who = {"project_manager": "pm", "executive_director": "director", "security": "security"}[
            approval.role
        ]
        await decisions.decide(deps, co.ref(who), approval.id, approve=True)
    await delivery.record_payment(deps, co.ref("admin"), draft.id, payment_ref="ПП 42")
    today = co.clock.now().date()
    await delivery.dispatch(
        deps,
        co.ref("executor"),
        draft.id,
        dispatch_date=today,
        expected_arrival=today + timedelta(days=2),
    )
    await delivery.deliver(deps, co.ref("executor"), draft.id)
    await delivery.confirm_receipt(deps, co.ref("initiator"), draft.id, receipt="full")
    for doc in ("invoice", "waybill", "act"):
        await delivery.attach_document(
            deps, co.ref("executor"), draft.id, doc_type=doc, file_id=f"file-{doc}"
        )
    closed = await delivery.close(deps, co.ref("executor"), draft.id)
    assert closed.status == Status.closed

    async with deps.uow() as uow:
        log = await uow.requests.log(draft.id)
    assert [row.to_status for row in log][-1] == "closed"
    assert [row.action for row in log].count("approve_winner") == 3
    assert cancel is not None
