"""Reading typed answers: what is accepted, what is refused and with which explanation."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.common.parse import (
    EX_COST,
    EX_DATE,
    EX_WEIGHT,
    InputError,
    Quantity,
    ensure_not_before,
    ensure_not_past,
    parse_date,
    parse_dimensions,
    parse_money,
    parse_places,
    parse_quantity,
    parse_text,
    parse_weight,
)
from locales import catalog_ids

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("typed", "kilograms"),
    [
        ("12,5 т", 12_500),
        ("12.5", 12_500),
        ("12 500 кг", 12_500),
        ("12500kg", 12_500),
        ("0,5т", 500),
        ("3 ц", 300),
        ("1 тонна", 1_000),
        ("800 КГ", 800),
        ("12\u00a0500 кг", 12_500),
        (" 7 тн. ", 7_000),
        ("2000", 2_000_000),
    ],
)
def test_a_weight_in_tonnes_or_kilograms_becomes_kilograms(typed, kilograms):
    assert parse_weight(typed) == kilograms


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("-3", "The number must be greater than zero."),
        ("−3 т", "The number must be greater than zero."),
        ("0", "The number must be greater than zero."),
        ("0,0 кг", "The number must be greater than zero."),
        ("много", "Cannot read the weight."),
        ("", "Cannot read the weight."),
        ("т 12", "Cannot read the weight."),
        ("12 500", "The weight is too large. If you meant kilograms, add «kg»."),
        ("5 фунтов", "Unknown unit of weight «{unit}»: use t or kg."),
    ],
)
def test_a_weight_that_is_not_positive_or_not_a_weight_is_refused(typed, msgid):
    with pytest.raises(InputError) as refused:
        parse_weight(typed)
    assert refused.value.msgid == msgid
    assert refused.value.example == EX_WEIGHT


@pytest.mark.parametrize(
    ("typed", "sides"),
    [
        ("12×3×2,5", (12, 3, 2.5)),
        ("12x3x2.5", (12, 3, 2.5)),
        ("12 х 3 х 2,5", (12, 3, 2.5)),
        ("12*3*2,5 м", (12, 3, 2.5)),
        ("12м x 3м x 2,5м", (12, 3, 2.5)),
        ("1200x300x250 см", (12, 3, 2.5)),
        ("12000×3000×2500 мм", (12, 3, 2.5)),
        ("12 3 2,5", (12, 3, 2.5)),
    ],
)
def test_sizes_are_length_width_height_in_metres(typed, sides):
    assert parse_dimensions(typed) == sides


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("12x3", "Give three sizes: length, width and height."),
        ("12x3x2x1", "Give three sizes: length, width and height."),
        ("12x0x2", "The number must be greater than zero."),
        ("12x-3x2", "The number must be greater than zero."),
        ("длинный", "Give three sizes: length, width and height."),
        ("12xтриx2", "Cannot read the sizes."),
        ("500x3x2", "A side longer than {limit} m is hardly real."),
    ],
)
def test_sizes_that_are_not_three_positive_numbers_are_refused(typed, msgid):
    with pytest.raises(InputError) as refused:
        parse_dimensions(typed)
    assert refused.value.msgid == msgid


@pytest.mark.parametrize(
    ("typed", "places"), [("3", 3), ("3 шт", 3), ("2 места", 2), ("1 место", 1)]
)
def test_places_are_a_whole_positive_number(typed, places):
    assert parse_places(typed) == places


@pytest.mark.parametrize("typed", ["2,5", "0", "-1", "три", "3 коробки", "1000000"])
def test_places_that_are_not_a_whole_positive_number_are_refused(typed):
    with pytest.raises(InputError):
        parse_places(typed)


@pytest.mark.parametrize(
    ("typed", "quantity"),
    [
        ("10", Quantity(10)),
        ("2,5", Quantity(2.5)),
        ("1 000", Quantity(1000)),
        ("10 шт", Quantity(10, "шт")),
        ("10 шт.", Quantity(10, "шт")),
        ("2,5 м³", Quantity(2.5, "м³")),
        ("4 Компл", Quantity(4, "Компл")),
    ],
)
def test_a_quantity_may_carry_its_unit(typed, quantity):
    assert parse_quantity(typed) == quantity


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("0", "The number must be greater than zero."),
        ("-1", "The number must be greater than zero."),
        ("пару", "Cannot read the quantity."),
        ("", "Cannot read the quantity."),
        ("2000000000", "The quantity is too large."),
    ],
)
def test_a_quantity_that_is_not_positive_is_refused(typed, msgid):
    with pytest.raises(InputError) as refused:
        parse_quantity(typed)
    assert refused.value.msgid == msgid


@pytest.mark.parametrize(
    ("typed", "kopecks"),
    [
        ("150 000", 150_000_00),
        ("150000", 150_000_00),
        ("150000,50", 150_000_50),
        ("150 000.5", 150_000_50),
        ("150 тыс", 150_000_00),
        ("150 тыс.", 150_000_00),
        ("150тыс. руб.", 150_000_00),
        ("150к", 150_000_00),
        ("1,5 млн", 1_500_000_00),
        ("150 000 ₽", 150_000_00),
        ("150 000 руб", 150_000_00),
        ("150 000 р.", 150_000_00),
        ("1 234 567,89 рублей", 1_234_567_89),
        ("1.234.567,89", 1_234_567_89),
        ("1,234,567.89", 1_234_567_89),
        ("0,01", 1),
        ("99,999", 100_00),
    ],
)
def test_money_in_rubles_becomes_kopecks(typed, kopecks):
    assert parse_money(typed) == kopecks


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("-5", "The number must be greater than zero."),
        ("0", "The number must be greater than zero."),
        ("0,001", "The number must be greater than zero."),
        ("дорого", "Cannot read the amount."),
        ("150 долларов", "Cannot read the amount."),
        ("10 млрд млрд", "Cannot read the amount."),
        ("1000 млрд", "The amount is too large."),
    ],
)
def test_money_that_is_not_a_positive_amount_is_refused(typed, msgid):
    with pytest.raises(InputError) as refused:
        parse_money(typed)
    assert refused.value.msgid == msgid
    assert refused.value.example == EX_COST


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05.12", date(2026, 12, 5)),
        ("5.12", date(2026, 12, 5)),
        ("05.12.2026", date(2026, 12, 5)),
        ("05.12.26", date(2026, 12, 5)),
        ("05/12/2026", date(2026, 12, 5)),
        ("2026-12-05", date(2026, 12, 5)),
        ("5 дек", date(2026, 12, 5)),
        ("5 дек.", date(2026, 12, 5)),
        ("5 декабря", date(2026, 12, 5)),
        ("5 Декабря 2027 г.", date(2027, 12, 5)),
        ("1 мая", date(2026, 5, 1)),
        ("3 марта", date(2026, 3, 3)),
        ("15 мар", date(2026, 3, 15)),
        ("10 sep", date(2026, 9, 10)),
        ("сегодня", TODAY),
        ("завтра", date(2026, 3, 3)),
        ("послезавтра", date(2026, 3, 4)),
        ("01.03", date(2026, 3, 1)),  # just passed: kept, so it is refused as past
    ],
)
def test_dates_are_read_in_russian_habits(typed, day):
    assert parse_date(typed, TODAY) == day


def test_a_date_without_a_year_months_ago_means_next_year():
    assert parse_date("05.01", date(2026, 12, 3)) == date(2027, 1, 5)
    assert parse_date("25.11", date(2026, 12, 3)) == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "msgid"),
    [
        ("31.02", "There is no such date."),
        ("29.02.2026", "There is no such date."),
        ("32.01", "There is no such date."),
        ("на днях", "Cannot read the date."),
        ("5 брюмера", "Cannot read the date."),
        ("", "Cannot read the date."),
        ("05.12.2031", "The date is too far ahead: check the year."),
    ],
)
def test_dates_that_do_not_exist_or_cannot_be_read_are_refused(typed, msgid):
    with pytest.raises(InputError) as refused:
        parse_date(typed, TODAY)
    assert (refused.value.msgid, refused.value.example) == (msgid, EX_DATE)


def test_a_past_date_is_refused_and_today_is_not():
    assert ensure_not_past(TODAY, TODAY) == TODAY
    with pytest.raises(InputError) as refused:
        ensure_not_past(date(2026, 3, 1), TODAY)
    assert refused.value.params == {"date": "01.03.2026"}


def test_delivery_before_loading_is_refused_and_the_same_day_is_not():
    loading = date(2026, 3, 16)
    assert ensure_not_before(loading, loading) == loading
    with pytest.raises(InputError) as refused:
        ensure_not_before(date(2026, 3, 15), loading)
    assert refused.value.params == {"loading": "16.03.2026"}


@pytest.mark.parametrize(
    "typed",
    ["<b>жирный</b> & «кавычки»", "*звёзды* _подчёркивание_ [ссылка](x)", "🏗️ кран 🚚", "a" * 4000],
)
def test_text_is_kept_exactly_as_typed(typed):
    assert parse_text(typed) == typed


@pytest.mark.parametrize(("typed", "limit"), [("", 10), ("   \n ", 10), (None, 10), ("abc", 2)])
def test_blank_or_overlong_text_is_refused(typed, limit):
    with pytest.raises(InputError):
        parse_text(typed, limit=limit)


def test_every_refusal_and_example_has_a_russian_text():
    russian = catalog_ids("ru")
    for example in (EX_WEIGHT, EX_COST, EX_DATE):
        assert example in russian
    for attempt in (lambda: parse_weight("много"), lambda: parse_money("-1")):
        with pytest.raises(InputError) as refused:
            attempt()
        assert refused.value.msgid in russian
