"""The transition table: who may do what in each status, and the shape of the lifecycle."""

from __future__ import annotations

import re
from collections import deque
from graphlib import TopologicalSorter
from itertools import pairwise

import pytest

from flows import transitions as tr
from flows.enums import HUMAN_ROLES, TERMINAL_STATUSES, Action, Role, Status
from flows.errors import Msg
from locales import catalog_ids, render

RU = catalog_ids("ru")
ALL_ROLES = (*HUMAN_ROLES, Role.system)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
CASES = [(s, a) for s in Status for a in Action]

# The main road of the specification, in order (SPEC "Lifecycle", steps 1-11).
MAIN_ROAD = (
    Status.draft,
    Status.submitted,
    Status.in_work,
    Status.tender,
    Status.winner_approval,
    Status.awaiting_payment,
    Status.paid,
    Status.in_delivery,
    Status.delivered,
    Status.documents,
    Status.closed,
)
# Where actions whose table target is None can lead: the service decides among these.
COMPUTED_TARGETS: dict[Action, frozenset[Status] | None] = {
    # The last required approval moves on; the others leave the request waiting.
    Action.approve_winner: frozenset({Status.winner_approval, Status.awaiting_payment}),
    # Back to wherever the cancellation was requested from (filled in below).
    Action.reject_cancel: None,
    Action.add_bid: frozenset(),
    Action.attach_document: frozenset(),
    Action.request_change: frozenset(),
    Action.approve_change: frozenset(),
    Action.reject_change: frozenset(),
}
# The only ways back, named by the specification.
BACKWARD = {
    Action.reject_cancel,  # the request returns to the status before the cancellation request
    Action.restart_tender,  # after a rejected winner the bids are collected anew
    Action.carrier_refused,  # the awarded carrier refused: back to the tender
}
# Steps that keep the request where it is on purpose.
STAYS = {
    Action.reject_winner,  # the executor picks again or restarts the tender
    Action.repick_winner,
    Action.approve_winner,  # every approval but the last one
    Action.assign,  # the head reassigns a request already in work
}


def _sources(action: Action) -> frozenset[Status]:
    return frozenset(s for s, a in tr.TABLE if a is action)


def _permitted(status: Status, action: Action, role: Role) -> bool:
    transition = tr.TABLE.get((status, action))
    return transition is not None and any(r is role for r, _ in transition.permits)


def _assert_russian(message: str, params: dict[str, object]) -> None:
    assert message in RU, f"{message!r} has no Russian translation"
    for value in params.values():
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            if isinstance(item, Msg):
                assert item in RU, f"parameter {item!r} has no Russian translation"
    text = render(message, params, "ru")
    assert text.strip()
    assert CYRILLIC.search(text), text
    assert "{" not in text, text


def _edges() -> list[tuple[Status, Action, Status]]:
    """Every (source, action, target) the services can take, with computed targets expanded."""
    cancel_sources = _sources(Action.request_cancel)
    edges = []
    for (source, action), transition in tr.TABLE.items():
        if transition.target is not None:
            targets: frozenset[Status] = frozenset({transition.target})
        elif action is Action.reject_cancel:
            targets = cancel_sources
        else:
            computed = COMPUTED_TARGETS[action]
            assert computed is not None
            targets = computed or frozenset({source})
        edges.extend((source, action, target) for target in targets)
    return edges


def _lifecycle_order() -> dict[Status, int]:
    """Rank of each status in a topological order of the forward edges."""
    graph: dict[Status, set[Status]] = {s: set() for s in Status}
    for source, action, target in _edges():
        if action in BACKWARD or target == source:
            continue
        graph[target].add(source)
    order = list(TopologicalSorter(graph).static_order())  # raises CycleError on a loop
    return {status: rank for rank, status in enumerate(order)}


