"""Request templates through the service, on both engines: own, reusable, deletable."""

from __future__ import annotations

import pytest

from flows.errors import AccessDenied, InvalidInput, NotFound
from flows.services import templates
from tests.support.factories import make_company, procurement_draft, transport_draft


async def test_a_template_keeps_the_draft_without_dates_and_attachments(session_factory):
    co = await make_company(session_factory)
    draft = transport_draft(co)
    info = await templates.save_template(co.deps, co.ref("initiator"), " Пресс ", draft)

    loaded_info, loaded = await templates.load_template(co.deps, co.ref("initiator"), info.id)
    assert (loaded_info.name, loaded_info.kind) == ("Пресс", "transport")
    assert loaded.loading_date is None and loaded.required_date is None
    assert loaded.route == draft.route and loaded.cargo == draft.cargo
    assert (loaded.project_id, loaded.estimated_cost_kop) == (draft.project_id, 150_000_00)


async def test_templates_are_listed_newest_first_and_only_to_their_owner(session_factory):
    co = await make_company(session_factory)
    first = await templates.save_template(
        co.deps, co.ref("initiator"), "Стропы", procurement_draft(co)
    )
    second = await templates.save_template(
        co.deps, co.ref("initiator"), "Пресс", transport_draft(co)
    )
    mine = await templates.list_templates(co.deps, co.ref("initiator"))
    assert [t.id for t in mine] == [second.id, first.id]
    assert [
        t.name for t in await templates.list_templates(co.deps, co.ref("initiator"), "procurement")
    ] == ["Стропы"]
    assert await templates.list_templates(co.deps, co.ref("pm")) == []
    with pytest.raises(NotFound):
        await templates.load_template(co.deps, co.ref("pm"), first.id)
    with pytest.raises(NotFound):
        await templates.delete_template(co.deps, co.ref("pm"), first.id)


async def test_a_deleted_template_is_gone(session_factory):
    co = await make_company(session_factory)
    info = await templates.save_template(
        co.deps, co.ref("initiator"), "Стропы", procurement_draft(co)
    )
    await templates.delete_template(co.deps, co.ref("initiator"), info.id)
    assert await templates.list_templates(co.deps, co.ref("initiator")) == []
    with pytest.raises(NotFound):
        await templates.load_template(co.deps, co.ref("initiator"), info.id)


@pytest.mark.parametrize("name", ["", "   ", "ш" * 101])
async def test_a_template_needs_a_short_name(session_factory, name):
    co = await make_company(session_factory)
    with pytest.raises(InvalidInput):
        await templates.save_template(co.deps, co.ref("initiator"), name, procurement_draft(co))


async def test_only_an_initiator_keeps_templates(session_factory):
    co = await make_company(session_factory)
    with pytest.raises(AccessDenied):
        await templates.save_template(co.deps, co.ref("executor"), "Х", procurement_draft(co))
    with pytest.raises(AccessDenied):
        await templates.list_templates(co.deps, co.ref("executor"))
