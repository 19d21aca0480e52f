"""Every text shown to a person has a Russian translation in the catalogue."""

from __future__ import annotations

from enum import StrEnum

import pytest

from flows import enums
from locales import catalog_ids, render
from tests.support.msgids import used_msgids

RU = catalog_ids("ru")
SHOWN_ENUMS = [enums.Status, enums.Role, enums.Department, enums.DocType, enums.Action]


def test_every_marked_text_has_a_russian_translation():
    missing = sorted(
        {f"{path}:{line}: {msgid!r}" for msgid, path, line in used_msgids() if msgid not in RU}
    )
    assert not missing, "untranslated:\n" + "\n".join(missing)


@pytest.mark.parametrize("enum", SHOWN_ENUMS, ids=lambda e: e.__name__)
def test_every_enum_value_shown_to_people_is_translated(enum: type[StrEnum]):
    assert [v.value for v in enum if v.value not in RU] == []


def test_rendering_fills_placeholders_in_the_persons_language():
    text = render("Already taken into work by {name}.", {"name": "Петров"}, "ru")
    assert text == "Заявку уже взял в работу: Петров."
    assert render("Already taken into work by {name}.", {"name": "Petrov"}, "en") == (
        "Already taken into work by Petrov."
    )
