"""Charts render to PNG without a display and refuse to draw nothing."""

from __future__ import annotations

import struct

import pytest

from reports.charts import Bar, bar_chart_png


def test_a_bar_chart_is_a_png_that_grows_with_the_number_of_bars() -> None:
    bars = [Bar(f"Перевозчик {n}", 100_000 + n * 5_000, highlight=n == 0) for n in range(7)]

    few = bar_chart_png(bars[:2], title="Т-000001", value_label="₽", reference=110_000)
    many = bar_chart_png(bars, title="Т-000001", value_label="₽", reference=110_000)

    assert few.startswith(b"\x89PNG\r\n\x1a\n") and many.startswith(b"\x89PNG\r\n\x1a\n")
    few_height = struct.unpack(">I", few[20:24])[0]
    many_height = struct.unpack(">I", many[20:24])[0]
    assert many_height > few_height


def test_a_chart_without_bars_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one bar"):
        bar_chart_png([], title="", value_label="")
