"""Long HTML messages cut at safe points into parts that are valid Telegram HTML each."""

from __future__ import annotations

import pytest

from bot.htmlsplit import split_html, strip_tags, utf16_len
from sandbox.botapi.htmltext import parse_html


def visible(parts: list[str]) -> str:
    return "".join(parse_html(part, strict=True)[0] for part in parts)


def test_a_short_message_is_one_part() -> None:
    assert split_html("<b>Заявка</b> Т-1", 4096) == ["<b>Заявка</b> Т-1"]


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraphs = [f"Абзац {n}: " + "слово " * 30 for n in range(10)]
    text = "\n\n".join(p.strip() for p in paragraphs)

    parts = split_html(text, 600)

    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= 600
        assert part.startswith("Абзац") and part.endswith("слово")


def test_a_cut_never_falls_inside_a_tag_or_an_entity_and_reopens_tags() -> None:
    line = '<b>Маршрут &amp; груз</b> <a href="https://e.x/1">ссылка</a> &lt;тег&gt; '
    text = "<i>" + line * 60 + "</i>"

    parts = split_html(text, 300)

    assert len(parts) > 5
    for part in parts:
        assert utf16_len(part) <= 300
        parse_html(part, strict=True)  # raises on a broken tag or entity
        assert part.startswith("<i>") and part.endswith("</i>")
    assert visible(parts).replace(" ", "") == parse_html(text, strict=True)[0].replace(" ", "")


def test_a_line_without_spaces_is_cut_anywhere_but_inside_an_entity() -> None:
    text = "&amp;" * 100 + "x" * 50

    parts = split_html(text, 64)

    assert all(utf16_len(p) <= 64 for p in parts)
    assert visible(parts) == "&" * 100 + "x" * 50


@pytest.mark.parametrize("limit", [40, 97, 500])
def test_emoji_count_double_in_utf16(limit: int) -> None:
    text = "\n".join("🔴 " + "срочно " * 5 for _ in range(40))

    parts = split_html(text, limit)

    assert all(utf16_len(p) <= limit for p in parts)
    assert visible(parts).count("🔴") == 40


def test_strip_tags_gives_the_text_a_person_reads() -> None:
    source = '<b>Т-1</b>: 1 &lt; 2 &amp; <a href="x">ссылка</a>'

    assert strip_tags(source) == "Т-1: 1 < 2 & ссылка"
    assert strip_tags("a < b and <b>c</b") == "a < b and c</b"
