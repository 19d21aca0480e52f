"""Splitting long HTML texts into Telegram-sized pages without cutting anything off.

A text is a list of sections, each a list of lines. Sections stay whole when they fit on a
page; a longer one breaks between lines, and a line longer than a page breaks at a space
(or anywhere, as a last resort) but never inside a tag, an entity or a bold label.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dialogs.card.fmt import utf16_len

TELEGRAM_LIMIT = 4096
SECTION_GAP = "\n\n"


def paginate(sections: Sequence[Sequence[str]], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack sections into pages, each at most ``limit`` UTF-16 code units long."""
    pages: list[str] = []
    current = ""
    for lines in sections:
        block = "\n".join(lines)
        if not block:
            continue
        if _fits(current, block, SECTION_GAP, limit):
            current = _join(current, block, SECTION_GAP)
            continue
        if current and utf16_len(block) <= limit:
            pages.append(current)
            current = block
            continue
        for index, line in enumerate(lines):
            gap = SECTION_GAP if index == 0 else "\n"
            for piece in split_line(line, limit):
                if not _fits(current, piece, gap, limit):
                    pages.append(current)
                    current = ""
                current = _join(current, piece, gap)
                gap = "\n"
    if current or not pages:
        pages.append(current)
    return pages


def _join(page: str, text: str, gap: str) -> str:
    return f"{page}{gap}{text}" if page else text


def _fits(page: str, text: str, gap: str, limit: int) -> bool:
    return utf16_len(_join(page, text, gap)) <= limit


def split_line(line: str, limit: int) -> list[str]:
    """Break one line into pieces of at most ``limit`` UTF-16 code units."""
    pieces: list[str] = []
    rest = line
    while utf16_len(rest) > limit:
        cut = _cut_position(rest, limit)
        pieces.append(rest[:cut].rstrip(" "))
        rest = rest[cut:].lstrip(" ")
    pieces.append(rest)
    return pieces


def _cut_position(text: str, limit: int) -> int:
    """The last safe place to cut within ``limit``, preferring the end of a word."""
    fallback = space = 0
    for index, units, safe in _positions(text):
        if units > limit:
            break
        if safe:
            fallback = index
            if text[index - 1] == " ":
                space = index
    cut = space or fallback
    if cut == 0:
        raise ValueError("a line has markup longer than a page")
    return cut


def _positions(text: str) -> Iterator[tuple[int, int, bool]]:
    """After each character: its end index, the UTF-16 length so far, may one cut there."""
    in_tag = in_entity = False
    depth = units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if char == "<":
            in_tag = True
            depth += -1 if text.startswith("</", index) else 1
        elif char == ">":
            in_tag = False
        elif char == "&":
            in_entity = True
        elif char == ";":
            in_entity = False
        yield index + 1, units, not (in_tag or in_entity or depth)
