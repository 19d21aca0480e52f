"""HTML character references in Telegram markup: `&lt;`, `&#33;`, `&#x21;` and kin.

Telegram decodes only `&lt; &gt; &amp; &quot;` and numeric references, the
final `;` being optional; anything else starting with `&` stays as text.
"""

from __future__ import annotations

from sandbox.botapi.errors import ApiError, bad_request

_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_DECIMAL = "0123456789"
_HEX = "0123456789abcdefABCDEF"


def parse_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def _numeric(src: str, start: int) -> tuple[str | None, int]:
    """Decode the digits of `&#...` beginning at `start` (just after the `#`)."""
    hexa = start < len(src) and src[start] in "xX"
    end = start + hexa
    digits_start = end
    while end < len(src) and src[end] in (_HEX if hexa else _DECIMAL):
        end += 1
    digits = src[digits_start:end]
    code = int(digits, 16 if hexa else 10) if 0 < len(digits) < 9 else -1
    if 0xD800 <= code <= 0xDFFF:
        raise parse_error(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return (chr(code) if 0 < code <= 0x10FFFF else None), end


def _named(src: str, start: int) -> tuple[str | None, int]:
    end = start
    while end < len(src) and src[end].isascii() and src[end].isalpha():
        end += 1
    return _NAMED.get(src[start:end]), end


def decode_entity(src: str, pos: int, strict: bool) -> tuple[str | None, int]:
    """Decode the reference at `src[pos]` (an "&"): (character, next index) or (None, pos).

    In strict mode a reference must end with ";" to count.
    """
    if pos + 1 < len(src) and src[pos + 1] == "#":
        char, end = _numeric(src, pos + 2)
    else:
        char, end = _named(src, pos + 1)
    has_semicolon = end < len(src) and src[end] == ";"
    if char is None or (strict and not has_semicolon):
        return None, pos
    return char, end + has_semicolon


def decode_all(raw: str, strict: bool) -> str:
    """Decode every reference in an attribute value; raises ApiError in strict mode."""
    parts: list[str] = []
    pos = 0
    while pos < len(raw):
        if raw[pos] == "&":
            char, end = decode_entity(raw, pos, strict)
            if char is not None:
                parts.append(char)
                pos = end
                continue
            if strict:
                raise parse_error('Character "&" in an attribute must be escaped as "&amp;"')
        parts.append(raw[pos])
        pos += 1
    return "".join(parts)
