"""The services refuse what the rules forbid, with a reason the person can act on.

Each test runs on SQLite and PostgreSQL; every outcome is read back through a fresh unit of
work, so only what was committed counts.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from flows.enums import Decision, Role, Status
from flows.errors import AccessDenied, AlreadyDecided, DomainError, Refused, StaleVersion
from flows.services import cancel, decisions, delivery, requests, tender
from flows.services.tender import BidData
from locales import render, render_error
from storage.tables import Request
from tests.support import lifecycle as lc
from tests.support.factories import PEOPLE, Company, make_company, transport_draft

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture
async def co(session_factory) -> Company:
    return await make_company(session_factory)


def said(error: DomainError, msgid: str, **params: object) -> str:
    """The error carries ``msgid`` with ``params``; returns the Russian text shown."""
    assert error.message == msgid
    for name, value in params.items():
        assert error.params[name] == value, name
    text = render_error(error, "ru")
    assert CYRILLIC.search(text) and "{" not in text, text
    return text


def deadline(co: Company) -> datetime:
    return co.clock.now() + timedelta(days=2)


# --- role and relation ---------------------------------------------------------------------


async def test_an_initiator_cannot_take_a_request_into_work(co):
    request_id = await lc.submitted(co)

    with pytest.raises(Refused) as caught:
        await requests.take(co.deps, co.ref("initiator"), request_id)

    text = said(caught.value, "Only {roles} may do this.")
    assert render("executor", None, "ru") in text


async def test_an_executor_cannot_record_a_payment(co):
    request_id = await lc.awaiting_payment(co)

    with pytest.raises(Refused) as caught:
        await delivery.record_payment(co.deps, co.ref("executor"), request_id, payment_ref="1")

    said(caught.value, "Only {roles} may do this.")
    assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment


async def test_someone_without_the_initiator_role_cannot_file_a_request(co):
    with pytest.raises(AccessDenied) as caught:
        await requests.save_draft(co.deps, co.ref("executor"), transport_draft(co))

    said(caught.value, "Only an initiator may file requests.")


async def test_another_executor_cannot_run_the_tender_of_a_taken_request(co):
    request_id = await lc.in_work(co)

    with pytest.raises(Refused) as caught:
        await tender.start_tender(
            co.deps, co.ref("executor2"), request_id, bid_deadline=deadline(co)
        )

    said(caught.value, "Only the executor assigned to this request may do this.")
    assert (await lc.request_row(co, request_id)).status == Status.in_work


async def test_only_the_author_may_submit_a_draft(co):
    draft = await requests.save_draft(co.deps, co.ref("initiator"), transport_draft(co))

    with pytest.raises(Refused) as caught:
        await requests.submit(co.deps, co.ref("pm"), draft.id)

    said(caught.value, "Only the author of the request may do this.")
    assert (await lc.request_row(co, draft.id)).status == Status.draft


async def test_a_project_manager_of_another_project_cannot_cancel(co):
    request_id = await lc.in_work(co)

    with pytest.raises(Refused) as caught:
        await cancel.cancel(co.deps, co.ref("pm2"), request_id, reason="Не нужно")

    said(caught.value, "Only the project manager of this project may do this.")


async def test_an_executor_of_another_department_cannot_take_a_transport_request(co):
    request_id = await lc.submitted(co)

    with pytest.raises(Refused) as caught:
        await requests.take(co.deps, co.ref("buyer"), request_id)

    said(
        caught.value,
        "This request belongs to another department ({department}).",
        department="logistics",
    )
    assert (await lc.request_row(co, request_id)).executor_id is None


# --- stale buttons -------------------------------------------------------------------------


async def test_a_button_from_an_older_version_is_refused_as_stale(co):
    request_id = await lc.submitted(co)
    old_version = (await lc.request_row(co, request_id)).version
    await requests.take(co.deps, co.ref("executor"), request_id)

    with pytest.raises(StaleVersion) as caught:
        await tender.start_tender(
            co.deps,
            co.ref("executor"),
            request_id,
            bid_deadline=deadline(co),
            version=old_version,
        )

    said(
        caught.value,
        "The request has changed meanwhile: it is now «{status}». Look at the fresh card.",
        status="in_work",
    )
    assert (await lc.request_row(co, request_id)).status == Status.in_work


async def test_a_button_of_the_current_version_works(co):
    request_id = await lc.in_work(co)
    version = (await lc.request_row(co, request_id)).version

    moved = await tender.start_tender(
        co.deps, co.ref("executor"), request_id, bid_deadline=deadline(co), version=version
    )

    assert moved.status == Status.tender and moved.version == version + 1


# --- guards through the services -----------------------------------------------------------


async def test_submitting_without_cargo_names_the_missing_field(co):
    draft = transport_draft(co)
    draft.cargo = None
    saved = await requests.save_draft(co.deps, co.ref("initiator"), draft)

    with pytest.raises(Refused) as caught:
        await requests.submit(co.deps, co.ref("initiator"), saved.id)

    text = said(caught.value, "Fill in the field «{field}» before submitting.", field="cargo")
    assert "груз" in text.lower()
    assert (await lc.request_row(co, saved.id)).status == Status.draft


async def test_submitting_without_a_project_names_the_project(co):
    draft = transport_draft(co)
    draft.project_id = None
    saved = await requests.save_draft(co.deps, co.ref("initiator"), draft)

    with pytest.raises(Refused) as caught:
        await requests.submit(co.deps, co.ref("initiator"), saved.id)

    said(caught.value, "Fill in the field «{field}» before submitting.", field="project")


async def test_picking_the_only_bid_without_a_reason_is_refused(co):
    request_id, bids = await lc.in_tender(co, prices=(150_000_00,))

    with pytest.raises(Refused) as caught:
        await tender.pick_winner(co.deps, co.ref("executor"), request_id, bids[0].id)

    said(caught.value, "Only one bid was received. Write why this single source is acceptable.")
    assert (await lc.request_row(co, request_id)).status == Status.tender
    assert await lc.approvals(co, request_id) == []


async def test_a_counterparty_rejected_by_security_cannot_be_picked(co):
    rejected = co.carriers[0]
    async with co.deps.uow() as uow:
        cp = await uow.reference.counterparty(rejected.id)
        assert cp is not None
        cp.security_status, cp.security_reason = "rejected", "Банкротство"
        cp.security_valid_until = co.clock.now().date() + timedelta(days=100)
        uow.session.add(cp)
        await uow.commit()
    request_id, bids = await lc.in_tender(co)

    with pytest.raises(Refused) as caught:
        await tender.pick_winner(co.deps, co.ref("executor"), request_id, bids[0].id)

    said(
        caught.value,
        "Security rejected «{name}»: {reason}. Choose another bid.",
        name=rejected.name,
        reason="Банкротство",
    )
    await tender.pick_winner(co.deps, co.ref("executor"), request_id, bids[1].id)
    assert (await lc.request_row(co, request_id)).winner_bid_id == bids[1].id


# --- approvals -----------------------------------------------------------------------------


async def test_the_initiator_cannot_approve_their_own_request(co):
    request_id, _ = await lc.in_winner_approval(co, who="pm")
    (seat,) = await lc.approvals(co, request_id, purpose="winner")

    with pytest.raises(Refused) as caught:
        await decisions.decide(co.deps, co.ref("pm"), seat.id, approve=True)

    said(caught.value, "Nobody approves their own request.")
    (still,) = await lc.approvals(co, request_id, purpose="winner")
    assert still.decision == Decision.pending


async def test_a_rejection_needs_a_comment(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "executive_director")

    with pytest.raises(Refused) as caught:
        await decisions.decide(co.deps, co.ref("director"), seat.id, approve=False, comment=" ")

    said(caught.value, "Write the reason in a comment.")
    assert all(a.decision == Decision.pending for a in await lc.approvals(co, request_id))


async def test_a_decision_assigned_to_someone_else_is_refused(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "project_manager")

    with pytest.raises(AccessDenied) as caught:
        await decisions.decide(co.deps, co.ref("pm2"), seat.id, approve=True)

    said(caught.value, "This decision is assigned to another person.")


async def test_a_decision_of_a_role_one_does_not_hold_is_refused(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "security")

    with pytest.raises(AccessDenied) as caught:
        await decisions.decide(co.deps, co.ref("director"), seat.id, approve=True)

    said(caught.value, "You no longer have the role this decision needs.")


async def test_a_second_decision_by_the_same_approver_is_already_decided(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "executive_director")
    await decisions.decide(co.deps, co.ref("director"), seat.id, approve=True)

    with pytest.raises(AlreadyDecided) as caught:
        await decisions.decide(co.deps, co.ref("director"), seat.id, approve=False, comment="Нет")

    said(caught.value, "Already decided by you at {time}.", time="02.03.2026 07:00 UTC")
    assert [a.decision for a in await lc.approvals(co, request_id) if a.id == seat.id] == [
        Decision.approved
    ]


# --- cancellation --------------------------------------------------------------------------


async def test_cancelling_closes_every_open_approval(co):
    request_id, _ = await lc.in_winner_approval(co)
    assert len(await lc.approvals(co, request_id, decision=Decision.pending)) == 3

    await cancel.cancel(co.deps, co.ref("pm"), request_id, reason="Проект заморожен")

    assert (await lc.request_row(co, request_id)).status == Status.cancelled
    assert {a.decision for a in await lc.approvals(co, request_id)} == {Decision.closed}


async def test_a_pending_approval_decided_after_cancellation_is_no_longer_needed(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "executive_director")
    await cancel.cancel(co.deps, co.ref("pm"), request_id, reason="Проект заморожен")
    log_before = len(await lc.log_rows(co, request_id))

    with pytest.raises(AlreadyDecided) as caught:
        await decisions.decide(co.deps, co.ref("director"), seat.id, approve=True)

    said(caught.value, "This decision is no longer needed: the request moved on.")
    assert len(await lc.log_rows(co, request_id)) == log_before


async def test_nothing_can_be_done_to_a_cancelled_request(co):
    request_id = await lc.in_work(co)
    await cancel.cancel(co.deps, co.ref("pm"), request_id, reason="Проект заморожен")

    with pytest.raises(Refused) as caught:
        await tender.start_tender(
            co.deps, co.ref("executor"), request_id, bid_deadline=deadline(co)
        )

    text = said(caught.value, "This cannot be done while the request is «{status}».")
    assert caught.value.params["status"] == "cancelled"
    assert "отмен" in text.lower()


async def test_a_rejected_cancellation_returns_the_request_where_it_was(co):
    request_id, _ = await lc.in_tender(co)
    await cancel.request_cancel(co.deps, co.ref("executor"), request_id, reason="Груз не готов")

    back = await cancel.reject_cancel(co.deps, co.ref("pm"), request_id, comment="Ждём")

    assert back.status == Status.tender
    assert (await lc.request_row(co, request_id)).status_before_cancel is None


# --- people switched off or stripped of a role ---------------------------------------------


async def test_a_deactivated_person_is_refused_everywhere(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "executive_director")
    for who in ("executor", "director", "initiator"):
        await lc.set_roles(co, who, set(PEOPLE[who][0]), active=False)
    attempts = [
        requests.save_draft(co.deps, co.ref("initiator"), transport_draft(co)),
        tender.add_bid(co.deps, co.ref("executor"), request_id, BidData(price_kop=1)),
        cancel.request_cancel(co.deps, co.ref("executor"), request_id, reason="Нет"),
        decisions.decide(co.deps, co.ref("director"), seat.id, approve=True),
    ]

    for attempt in attempts:
        with pytest.raises(AccessDenied) as caught:
            await attempt
        said(caught.value, "Your access is switched off. Ask an administrator.")
    assert all(a.decision == Decision.pending for a in await lc.approvals(co, request_id))


async def test_a_project_manager_whose_role_was_removed_cannot_use_an_earlier_button(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "project_manager")
    await lc.set_roles(co, "pm", {Role.initiator})

    with pytest.raises(AccessDenied) as caught:
        await decisions.decide(co.deps, co.ref("pm"), seat.id, approve=True)

    said(caught.value, "You no longer have the role this decision needs.")
    assert all(a.decision == Decision.pending for a in await lc.approvals(co, request_id))


async def test_a_director_whose_role_was_removed_cannot_decide(co):
    request_id, _ = await lc.in_winner_approval(co)
    seat = next(a for a in await lc.approvals(co, request_id) if a.role == "executive_director")
    await lc.set_roles(co, "director", set())

    with pytest.raises(AccessDenied) as caught:
        await decisions.decide(co.deps, co.ref("director"), seat.id, approve=False, comment="Нет")

    said(caught.value, "You no longer have the role this decision needs.")


# --- routing of approvals ------------------------------------------------------------------


async def _set_substitute(co: Company, who: str, substitute: str, days: tuple[int, int]) -> None:
    today = co.clock.now().date()
    async with co.deps.uow() as uow:
        user = await uow.people.get(co.id(who))
        assert user is not None
        user.substitute_id = co.id(substitute)
        user.substitute_from = today + timedelta(days=days[0])
        user.substitute_to = today + timedelta(days=days[1])
        uow.session.add(user)
        await uow.commit()


async def test_when_the_initiator_is_the_pm_their_substitute_approves(co):
    await _set_substitute(co, "pm", "pm2", (-1, 5))
    request_id, _ = await lc.in_winner_approval(co, who="pm")

    winner = {a.role: a for a in await lc.approvals(co, request_id, purpose="winner")}
    assert set(winner) == {"project_manager", "executive_director"}
    assert winner["project_manager"].approver_id == co.id("pm2")
    assert winner["project_manager"].rule == "pm_substitute"
    await decisions.decide(co.deps, co.ref("pm2"), winner["project_manager"].id, approve=True)

    last = (await lc.log_rows(co, request_id))[-1]
    assert (last.action, last.rule, last.actor_id) == (
        "approve_winner",
        "pm_substitute",
        co.id("pm2"),
    )


async def test_a_substitution_out_of_its_dates_leaves_the_director_alone(co):
    await _set_substitute(co, "pm", "pm2", (1, 5))
    request_id, _ = await lc.in_winner_approval(co, who="pm")

    (seat,) = await lc.approvals(co, request_id, purpose="winner")
    assert (seat.role, seat.approver_id, seat.rule) == (
        "executive_director",
        None,
        "ed_alone_initiator_is_pm",
    )


@pytest.mark.parametrize("lost", ["deactivated", "no_pm_role"])
async def test_a_substitute_who_cannot_decide_leaves_the_director_alone(co, lost):
    await _set_substitute(co, "pm", "pm2", (0, 0))
    if lost == "deactivated":
        await lc.set_roles(co, "pm2", {Role.project_manager}, active=False)
    else:
        await lc.set_roles(co, "pm2", {Role.initiator})

    request_id, _ = await lc.in_winner_approval(co, who="pm")

    (seat,) = await lc.approvals(co, request_id, purpose="winner")
    assert (seat.role, seat.rule) == ("executive_director", "ed_alone_initiator_is_pm")


async def test_a_project_without_a_manager_is_approved_by_the_director_alone(co):
    async with co.deps.uow() as uow:
        project = await uow.reference.project(co.project.id)
        assert project is not None
        project.manager_id = None
        uow.session.add(project)
        await uow.commit()

    request_id, _ = await lc.in_winner_approval(co)

    (seat,) = await lc.approvals(co, request_id, purpose="winner")
    assert (seat.role, seat.rule) == ("executive_director", "ed_alone_no_project_manager")


async def test_when_the_initiator_is_the_pm_without_a_substitute_the_director_decides_alone(co):
    request_id, _ = await lc.in_winner_approval(co, who="pm")
    (seat,) = await lc.approvals(co, request_id, purpose="winner")
    assert seat.rule == "ed_alone_initiator_is_pm"

    await lc.approve_pending(co, request_id)

    assert (await lc.request_row(co, request_id)).status == Status.awaiting_payment
    rules = [r.rule for r in await lc.log_rows(co, request_id) if r.action == "approve_winner"]
    assert "ed_alone_initiator_is_pm" in rules


async def test_a_winner_over_the_estimate_is_flagged_as_a_budget_overrun(co):
    request_id, _ = await lc.in_winner_approval(co, prices=(150_000_01, 170_000_00))

    request = await lc.request_row(co, request_id)
    assert request.budget_overrun is True and request.amount_kop == 150_000_01
    assert all(a.budget_overrun for a in await lc.approvals(co, request_id, purpose="winner"))


async def test_a_winner_at_the_estimate_is_not_an_overrun(co):
    request_id, _ = await lc.in_winner_approval(co, prices=(150_000_00, 170_000_00))

    assert (await lc.request_row(co, request_id)).budget_overrun is False


async def test_a_single_source_reason_is_stored_logged_and_counted(co):
    reason = "Единственный трал в регионе"
    single_id, _ = await lc.in_winner_approval(
        co, prices=(120_000_00,), single_source_reason=reason
    )
    await lc.in_winner_approval(co)

    assert (await lc.request_row(co, single_id)).single_source_reason == reason
    assert (await lc.log_rows(co, single_id))[-1].comment == reason
    async with co.deps.uow() as uow:
        query = select(func.count()).where(col(Request.single_source_reason).is_not(None))
        assert (await uow.session.exec(query)).one() == 1


async def test_a_carrier_refusal_restarts_the_tender_and_keeps_the_old_bids(co):
    request_id = await lc.awaiting_payment(co)
    before = await lc.bids_of(co, request_id)
    winner_id = (await lc.request_row(co, request_id)).winner_bid_id

    await tender.carrier_refused(
        co.deps,
        co.ref("executor"),
        request_id,
        comment="Машина сломалась",
        bid_deadline=deadline(co),
    )

    request = await lc.request_row(co, request_id)
    assert (request.status, request.tender_restarts, request.winner_bid_id) == (
        Status.tender,
        1,
        None,
    )
    after = {b.id: b for b in await lc.bids_of(co, request_id)}
    assert set(after) == {b.id for b in before}
    assert [b.id for b in after.values() if b.refused] == [winner_id]
    fresh = await lc.add_bids(co, request_id, (160_000_00, 161_000_00))
    assert {b.tender_round for b in fresh} == {1}
    with pytest.raises(Refused):
        await tender.pick_winner(co.deps, co.ref("executor"), request_id, before[1].id)


@pytest.mark.parametrize("ending", ["carrier_refused", "cancel", "deliver"])
async def test_a_pending_change_is_closed_with_its_approvals_when_the_round_ends(co, ending):
    request_id = await lc.awaiting_payment(co)
    if ending == "deliver":
        await lc.in_delivery(co, request_id)
    change = await cancel.request_change(
        co.deps, co.ref("executor"), request_id, reason="Дороже", new_amount_kop=160_000_00
    )
    (pm_seat, _) = await lc.approvals(co, request_id, purpose="change")

    if ending == "cancel":
        await cancel.cancel(co.deps, co.ref("pm"), request_id, reason="Заморожен")
    elif ending == "deliver":
        await delivery.deliver(co.deps, co.ref("executor"), request_id)
    else:
        await tender.carrier_refused(
            co.deps,
            co.ref("executor"),
            request_id,
            comment="Отказ",
            bid_deadline=deadline(co),
        )

    assert (await lc.change_row(co, change.id)).status == "closed"
    assert {a.decision for a in await lc.approvals(co, request_id, purpose="change")} == {
        Decision.closed
    }
    with pytest.raises(AlreadyDecided) as caught:
        await decisions.decide(co.deps, co.ref("pm"), pm_seat.id, approve=True)
    said(caught.value, "This decision is no longer needed: the request moved on.")


async def test_a_change_over_budget_needs_the_director_too(co):
    request_id = await lc.awaiting_payment(co)
    change = await cancel.request_change(
        co.deps, co.ref("executor"), request_id, reason="Дороже топливо", new_amount_kop=150_000_01
    )

    seats = {a.role: a for a in await lc.approvals(co, request_id, purpose="change")}
    assert set(seats) == {"project_manager", "executive_director"}
    await decisions.decide(co.deps, co.ref("pm"), seats["project_manager"].id, approve=True)
    assert (await lc.change_row(co, change.id)).status == "pending"
    await decisions.decide(
        co.deps, co.ref("director"), seats["executive_director"].id, approve=True
    )

    assert (await lc.change_row(co, change.id)).status == "approved"
    assert (await lc.request_row(co, request_id)).amount_kop == 150_000_01


async def test_a_change_within_budget_needs_only_the_project_manager(co):
    request_id = await lc.awaiting_payment(co)
    change = await cancel.request_change(
        co.deps, co.ref("executor"), request_id, reason="Скидка", new_amount_kop=130_000_00
    )

    (seat,) = await lc.approvals(co, request_id, purpose="change")
    assert seat.role == "project_manager"
    await decisions.decide(co.deps, co.ref("pm"), seat.id, approve=True)

    assert (await lc.change_row(co, change.id)).status == "approved"
    assert (await lc.request_row(co, request_id)).amount_kop == 130_000_00


async def test_a_rejected_change_leaves_the_amount_alone(co):
    request_id = await lc.awaiting_payment(co)
    amount = (await lc.request_row(co, request_id)).amount_kop
    change = await cancel.request_change(
        co.deps, co.ref("executor"), request_id, reason="Дороже", new_amount_kop=200_000_00
    )
    seats = {a.role: a for a in await lc.approvals(co, request_id, purpose="change")}

    await decisions.decide(
        co.deps,
        co.ref("director"),
        seats["executive_director"].id,
        approve=False,
        comment="Ищите другого",
    )

    assert (await lc.change_row(co, change.id)).status == "rejected"
    assert (await lc.request_row(co, request_id)).amount_kop == amount
    assert {a.decision for a in await lc.approvals(co, request_id, purpose="change")} == {
        Decision.rejected,
        Decision.closed,
    }


async def test_a_vetting_is_stored_on_the_counterparty_and_reused_by_a_later_request(co):
    first_id, bids = await lc.in_winner_approval(co)
    await lc.approve_pending(co, first_id)
    cp = await lc.counterparty(co, bids[0].counterparty_id)
    assert cp.security_status == "approved"
    assert cp.security_decided_by == co.id("security")
    assert cp.security_valid_until == co.clock.now().date() + timedelta(days=365)

    second_id, _ = await lc.in_winner_approval(co)

    assert {a.purpose for a in await lc.approvals(co, second_id)} == {"winner"}


async def test_an_expired_vetting_is_asked_for_again(co):
    first_id, bids = await lc.in_winner_approval(co)
    await lc.approve_pending(co, first_id)
    co.clock.advance(timedelta(days=366))

    second_id, _ = await lc.in_winner_approval(co)

    vetting = await lc.approvals(co, second_id, purpose="vetting")
    assert [(a.counterparty_id, a.decision) for a in vetting] == [
        (bids[0].counterparty_id, Decision.pending)
    ]
