"""Telegram's HTML formatting: markup to plain text plus message entities.

Follows the rules of Telegram's own parser (tag set, attribute syntax, error
wording with UTF-8 byte offsets, `</>` closing any tag, empty entities dropped)
so markup that Telegram refuses is refused here too. Entity offsets and lengths
are in UTF-16 code units, as in the Bot API.

In strict mode (the default) an `&` that does not start one of the entities
`&lt; &gt; &amp; &quot;` or a numeric one, each ended by `;`, is refused.
Telegram itself keeps such an `&` as text; strictness makes unescaped user data
fail in tests before it reaches a `<` in production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.botapi.htmlentities import decode_all, decode_entity, parse_error

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
SUPPORTED_TAGS = frozenset({*_SIMPLE_TAGS, "a", "tg-emoji"})
_SPACES = " \t\n\r\f\v"


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Bot API offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass
class _Open:
    tag: str
    start: int
    begin: int
    attrs: dict[str, str] = field(default_factory=dict)


class _HtmlParser:
    def __init__(self, src: str, strict: bool) -> None:
        self.src = src
        self.strict = strict
        self.pos = 0
        self.out: list[str] = []
        self.length = 0
        self.stack: list[_Open] = []
        self.spans: list[tuple[int, int, dict[str, Any]]] = []

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def at_end(self) -> bool:
        return self.pos >= len(self.src)

    def skip_spaces(self) -> None:
        while not self.at_end() and self.src[self.pos] in _SPACES:
            self.pos += 1

    def run(self) -> tuple[str, list[tuple[int, int, dict[str, Any]]]]:
        while not self.at_end():
            char = self.src[self.pos]
            if char == "&":
                self.emit(self.read_entity())
            elif char == "<":
                self.read_tag()
            else:
                self.emit(char)
                self.pos += 1
        if self.stack:
            tag = self.stack[-1].tag
            raise parse_error(f'Can\'t find end tag corresponding to start tag "{tag}"')
        return "".join(self.out), self.spans

    def read_entity(self) -> str:
        decoded, end = decode_entity(self.src, self.pos, self.strict)
        if decoded is None:
            if self.strict:
                offset = self.byte_offset(self.pos)
                raise parse_error(
                    f'Character "&" at byte offset {offset} must be escaped as "&amp;"'
                )
            self.pos += 1
            return "&"
        self.pos = end
        return decoded

    def read_tag(self) -> None:
        begin = self.pos
        self.pos += 1
        if not self.at_end() and self.src[self.pos] == "/":
            self.close_tag(begin)
        else:
            self.open_tag(begin)

    def open_tag(self, begin: int) -> None:
        start = self.pos
        while not self.at_end() and self.src[self.pos] not in _SPACES + ">":
            self.pos += 1
        if self.at_end():
            raise parse_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = self.src[start : self.pos].lower()
        if tag not in SUPPORTED_TAGS:
            offset = self.byte_offset(begin)
            raise parse_error(f'Unsupported start tag "{tag}" at byte offset {offset}')
        attrs = self.read_attributes(tag, begin)
        self.check_attributes(tag, attrs, begin)
        self.stack.append(_Open(tag, self.length, begin, attrs))

    def read_attributes(self, tag: str, begin: int) -> dict[str, str]:
        attrs: dict[str, str] = {}
        unclosed = f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
        while True:
            self.skip_spaces()
            if self.at_end():
                raise parse_error(unclosed)
            if self.src[self.pos] == ">":
                self.pos += 1
                return attrs
            name = self.read_attribute_name(tag, begin)
            self.skip_spaces()
            if self.at_end():
                raise parse_error(unclosed)
            if self.src[self.pos] != "=":
                attrs[name] = ""
                continue
            self.pos += 1
            self.skip_spaces()
            if self.at_end():
                raise parse_error(unclosed)
            attrs[name] = self.read_attribute_value(begin)

    def read_attribute_name(self, tag: str, begin: int) -> str:
        start = self.pos
        while not self.at_end() and self.src[self.pos] not in _SPACES + "=>":
            self.pos += 1
        if start == self.pos:
            offset = self.byte_offset(begin)
            raise parse_error(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
        return self.src[start : self.pos].lower()

    def read_attribute_value(self, begin: int) -> str:
        quote = self.src[self.pos]
        if quote in "\"'":
            close = self.src.find(quote, self.pos + 1)
            if close < 0:
                offset = self.byte_offset(begin)
                raise parse_error(f"Unclosed start tag at byte offset {offset}")
            raw = self.src[self.pos + 1 : close]
            self.pos = close + 1
            return decode_all(raw, self.strict)
        start = self.pos
        while not self.at_end() and (self.src[self.pos].isalnum() or self.src[self.pos] in ".-"):
            self.pos += 1
        if self.at_end() or self.src[self.pos] not in _SPACES + ">":
            offset = self.byte_offset(start)
            raise parse_error(f"Unexpected end of name token at byte offset {offset}")
        return self.src[start : self.pos]

    def check_attributes(self, tag: str, attrs: dict[str, str], begin: int) -> None:
        offset = self.byte_offset(begin)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if tag == "tg-emoji" and not attrs.get("emoji-id"):
            raise parse_error(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
            )

    def close_tag(self, begin: int) -> None:
        if not self.stack:
            raise parse_error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        self.pos += 1
        start = self.pos
        while not self.at_end() and self.src[self.pos] not in _SPACES + ">":
            self.pos += 1
        name = self.src[start : self.pos].lower()
        self.skip_spaces()
        if self.at_end() or self.src[self.pos] != ">":
            raise parse_error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        self.pos += 1
        expected = self.stack[-1].tag
        if name and name != expected:
            offset = self.byte_offset(begin)
            raise parse_error(
                f'Unmatched end tag at byte offset {offset}, expected "</{expected}>", '
                f'found "</{name}>"'
            )
        self.finish(self.stack.pop())

    def finish(self, opened: _Open) -> None:
        end = self.length
        if end == opened.start:
            return
        # Only a link without href needs its text (it may be the URL itself).
        content = "".join(self.out)[opened.start : end] if opened.tag == "a" else ""
        entity = _entity_for(opened, content)
        if entity is not None:
            self.spans.append((opened.start, end, entity))


def _entity_for(opened: _Open, content: str) -> dict[str, Any] | None:
    tag, attrs = opened.tag, opened.attrs
    if tag == "a":
        url = attrs.get("href") or (content if content.startswith(("http://", "https://")) else "")
        if not url:
            return None
        if "://" not in url and not url.startswith(("tg:", "mailto:")):
            url = f"http://{url}"
        return {"type": "text_link", "url": url}
    if tag == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
    if tag == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    entity: dict[str, Any] = {"type": _SIMPLE_TAGS[tag]}
    if tag == "code" and attrs.get("class", "").startswith("language-"):
        entity["_language"] = attrs["class"].removeprefix("language-")
    return entity


def _to_utf16(text: str, spans: list[tuple[int, int, dict[str, Any]]]) -> list[dict[str, Any]]:
    entities = []
    for start, end, entity in spans:
        offset = utf16_len(text[:start])
        entities.append({**entity, "offset": offset, "length": utf16_len(text[start:end])})
    return entities


def _merge_pre_language(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`<pre><code class="language-x">` over the same text is one pre with a language."""
    pre_ranges = {(e["offset"], e["length"]): e for e in entities if e["type"] == "pre"}
    merged = []
    for entity in entities:
        language = entity.pop("_language", None)
        pre = pre_ranges.get((entity["offset"], entity["length"]))
        if entity["type"] == "code" and language and pre is not None:
            pre["language"] = language
            continue
        merged.append(entity)
    return merged


def parse_html(src: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities); raises ApiError (400) on bad markup."""
    text, spans = _HtmlParser(src, strict).run()
    entities = _merge_pre_language(_to_utf16(text, spans))
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return text, entities
