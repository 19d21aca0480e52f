"""After approval: payment, dispatch, delivery, receipt, closing documents."""

from __future__ import annotations

import logging
from datetime import date

from flows.actor import ActorRef
from flows.approvals import close_open_decisions
from flows.enums import Action, DocType, Level, Source, Status
from flows.errors import N_, InvalidInput
from flows.outbox import enqueue
from flows.services.context import Deps
from flows.services.engine import commit_transition, prepare
from storage.tables import Attachment, ClosingDocument, Request

logger = logging.getLogger(__name__)


async def record_payment(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    payment_ref: str,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """Mark the request paid (an admin by hand, or the 1C sync). Raises Refused."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.record_payment,
            now=now,
            today=today,
            version=version,
            payload={"payment_ref": payment_ref},
        )
        await commit_transition(
            uow,
            prepared,
            to=Status.paid,
            now=now,
            source=source,
            comment=payment_ref,
            changes={"payment_ref": payment_ref.strip(), "paid_at": now},
        )
        request = prepared.request
        await enqueue(
            uow,
            now=now,
            recipients=[request.executor_id],
            template="request_paid",
            params={"number": request.number},
            request_id=request.id,
        )
        await uow.commit()
    logger.info("request %s paid", request_id)
    return prepared.request


async def dispatch(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    dispatch_date: date,
    expected_arrival: date,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """Record dispatch with the expected arrival date. Raises Refused for wrong dates."""
    now, today = deps.now(), deps.today()
    payload = {"dispatch_date": dispatch_date, "expected_arrival": expected_arrival}
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.dispatch,
            now=now,
            today=today,
            version=version,
            payload=payload,
        )
        await commit_transition(
            uow, prepared, to=Status.in_delivery, now=now, source=source, changes=payload
        )
        request = prepared.request
        await enqueue(
            uow,
            now=now,
            recipients=[request.initiator_id],
            template="dispatched",
            params={"number": request.number, "arrival": expected_arrival.strftime("%d.%m.%Y")},
            request_id=request.id,
        )
        await uow.commit()
    return prepared.request


async def deliver(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The executor records delivery; the initiator is asked to confirm receipt."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow, ref, request_id, Action.deliver, now=now, today=today, version=version
        )
        # Dates and amounts can no longer change once delivered: close open change requests.
        await close_open_decisions(uow, request_id, now)
        await commit_transition(
            uow,
            prepared,
            to=Status.delivered,
            now=now,
            source=source,
            changes={"delivered_at": now},
        )
        request = prepared.request
        for doc in DocType:
            await uow.tender.add(ClosingDocument(request_id=request_id, doc_type=doc.value))
        await enqueue(
            uow,
            now=now,
            recipients=[request.initiator_id],
            template="confirm_receipt",
            params={"number": request.number},
            request_id=request.id,
            level=Level.reminder,
            purpose=f"receipt:{request.id}",
        )
        await uow.commit()
    return prepared.request


async def confirm_receipt(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    receipt: str,
    comment: str | None = None,
    photos: tuple[str, ...] = (),
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """The initiator confirms receipt in full or with a discrepancy (comment required)."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow,
            ref,
            request_id,
            Action.confirm_receipt,
            now=now,
            today=today,
            version=version,
            payload={"receipt": receipt, "comment": comment},
        )
        assert prepared.actor.user_id is not None
        for file_id in photos:
            uow.requests.add_part(
                Attachment(
                    request_id=request_id,
                    purpose="receipt",
                    kind="photo",
                    file_id=file_id,
                    uploaded_by=prepared.actor.user_id,
                    created_at=now,
                )
            )
        await commit_transition(
            uow,
            prepared,
            to=Status.documents,
            now=now,
            source=source,
            comment=comment,
            changes={"receipt": receipt, "receipt_comment": comment},
        )
        request = prepared.request
        await enqueue(
            uow,
            now=now,
            recipients=[request.executor_id],
            template="receipt_confirmed",
            params={"number": request.number, "receipt": receipt, "comment": comment or ""},
            request_id=request.id,
            level=Level.urgent if receipt == "discrepancy" else Level.info,
        )
        await uow.commit()
    return prepared.request


async def attach_document(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    doc_type: str,
    file_id: str | None = None,
    file_name: str | None = None,
    source: Source = Source.bot,
) -> list[str]:
    """Tick a closing document off the checklist; returns the types still missing."""
    if doc_type not in {d.value for d in DocType}:
        raise InvalidInput(N_("Unknown document type."))
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow, ref, request_id, Action.attach_document, now=now, today=today
        )
        docs = {d.doc_type: d for d in await uow.tender.documents(request_id)}
        doc = docs.get(doc_type) or ClosingDocument(request_id=request_id, doc_type=doc_type)
        if file_id is not None:
            assert prepared.actor.user_id is not None
            att = Attachment(
                request_id=request_id,
                purpose="document",
                doc_type=doc_type,
                kind="document",
                file_id=file_id,
                file_name=file_name,
                uploaded_by=prepared.actor.user_id,
                created_at=now,
            )
            uow.requests.add_part(att)
            await uow.session.flush()
            doc.attachment_id = att.id
        doc.received, doc.received_by, doc.received_at = True, prepared.actor.user_id, now
        uow.session.add(doc)
        docs[doc_type] = doc
        await uow.commit()
    return [t for t, d in docs.items() if not d.received]


async def close(
    deps: Deps,
    ref: ActorRef,
    request_id: int,
    *,
    version: int | None = None,
    source: Source = Source.bot,
) -> Request:
    """Close the request once every closing document is in. Raises Refused naming the gaps."""
    now, today = deps.now(), deps.today()
    async with deps.uow() as uow:
        prepared = await prepare(
            uow, ref, request_id, Action.close, now=now, today=today, version=version
        )
        await commit_transition(
            uow, prepared, to=Status.closed, now=now, source=source, changes={"closed_at": now}
        )
        request = prepared.request
        await enqueue(
            uow,
            now=now,
            recipients=[request.initiator_id],
            template="request_closed",
            params={"number": request.number},
            request_id=request.id,
        )
        await uow.commit()
    logger.info("request %s closed", request_id)
    return prepared.request
