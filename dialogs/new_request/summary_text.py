"""The request as text: the summary (long values cut short) and the full text split in pages.

Functions take ``tr`` (msgid → text in the person's language) and return HTML with every
typed value escaped; a Telegram message holds 4096 characters, so the summary cuts long
values and lists, and the full text is paged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.i18n import esc
from dialogs.common.parse import fmt_date
from dialogs.new_request.data import LOADING, TRANSPORT, get_date
from flows.errors import N_
from flows.reference_views import Names

Tr = Callable[[str], str]

FIELD_LIMITS = (150, 60, 20)  # tried in turn until the summary fits
ITEM_LIMIT = 60
LIST_LIMIT = 5
PAGE_LIMIT = 3500  # UTF-16 units of HTML per page: at most what a person sees, under 4096
MESSAGE_BUDGET = 3900
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Summary:
    html: str
    cut: bool  # something was shortened: offer the full text


def fmt_number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def fmt_money(kop: int) -> str:
    rubles, kopecks = divmod(kop, 100)
    text = f"{rubles:,}".replace(",", " ")
    return f"{text},{kopecks:02d} ₽" if kopecks else f"{text} ₽"


def fmt_weight(kg: float, tr: Tr) -> str:
    if kg >= 1000:
        return tr(N_("{value} t")).format(value=fmt_number(kg / 1000))
    return tr(N_("{value} kg")).format(value=fmt_number(kg))


def fmt_size(cargo: dict[str, Any], tr: Tr) -> str | None:
    sides = [cargo.get(k) for k in ("length_m", "width_m", "height_m")]
    known = [float(side) for side in sides if side is not None]
    if len(known) < len(sides):
        return None
    return tr(N_("{value} m")).format(value=" × ".join(fmt_number(s) for s in known))


def _cut(text: str, limit: int) -> tuple[str, bool]:
    return (text[: limit - 1] + "…", True) if len(text) > limit else (text, False)


def point_label(point: dict[str, Any], names: Names, tr: Tr) -> str:
    kind = tr(N_("Loading") if point["kind"] == LOADING else N_("Unloading"))
    region = names.regions.get(point.get("region_id") or 0) or point.get("region")
    return f"{kind}: {point['address']}" + (f" ({region})" if region else "")


def item_label(item: dict[str, Any]) -> str:
    spec = f" [{item['spec']}]" if item.get("spec") else ""
    return f"{item['name']}{spec} — {fmt_number(item['quantity'])} {item['unit']}"


class _Lines:
    """Collects ``<b>label</b>: value`` lines, escaping values and noting what was cut."""

    def __init__(self, tr: Tr, limit: int | None) -> None:
        self.tr, self.limit = tr, limit
        self.lines: list[str] = []
        self.cut = False

    def value(self, text: str, limit: int | None = None) -> str:
        limit = limit or self.limit
        if limit is not None:
            text, was_cut = _cut(text, limit)
            self.cut |= was_cut
        return esc(text)

    def add(self, label: str, value: Any, *, required: bool = False) -> None:
        if value in (None, "", []):
            shown = self.tr(N_("❗ not set")) if required else "—"
            self.lines.append(f"<b>{esc(self.tr(label))}:</b> {esc(shown)}")
        else:
            self.lines.append(f"<b>{esc(self.tr(label))}:</b> {self.value(str(value))}")

    def listing(self, label: str, entries: list[str], *, required: bool = False) -> None:
        if not entries:
            self.add(label, None, required=required)
            return
        self.lines.append(f"<b>{esc(self.tr(label))}:</b>")
        shown = entries if self.limit is None else entries[:LIST_LIMIT]
        limit = min(ITEM_LIMIT, self.limit) if self.limit else None
        for number, entry in enumerate(shown, start=1):
            self.lines.append(f"{number}. {self.value(entry, limit)}")
        if len(entries) > len(shown):
            self.cut = True
            more = self.tr(N_("… and {count} more")).format(count=len(entries) - len(shown))
            self.lines.append(esc(more))


def _transport(out: _Lines, data: dict[str, Any], names: Names, tr: Tr) -> None:
    out.listing(N_("Route"), [point_label(p, names, tr) for p in data["route"]], required=True)
    cargo = data.get("cargo") or {}
    out.add(N_("Cargo"), cargo.get("description"), required=True)
    weight = cargo.get("weight_kg")
    out.add(N_("Weight"), fmt_weight(weight, tr) if weight else None)
    out.add(N_("Size (L × W × H)"), fmt_size(cargo, tr))
    out.add(N_("Places"), cargo.get("places"))
    flags = [tr(N_("oversize"))] * bool(cargo.get("oversize")) + [tr(N_("heavy"))] * bool(
        cargo.get("heavy")
    )
    out.add(N_("Oversize / heavy"), ", ".join(flags) or tr(N_("no")))
    out.add(N_("Vehicle type"), names.vehicle_types.get(data.get("vehicle_type_id") or 0))
    loading = get_date(data, "loading_date")
    out.add(N_("Loading date"), fmt_date(loading) if loading else None, required=True)


def _fields(data: dict[str, Any], names: Names, tr: Tr, limit: int | None) -> _Lines:
    out = _Lines(tr, limit)
    transport = data["kind"] == TRANSPORT
    title = N_("Transport request") if transport else N_("Procurement request")
    number = data.get("number")
    out.lines.append(f"<b>{esc(tr(title))}</b>" + (f" {esc(number)}" if number else ""))
    if transport:
        _transport(out, data, names, tr)
    else:
        out.listing(N_("Items"), [item_label(i) for i in data["items"]], required=True)
    required = get_date(data, "required_date")
    label = N_("Delivery date") if transport else N_("Required date")
    out.add(label, fmt_date(required) if required else None, required=True)
    if not transport:
        out.add(N_("Delivery address"), data.get("address"), required=True)
    out.add(N_("Project"), names.projects.get(data.get("project_id") or 0), required=True)
    cost = data.get("cost_kop")
    out.add(N_("Estimated cost"), fmt_money(cost) if cost else None)
    files = [a.get("file_name") or tr(N_("photo")) for a in data.get("attachments") or []]
    out.add(N_("Attachments"), ", ".join(files) if files else None)
    out.add(N_("Comment"), data.get("comment"))
    return out


def summary(data: dict[str, Any], names: Names, tr: Tr) -> Summary:
    """The summary with each value cut short enough for the whole to fit one message."""
    for limit in FIELD_LIMITS:
        out = _fields(data, names, tr, limit)
        html = "\n".join(out.lines)
        if visible_len(html) <= MESSAGE_BUDGET:
            break
    return Summary(html, out.cut)


def full_pages(data: dict[str, Any], names: Names, tr: Tr) -> list[str]:
    """Every field in full, in pages that fit a message; a long value flows on to the next
    page, broken at a space where there is one."""
    pages: list[str] = []
    current = ""
    for line in _fields(data, names, tr, None).lines:
        piece = f"\n{line}" if current else line
        while utf16_len(current) + utf16_len(piece) > PAGE_LIMIT:
            room = PAGE_LIMIT - utf16_len(current)
            cut = _cut_point(piece, room) if room >= PAGE_LIMIT // 4 else 0
            pages.append(current + piece[:cut])
            current, piece = "", piece[cut:].lstrip("\n ")
        current += piece
    pages.append(current)
    return [page for page in pages if page]


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: an emoji outside the BMP takes two units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def visible_len(html_text: str) -> int:
    """Length of the text a person sees once Telegram has parsed the HTML."""
    return utf16_len(html.unescape(_TAG.sub("", html_text)))


def _fit(line: str, limit: int) -> int:
    """The longest prefix (in characters) within ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(line):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(line)


def _cut_point(text: str, room: int) -> int:
    """Where to break ``text`` to fill ``room`` UTF-16 units: at a space (spaces never fall
    inside our tags or entities), else before an entity or tag that would be cut."""
    fit = _fit(text, room)
    cut = text.rfind(" ", 0, fit)
    return cut if cut >= fit // 2 else _safe_cut(text, fit)


def _safe_cut(line: str, limit: int) -> int:
    """A cut position not inside an ``&...;`` entity or a ``<...>`` tag."""
    cut = limit
    amp, semi = line.rfind("&", 0, cut), line.rfind(";", 0, cut)
    if amp > semi:
        cut = amp
    lt, gt = line.rfind("<", 0, cut), line.rfind(">", 0, cut)
    if lt > gt:
        cut = lt
    return cut
