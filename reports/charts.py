"""Charts and exports shared by the bot, the reports and the Mini App.

Charts are drawn on a private Figure with the Agg canvas (no pyplot, no global backend), so
they render in any thread or process without a display. Every text on a chart comes in
already translated: this module knows no language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

BAR_COLOUR = "#8fa8c8"
BEST_COLOUR = "#2e7d32"
REFERENCE_COLOUR = "#c62828"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    highlight: bool = False


def _grouped(value: float, _position: object = None) -> str:
    return f"{value:,.0f}".replace(",", " ")


def bar_chart_png(
    bars: Sequence[Bar],
    *,
    title: str,
    value_label: str,
    reference: float | None = None,
    reference_label: str = "",
) -> bytes:
    """Horizontal bars, first on top, with an optional vertical reference line; PNG bytes.

    Raises ValueError for an empty list of bars.
    """
    if not bars:
        raise ValueError("a chart needs at least one bar")
    figure = Figure(figsize=(8, 1.2 + 0.45 * len(bars)), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))[::-1]
    colours = [BEST_COLOUR if bar.highlight else BAR_COLOUR for bar in bars]
    axes.barh(positions, [bar.value for bar in bars], color=colours)
    axes.set_yticks(positions, [bar.label for bar in bars])
    for position, bar in zip(positions, bars, strict=True):
        axes.annotate(
            _grouped(bar.value),
            (bar.value, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    if reference is not None:
        axes.axvline(reference, color=REFERENCE_COLOUR, linestyle="--", label=reference_label)
        if reference_label:
            axes.legend(loc="best", fontsize=8)
    axes.xaxis.set_major_formatter(FuncFormatter(_grouped))
    axes.set_xlabel(value_label)
    axes.set_title(title)
    axes.margins(x=0.15)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