@pytest.mark.parametrize(("status", "action"), CASES, ids=lambda v: str(v))
def test_each_role_is_refused_exactly_where_the_table_does_not_permit_it(
    status: Status, action: Action
) -> None:
    for role in ALL_ROLES:
        reason = tr.refusal_for(status, action, frozenset({role}))

        if _permitted(status, action, role):
            assert reason is None, role
        else:
            assert reason is not None, role
            _assert_russian(reason.message, reason.params)


def test_refusal_for_an_action_absent_from_the_status_names_the_status() -> None:
    reason = tr.refusal_for(Status.closed, Action.take, frozenset(ALL_ROLES))

    assert reason is not None
    assert render("closed", None, "ru") in render(reason.message, reason.params, "ru")


def test_refusal_for_a_wrong_role_names_the_roles_that_may_act() -> None:
    reason = tr.refusal_for(
        Status.awaiting_payment, Action.record_payment, frozenset({Role.executor})
    )

    assert reason is not None
    text = render(reason.message, reason.params, "ru")
    assert render("admin", None, "ru") in text
    assert render("system", None, "ru") in text


def test_every_status_and_action_pair_appears_at_most_once() -> None:
    pairs = [(s, t.action) for t in tr.TRANSITIONS for s in t.sources]
    assert len(pairs) == len(set(pairs))


def test_actions_with_a_computed_target_are_exactly_the_known_ones() -> None:
    computed = {t.action for t in tr.TRANSITIONS if t.target is None}
    assert computed == set(COMPUTED_TARGETS)


def test_the_main_road_of_the_specification_is_a_path_through_the_table() -> None:
    forward = {(s, t) for s, _, t in _edges()}
    for source, target in pairwise(MAIN_ROAD):
        assert (source, target) in forward, f"no step {source} -> {target}"


def test_the_lifecycle_without_the_named_loops_has_no_cycle() -> None:
    order = _lifecycle_order()
    ranks = [order[s] for s in MAIN_ROAD]
    assert ranks == sorted(ranks)


def test_every_transition_goes_forward_except_the_named_loops_and_stays() -> None:
    order = _lifecycle_order()
    backward, stays = set(), set()
    for source, action, target in _edges():
        if target == source:
            stays.add(action)
        elif order[target] < order[source]:
            backward.add((source, action, target))

    assert {action for _, action, _ in backward} == BACKWARD
    assert stays - set(COMPUTED_TARGETS) == STAYS - {Action.approve_winner}


def test_reject_cancel_may_return_only_where_a_cancellation_was_requested_from() -> None:
    assert tr.find(Status.cancellation_requested, Action.reject_cancel) is not None
    for source in _sources(Action.request_cancel):
        assert source not in TERMINAL_STATUSES
        assert source is not Status.cancellation_requested


def test_named_loops_lead_back_to_the_tender_or_stay_in_winner_approval() -> None:
    for action in (Action.restart_tender, Action.carrier_refused):
        targets = {t.target for t in tr.TRANSITIONS if t.action is action}
        assert targets == {Status.tender}
    for action in (Action.reject_winner, Action.repick_winner):
        (transition,) = [t for t in tr.TRANSITIONS if t.action is action]
        assert transition.sources == {Status.winner_approval}
        assert transition.target is Status.winner_approval


@pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
def test_a_terminal_status_has_no_way_out(status: Status) -> None:
    assert tr.actions_from(status) == ()
    for action in Action:
        assert tr.refusal_for(status, action, frozenset(ALL_ROLES)) is not None


@pytest.mark.parametrize("status", [s for s in Status if s not in TERMINAL_STATUSES])
def test_every_open_status_can_reach_closed_or_cancelled(status: Status) -> None:
    reachable = {status}
    queue = deque([status])
    graph: dict[Status, set[Status]] = {}
    for source, _, target in _edges():
        graph.setdefault(source, set()).add(target)
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in reachable:
                reachable.add(target)
                queue.append(target)

    assert reachable & TERMINAL_STATUSES


def test_every_transition_has_someone_who_may_do_it() -> None:
    for transition in tr.TRANSITIONS:
        assert transition.permits, transition.action
        assert transition.sources, transition.action
