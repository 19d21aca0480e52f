"""Read-only views behind the filing dialog, on both engines."""

from __future__ import annotations

from datetime import date

import pytest

from flows import reference_views
from flows.errors import AccessDenied, Refused
from flows.services import requests
from tests.support.factories import make_company, transport_draft


async def test_names_and_lists_come_from_the_reference_tables(session_factory):
    co = await make_company(session_factory)
    assert co.project is not None and co.region is not None
    found = await reference_views.names(
        co.deps, project_ids=[co.project.id, None], region_ids=[co.region.id, 999]
    )
    assert found.projects == {co.project.id: "P-1 Монтаж пресса"}
    assert found.regions == {co.region.id: "Кемеровская область"}
    assert [p.name for p in await reference_views.projects(co.deps, "P-")] == ["P-1 Монтаж пресса"]
    assert await reference_views.projects(co.deps, "нет такого") == []
    assert [v.name for v in await reference_views.vehicle_types(co.deps)] == ["Трал"]


async def test_only_an_initiator_may_file(session_factory):
    co = await make_company(session_factory)
    await reference_views.ensure_may_file(co.deps, co.ref("initiator"))
    with pytest.raises(AccessDenied):
        await reference_views.ensure_may_file(co.deps, co.ref("executor"))


async def test_a_saved_draft_is_read_back_for_its_author_only(session_factory):
    co = await make_company(session_factory)
    saved = await requests.save_draft(co.deps, co.ref("initiator"), transport_draft(co))
    number, draft = await reference_views.own_draft(co.deps, co.ref("initiator"), saved.id)
    expected = transport_draft(co)
    assert number == saved.number
    assert (draft.route, draft.cargo, draft.loading_date) == (
        expected.route,
        expected.cargo,
        expected.loading_date,
    )
    with pytest.raises(Refused):
        await reference_views.own_draft(co.deps, co.ref("pm"), saved.id)


async def test_the_emergency_preview_names_the_first_safe_date(session_factory):
    co = await make_company(session_factory)  # Monday 2 March 2026, 10:00 in Moscow
    tight = await reference_views.emergency_preview(co.deps, "transport", date(2026, 3, 3))
    assert tight.verdict.is_emergency and tight.safe_date == date(2026, 3, 6)
    calm = await reference_views.emergency_preview(co.deps, "transport", date(2026, 3, 6))
    assert not calm.verdict.is_emergency
