"""The sandbox HTML parser agrees with Telegram's on text, entities and errors.

Lenient cases mirror how Telegram's own parser treats the same markup; strict
mode additionally refuses an unescaped "&".
"""

from __future__ import annotations

import pytest

from sandbox.botapi.errors import ApiError
from sandbox.botapi.htmltext import parse_html, utf16_len
from sandbox.botapi.validation import command_entities, render


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba>", 'Can\'t find end tag corresponding to start tag "i"'),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ('🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;</", "Unexpected end tag at byte offset 13"),
        ("🏟 🏟&lt;<b></b></", "Unexpected end tag at byte offset 20"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
    ],
)
def test_malformed_markup_fails_with_telegrams_wording(markup: str, reason: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(markup, strict=False)

    assert caught.value.status == 400
    assert caught.value.description == f"Bad Request: can't parse entities: {reason}"


@pytest.mark.parametrize(
    ("markup", "text", "entities"),
    [
        ("&ge;&lt;&gt;&amp;&quot;&#12345678;", '&ge;<>&"&#12345678;', []),
        ("🏟 🏟<i>🏟 &lt🏟</i>", "🏟 🏟🏟 <🏟", [("italic", 5, 6)]),
        ("🏟 🏟&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>", "🏟 🏟<a", [("italic", 6, 1)]),
        ("🏟 🏟&lt;<b></b>", "🏟 🏟<", []),
        ('<pre><code class="language-fift">x</code></pre>', "x", [("pre", 0, 1)]),
        ("<pre><code>x</code> </pre>", "x ", [("pre", 0, 2), ("code", 0, 1)]),
        ("<blockquote expandable>q</blockquote>", "q", [("expandable_blockquote", 0, 1)]),
        ("<a href=telegram.org> </a>", " ", [("text_link", 0, 1)]),
        ("<a> </a>", " ", []),
    ],
)
def test_lenient_parse_matches_telegram(
    markup: str, text: str, entities: list[tuple[str, int, int]]
) -> None:
    parsed_text, parsed = parse_html(markup, strict=False)

    assert parsed_text == text
    assert [(e["type"], e["offset"], e["length"]) for e in parsed] == entities


def test_strict_mode_refuses_a_bare_ampersand_but_accepts_escaped_ones() -> None:
    with pytest.raises(ApiError, match='Character "&" at byte offset 4'):
        parse_html("Tom & Jerry")

    assert parse_html("Tom &amp; Jerry &#38; &#x26;")[0] == "Tom & Jerry & &"


def test_offsets_are_counted_in_utf16_code_units() -> None:
    text, entities = parse_html("😀<b>x</b>")

    assert utf16_len(text) == 3
    assert entities == [{"type": "bold", "offset": 2, "length": 1}]


def test_rendering_trims_whitespace_and_shifts_entities() -> None:
    rendered = render("  <b>жирный</b> \n", "HTML", None)

    assert rendered.text == "жирный"
    assert rendered.entities == [{"type": "bold", "offset": 0, "length": 6}]


def test_user_commands_get_bot_command_entities() -> None:
    entities = command_entities("/start abc and /help@tonnage_bot, not a/b")

    assert [(e["offset"], e["length"]) for e in entities] == [(0, 6), (15, 17)]
