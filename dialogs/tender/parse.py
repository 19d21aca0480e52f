"""Reading what the executor types in the tender: a bid deadline, an INN.

Pure functions returning the value or raising :class:`dialogs.common.parse.InputError`.
"""

from __future__ import annotations

import re
from datetime import date, time

from dialogs.common.parse import EX_DATE, InputError, parse_date
from flows.errors import N_

EX_DEADLINE = N_("05.12 15:00, tomorrow 12:00 or 05.12")
EX_INN = N_("7701234567 (10 digits) or 770123456789 (12 digits)")

_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
# The time needs a space before it, so «05.12» stays a date and is not read as 05:12.
_DATE_AND_TIME = re.compile(r"^(?P<date>.+?)\s+(?:в\s+|at\s+)?" + _TIME + r"$")
_TIME_ONLY = re.compile(r"^(?:в\s+|at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})$")


def _time(hour: str, minute: str) -> time:
    try:
        return time(int(hour), int(minute))
    except ValueError:
        raise InputError(N_("There is no such time. Type it as 15:00."), EX_DEADLINE) from None


def parse_deadline(text: str | None, today: date) -> tuple[date, time | None]:
    """A date with an optional time: «05.12 15:00», «завтра 12:00», «15:00» (today),
    «05.12» (the time is then the end of that working day, chosen by the caller)."""
    cleaned = " ".join((text or "").strip().lower().split())
    if match := _TIME_ONLY.match(cleaned):
        return today, _time(match["hour"], match["minute"])
    if match := _DATE_AND_TIME.match(cleaned):
        return _date(match["date"], today), _time(match["hour"], match["minute"])
    return _date(cleaned, today), None


def _date(text: str, today: date) -> date:
    try:
        return parse_date(text, today)
    except InputError as error:
        if error.example == EX_DATE:
            error.example = EX_DEADLINE
        raise


def parse_inn(text: str | None) -> str:
    """An INN: 10 digits for an organisation, 12 for a sole trader; spaces are ignored."""
    digits = re.sub(r"[\s\u00a0-]+", "", text or "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        raise InputError(N_("An INN has 10 or 12 digits."), EX_INN)
    return digits
