"""The filling-in of the dialog as a draft for the services, and as text for the person."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from dialogs.common.parse import InputError
from dialogs.new_request.data import check_ready, from_draft, missing_field, new_data, to_draft
from dialogs.new_request.summary_text import (
    PAGE_LIMIT,
    fmt_money,
    fmt_weight,
    full_pages,
    summary,
    utf16_len,
    visible_len,
)
from flows.reference_views import Names
from sandbox.botapi.htmltext import parse_html

TODAY = date(2026, 3, 2)
NAMES = Names(projects={7: "P-1 Монтаж пресса"}, regions={3: "Кемеровская область"})


def same(text: str) -> str:
    return text


def transport(**changes: Any) -> dict[str, Any]:
    data = new_data("transport")
    data.update(
        route=[
            {"kind": "loading", "address": "Кемерово", "region_id": 3, "region": None},
            {"kind": "unloading", "address": "Бийск", "region_id": None, "region": "Алтай"},
        ],
        cargo={"description": "Пресс", "weight_kg": 12500, "oversize": True},
        loading_date="2026-03-16",
        required_date="2026-03-20",
        project_id=7,
        cost_kop=150_000_00,
        comment="<b>&</b>",
    )
    data.update(changes)
    return data


def procurement(**changes: Any) -> dict[str, Any]:
    data = new_data("procurement")
    data.update(
        items=[{"name": "Строп", "quantity": 4, "unit": "шт", "spec": None}],
        required_date="2026-03-25",
        address="Склад №2",
        project_id=7,
    )
    data.update(changes)
    return data


def test_a_transport_filling_becomes_a_draft_with_a_typed_region_kept_in_the_address():
    draft = to_draft(transport())
    assert [(p.kind, p.address, p.region_id) for p in draft.route] == [
        ("loading", "Кемерово", 3),
        ("unloading", "Бийск, Алтай", None),
    ]
    assert draft.cargo is not None and (draft.cargo.weight_kg, draft.cargo.oversize) == (
        12500,
        True,
    )
    assert (draft.loading_date, draft.required_date) == (date(2026, 3, 16), date(2026, 3, 20))
    assert draft.items == [] and draft.delivery_address is None


def test_a_procurement_filling_keeps_no_transport_fields():
    draft = to_draft(procurement(loading_date="2026-03-10", vehicle_type_id=1))
    assert draft.loading_date is None and draft.vehicle_type_id is None and draft.cargo is None
    assert [(i.name, i.quantity, i.unit) for i in draft.items] == [("Строп", 4, "шт")]
    assert draft.deadline_date == date(2026, 3, 25)


def test_a_draft_read_back_gives_the_same_draft():
    for data in (transport(), procurement()):
        draft = to_draft(data)
        assert to_draft(from_draft(draft)) == draft


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        (transport(), None),
        (transport(route=[]), "loading point"),
        (transport(cargo={"description": "Пресс"}), "weight"),
        (transport(loading_date=None), "loading date"),
        (transport(project_id=None), "project"),
        (procurement(), None),
        (procurement(items=[]), "items"),
        (procurement(address=None), "delivery address"),
        (procurement(required_date=None), "required date"),
    ],
)
def test_the_first_empty_required_field_is_named(data, missing):
    assert missing_field(data) == missing


def test_submission_is_refused_for_a_missing_field_a_past_date_or_delivery_before_loading():
    check_ready(transport(), TODAY)
    with pytest.raises(InputError) as refused:
        check_ready(transport(project_id=None), TODAY)
    assert refused.value.params == {"field": "project"}
    with pytest.raises(InputError) as refused:
        check_ready(transport(), date(2026, 3, 17))
    assert refused.value.params == {"date": "16.03.2026"}
    with pytest.raises(InputError) as refused:
        check_ready(transport(required_date="2026-03-15"), TODAY)
    assert refused.value.params == {"loading": "16.03.2026"}


def test_money_and_weight_read_the_russian_way():
    assert fmt_money(150_000_00) == "150 000 ₽"
    assert fmt_money(1_234_567_89) == "1 234 567,89 ₽"
    assert fmt_weight(800, same) == "800 kg"
    assert fmt_weight(12500, same) == "12,5 t"


def test_the_summary_escapes_what_was_typed_and_marks_what_is_missing():
    shown = summary(transport(project_id=None), NAMES, same)
    text, _ = parse_html(shown.html)
    assert "Comment: <b>&</b>" in text
    assert "Project: ❗ not set" in text
    assert "2. Unloading: Бийск (Алтай)" in text
    assert not shown.cut


def test_a_summary_of_long_emoji_values_is_cut_to_fit_one_message():
    long = "🏗️ <кран> & " * 300
    data = transport(comment=long, cargo={"description": long, "weight_kg": 1})
    data["route"] = [{"kind": "loading", "address": long, "region_id": None}] * 20
    shown = summary(data, NAMES, same)
    assert shown.cut
    assert visible_len(shown.html) <= 4096
    parse_html(shown.html)


def test_the_full_text_is_split_into_valid_pages_that_lose_nothing():
    comment = " ".join(f"слово{n} & <b>🏗️" for n in range(1200))
    items = [{"name": f"Позиция {n} " + "ж" * 200, "quantity": n, "unit": "шт"} for n in range(60)]
    pages = full_pages(procurement(comment=comment, items=items), NAMES, same)
    assert len(pages) > 3
    assert all(utf16_len(page) <= PAGE_LIMIT for page in pages)
    texts = [parse_html(page)[0] for page in pages]
    whole = re.sub(r"\s+", "", "".join(texts))
    assert re.sub(r"\s+", "", comment) in whole
    assert all(f"{n + 1}.Позиция{n}" in whole for n in range(60))
