"""Long HTML messages cut into parts Telegram accepts, and HTML turned into plain text.

Telegram takes at most 4096 characters of text per message (counted in UTF-16 code units
after the markup is parsed). Counting the HTML source instead errs on the safe side. A cut
falls after a paragraph if it can, else after a line, else at a space; never inside a tag
or an entity. Tags open at a cut are closed at the end of the part and opened again at the
start of the next one, so each part is valid HTML on its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_MESSAGE = 4096

_TOKEN = re.compile(
    r"(?P<tag></?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>)"
    r"|(?P<entity>&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)"
)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")
# Cut preferences: (kind, the least share of the limit a part must fill to cut there).
_PREFERENCES = (("paragraph", 0.5), ("line", 0.5), ("space", 0.25), ("any", 0.0))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def strip_tags(text: str) -> str:
    """The text a person would read, without markup: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


@dataclass(frozen=True)
class _Atom:
    text: str
    opens: str | None = None  # tag name this atom opens
    closes: str | None = None  # tag name this atom closes


def _atoms(text: str) -> list[_Atom]:
    """Tags and entities as single atoms, other text one character each."""
    atoms: list[_Atom] = []
    position = 0
    for match in _TOKEN.finditer(text):
        atoms += [_Atom(ch) for ch in text[position : match.start()]]
        token, name = match.group(0), match.group("name")
        if match.group("tag") and token.startswith("</"):
            atoms.append(_Atom(token, closes=name.lower()))
        elif match.group("tag"):
            atoms.append(_Atom(token, opens=name.lower()))
        else:
            atoms.append(_Atom(token))
        position = match.end()
    atoms += [_Atom(ch) for ch in text[position:]]
    return atoms


def _advance(stack: list[_Atom], atom: _Atom) -> None:
    if atom.opens:
        stack.append(atom)
    elif atom.closes:
        for index in range(len(stack) - 1, -1, -1):
            if stack[index].opens == atom.closes:
                del stack[index]
                break


def _closing(stack: list[_Atom]) -> str:
    return "".join(f"</{atom.opens}>" for atom in reversed(stack))


def _kind(atoms: list[_Atom], index: int) -> str:
    """What kind of cut the boundary before ``atoms[index]`` would be."""
    before = atoms[index - 1].text if index > 0 else ""
    if before == "\n":
        twice = index > 1 and atoms[index - 2].text == "\n"
        return "paragraph" if twice else "line"
    return "space" if before == " " else "any"


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """``text`` in parts of at most ``limit`` UTF-16 units, each valid HTML by itself."""
    if utf16_len(text) <= limit:
        return [text]
    atoms = _atoms(text)
    parts: list[str] = []
    start, stack = 0, list[_Atom]()
    while start < len(atoms):
        end, stack_at_end = _cut(atoms, start, list(stack), limit)
        body = "".join(a.text for a in atoms[start:end])
        part = "".join(a.text for a in stack) + body.rstrip(" \n") + _closing(stack_at_end)
        if strip_tags(part).strip():
            parts.append(part)
        start, stack = end, stack_at_end
        while start < len(atoms) and atoms[start].text in (" ", "\n"):
            start += 1
    return parts


def _cut(
    atoms: list[_Atom], start: int, stack: list[_Atom], limit: int
) -> tuple[int, list[_Atom]]:
    """Where the part starting at ``start`` ends, and the tags open there."""
    used = utf16_len("".join(a.text for a in stack))
    best: dict[str, tuple[int, list[_Atom]]] = {}
    index = start
    while index < len(atoms):
        size = utf16_len(atoms[index].text)
        closing = _closing(stack)
        if index > start and used + size + utf16_len(closing) > limit:
            break
        used += size
        _advance(stack, atoms[index])
        index += 1
        if used + utf16_len(_closing(stack)) <= limit:
            best[_kind(atoms, index)] = (index, list(stack))
            best["any"] = (index, list(stack))
    if index >= len(atoms):
        return index, stack
    filled = {k: utf16_len("".join(a.text for a in atoms[start : v[0]])) for k, v in best.items()}
    for kind, share in _PREFERENCES:
        if kind in best and filled[kind] >= limit * share:
            return best[kind]
    return best.get("any", (start + 1, stack))
