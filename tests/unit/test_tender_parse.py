"""Reading a typed bid deadline and an INN."""

from __future__ import annotations

from datetime import date, time

import pytest

from dialogs.common.parse import InputError
from dialogs.tender.parse import parse_deadline, parse_inn

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05.03 15:00", (date(2026, 3, 5), time(15, 0))),
        ("5 мар в 9.30", (date(2026, 3, 5), time(9, 30))),
        ("завтра 12:00", (date(2026, 3, 3), time(12, 0))),
        ("16:30", (TODAY, time(16, 30))),
        ("05.03", (date(2026, 3, 5), None)),
        ("05.03.2027  08:05", (date(2027, 3, 5), time(8, 5))),
    ],
)
def test_a_deadline_is_a_date_with_an_optional_time(
    typed: str, expected: tuple[date, time | None]
) -> None:
    assert parse_deadline(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("05.03 25:00", "There is no such time. Type it as 15:00."),
        ("когда-нибудь", "Cannot read the date."),
        ("31.02 10:00", "There is no such date."),
    ],
)
def test_an_unreadable_deadline_says_why_with_an_example(typed: str, msgid: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_deadline(typed, TODAY)

    assert caught.value.msgid == msgid
    assert caught.value.example == "05.12 15:00, tomorrow 12:00 or 05.12"


def test_an_inn_keeps_its_digits_and_needs_ten_or_twelve() -> None:
    assert parse_inn(" 7705 123 456 ") == "7705123456"
    assert parse_inn("770512345678") == "770512345678"
    for wrong in ("12345", "77051234567", "77O5123456", ""):
        with pytest.raises(InputError):
            parse_inn(wrong)
