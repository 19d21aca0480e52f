"""Reading what people type: numbers, weights, sizes, money, dates, plain text.

Every parser is a pure function returning the value or raising :class:`InputError`, which
carries a catalogue msgid saying what is wrong and an example msgid that would be accepted;
the dialog translates both. Russian habits are the norm: a space between thousands
(``12 500``), a comma before the decimals (``12,5``), month names (``5 дек``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flows.errors import N_

MAX_WEIGHT_KG = Decimal(2_000_000)  # a 2 000 t piece is beyond any road train
MAX_SIDE_M = Decimal(100)
MAX_PLACES = 100_000
MAX_QUANTITY = Decimal(1_000_000_000)
MAX_COST_RUB = Decimal(100_000_000_000)
MAX_YEARS_AHEAD = 3
PAST_GRACE = timedelta(days=60)

EX_WEIGHT = N_("12.5 t or 12 500 kg")
EX_SIZE = N_("12 × 3 × 2.5 (length × width × height, metres)")
EX_PLACES = N_("3")
EX_QUANTITY = N_("10 or 2.5")
EX_COST = N_("150 000, 150000.50 or 150 thousand")
EX_DATE = N_("05.12, 05.12.2026 or 5 Dec")


class InputError(ValueError):
    """Typed text that cannot be used: ``msgid`` says why, ``example`` shows what fits."""

    def __init__(self, msgid: str, example: str | None = None, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.example = example
        self.params = params


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None = None


_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009']+")
_MINUS = "-−–—"
_NUMBER = re.compile(
    r"^(?P<sign>[" + _MINUS + r"])?\s*(?P<num>\d[\d\s\u00a0\u202f\u2009'.,]*)\s*(?P<rest>.*)$"
)


def _clean(text: str | None) -> str:
    return (text or "").strip().lower().replace("ё", "е")


def _decimal(raw: str) -> Decimal:
    """``12 500``, ``12,5``, ``1 000,50``, ``1,000.50`` or ``1.000,50`` as a Decimal."""
    digits = _SPACES.sub("", raw).rstrip(".,")
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        digits = digits.replace(thousands, "").replace(decimal_mark, ".")
    elif digits.count(",") > 1 or digits.count(".") > 1:
        digits = digits.replace(",", "").replace(".", "")
    else:
        digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        raise ValueError(raw) from None


def _split_number(text: str, bad_msgid: str, example: str) -> tuple[Decimal, str]:
    """The leading number and the words after it; refuses text without a positive number."""
    match = _NUMBER.match(text.strip())
    if match is None:
        raise InputError(bad_msgid, example)
    try:
        value = _decimal(match["num"])
    except ValueError:
        raise InputError(bad_msgid, example) from None
    if match["sign"] or value <= 0:
        raise InputError(N_("The number must be greater than zero."), example)
    return value, match["rest"].strip()


def parse_text(text: str | None, *, limit: int = 4000) -> str:
    """Text as typed (emoji, ``<b>``, ``*_[]`` kept); refuses blank or overlong text."""
    if text is None or not text.strip():
        raise InputError(N_("The text is empty. Type it in one message."))
    if len(text) > limit:
        raise InputError(
            N_("The text is too long: {length} characters, at most {limit}."),
            length=len(text),
            limit=limit,
        )
    return text


_TONNES = {"т", "тн", "тонн", "тонна", "тонны", "тонну", "t", "tn", "ton", "tons", "tonnes"}
_KILOS = {"кг", "kg", "килограмм", "килограмма", "килограммов", "кило"}
_CENTNERS = {"ц", "центнер", "центнера", "центнеров"}


def parse_weight(text: str | None) -> float:
    """Weight in kilograms; a bare number means tonnes (``12,5`` → 12 500 kg)."""
    bad = N_("Cannot read the weight.")
    value, rest = _split_number(text or "", bad, EX_WEIGHT)
    unit = _clean(rest).rstrip(".")
    if unit in _KILOS:
        kilos = value
    elif unit in _CENTNERS:
        kilos = value * 100
    elif unit == "" or unit in _TONNES:
        kilos = value * 1000
    else:
        raise InputError(N_("Unknown unit of weight «{unit}»: use t or kg."), EX_WEIGHT, unit=unit)
    if kilos > MAX_WEIGHT_KG:
        raise InputError(
            N_("The weight is too large. If you meant kilograms, add «kg»."), EX_WEIGHT
        )
    return float(kilos.quantize(Decimal("0.001")))


_SIZE_UNITS = dict.fromkeys(("м", "m"), Decimal(1)) | dict.fromkeys(("см", "cm"), Decimal("0.01"))
_SIZE_UNITS |= dict.fromkeys(("мм", "mm"), Decimal("0.001"))
_SIZE_UNIT = re.compile(r"(мм|см|м|mm|cm|m)\.?(?![a-zа-я])")
_SIZE_SPLIT = re.compile(r"\s*[×xх*]\s*|\s+")


def parse_dimensions(text: str | None) -> tuple[float, float, float]:
    """Length × width × height in metres (``12×3×2,5``, ``1200x300x250 см``)."""
    cleaned = _clean(text)
    units = _SIZE_UNIT.findall(cleaned)
    scale = _SIZE_UNITS[units[-1]] if units else Decimal(1)
    bare = _SIZE_UNIT.sub(" ", cleaned).strip()
    parts = [p for p in _SIZE_SPLIT.split(bare) if p]
    if len(parts) != 3:
        raise InputError(N_("Give three sizes: length, width and height."), EX_SIZE)
    sides = []
    for part in parts:
        value, rest = _split_number(part, N_("Cannot read the sizes."), EX_SIZE)
        if rest:
            raise InputError(N_("Cannot read the sizes."), EX_SIZE)
        metres = value * scale
        if metres > MAX_SIDE_M:
            raise InputError(
                N_("A side longer than {limit} m is hardly real."), EX_SIZE, limit=int(MAX_SIDE_M)
            )
        sides.append(float(metres.quantize(Decimal("0.001"))))
    return sides[0], sides[1], sides[2]


_PLACE_WORDS = ("", "шт", "места", "мест", "место")


def parse_places(text: str | None) -> int:
    """Number of places (packages): a whole positive number, ``шт``/``мест`` allowed."""
    bad = N_("Give the number of places as a whole number.")
    value, rest = _split_number(text or "", bad, EX_PLACES)
    if value != value.to_integral_value() or _clean(rest).rstrip(".") not in _PLACE_WORDS:
        raise InputError(bad, EX_PLACES)
    if value > MAX_PLACES:
        raise InputError(N_("That is too many places."), EX_PLACES)
    return int(value)


def parse_quantity(text: str | None) -> Quantity:
    """A positive quantity, optionally followed by its unit (``10 шт``, ``2,5 м³``)."""
    value, unit = _split_number(text or "", N_("Cannot read the quantity."), EX_QUANTITY)
    if value > MAX_QUANTITY:
        raise InputError(N_("The quantity is too large."), EX_QUANTITY)
    unit = unit.rstrip(".").strip()[:32]
    return Quantity(float(value), unit or None)


_MULTIPLIERS = dict.fromkeys(
    ("тыс", "т", "тр", "т.р", "к", "k", "тысяч", "тысячи", "тысяча"), 1000
) | dict.fromkeys(("млн", "миллион", "миллиона", "миллионов"), 1_000_000)
_MULTIPLIERS["млрд"] = 1_000_000_000
_CURRENCY = re.compile(r"\s*(₽|руб(лей|ля|ль)?\.?|р\.?|rub\.?)$")


def parse_money(text: str | None) -> int:
    """Rubles to kopecks: ``150 000``, ``150000,50``, ``150 тыс``, ``1,5 млн руб.``."""
    bad = N_("Cannot read the amount.")
    value, rest = _split_number(text or "", bad, EX_COST)
    rest = _CURRENCY.sub("", _clean(rest)).strip().rstrip(".")
    if rest:
        if rest not in _MULTIPLIERS:
            raise InputError(bad, EX_COST)
        value *= _MULTIPLIERS[rest]
    if value > MAX_COST_RUB:
        raise InputError(N_("The amount is too large."), EX_COST)
    kopecks = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if kopecks <= 0:
        raise InputError(N_("The number must be greater than zero."), EX_COST)
    return int(kopecks)


_MONTHS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RELATIVE = {"сегодня": 0, "завтра": 1, "послезавтра": 2, "today": 0, "tomorrow": 1}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?(?:\s*г\.?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s*([a-zа-я]+)\.?(?:\s+(\d{4}|\d{2}))?(?:\s*г(?:ода?)?\.?)?$")


def _month_of(word: str) -> int | None:
    if word.startswith("мар"):
        return 3
    for number, stem in enumerate(_MONTHS, start=1):
        if word.startswith(stem) and (stem != "ма" or word[2:3] in ("й", "я", "")):
            return number
    for number, stem in enumerate(_EN_MONTHS, start=1):
        if word.startswith(stem):
            return number
    return None


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _build(day: int, month: int, year: int | None, today: date) -> date:
    try:
        if year is not None:
            return date(year, month, day)
        found = date(today.year, month, day)
        if found >= today - PAST_GRACE:
            return found  # a slightly past date is a slip to refuse, not next year's
        return date(today.year + 1, month, day)
    except ValueError:
        raise InputError(N_("There is no such date."), EX_DATE) from None


def parse_date(text: str | None, today: date) -> date:
    """A calendar date. Without a year it is this year's, or next year's when this year's
    passed more than two months ago (``05.01`` typed in December)."""
    cleaned = _clean(text)
    if cleaned in _RELATIVE:
        return today + timedelta(days=_RELATIVE[cleaned])
    if match := _ISO_DATE.match(cleaned):
        found = _build(int(match[3]), int(match[2]), int(match[1]), today)
    elif match := _NUMERIC_DATE.match(cleaned):
        found = _build(int(match[1]), int(match[2]), _year(match[3]), today)
    elif (match := _WORD_DATE.match(cleaned)) and (month := _month_of(match[2])):
        found = _build(int(match[1]), month, _year(match[3]), today)
    else:
        raise InputError(N_("Cannot read the date."), EX_DATE)
    if found.year > today.year + MAX_YEARS_AHEAD:
        raise InputError(N_("The date is too far ahead: check the year."), EX_DATE)
    return found


def fmt_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def ensure_not_past(day: date, today: date) -> date:
    if day < today:
        raise InputError(
            N_("The date {date} has already passed. Choose today or a later date."),
            EX_DATE,
            date=fmt_date(day),
        )
    return day


def ensure_not_before(day: date, first: date) -> date:
    """Refuse a delivery date before the loading date."""
    if day < first:
        raise InputError(
            N_("Delivery cannot be before loading ({loading}). Choose {loading} or later."),
            EX_DATE,
            loading=fmt_date(first),
        )
    return day
