"""Chart geometry shared by the HTML (SVG) and PDF (fpdf2 drawing) renderers.

One layout function turns a `Chart` into coordinates in an abstract box (y grows downwards, as in
both SVG and fpdf2), so the two formats draw the same picture from the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from answerable.report.structure import Chart

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0")  # dark blue, burnt orange, green, purple
TARGET_COLOUR = "#a6a6a6"
GRID_COLOUR = "#e6e6e6"
AXIS_COLOUR = "#595959"

Point = tuple[float, float]


@dataclass(frozen=True)
class SeriesGeometry:
    name: str
    colour: str
    segments: tuple[tuple[Point, ...], ...]  # broken where a month is not assessed, thin, or after a gap
    points: tuple[Point, ...]  # months with enough records: filled dots
    hollow: tuple[Point, ...] = ()  # thin months (Series.thin): hollow dots, never joined


@dataclass(frozen=True)
class ChartGeometry:
    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str], ...]
    series: tuple[SeriesGeometry, ...]
    target_y: float | None
    empty: bool  # no value at all: draw the frame and a "no data" note
    any_hollow: bool = False  # some month is drawn hollow: the legend explains the hollow dot

HOLLOW_LABEL = "hollow: too few records (not joined or compared)"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (at least 1)."""
    if value <= 1:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= value:
            return float(step * exp)
    return float(10 * exp)  # pragma: no cover - the loop always returns


def month_label(month: str) -> str:
    """'2026-03' -> 'Mar 2026' (the year on every label); anything else is shown as given."""
    try:
        d = date.fromisoformat(month[:7] + "-01")
    except ValueError:
        return month
    return f"{d:%b} {d.year}"


def _month_gap(a: str, b: str) -> int:
    """Months from a to b ('2016-12', '2025-11' -> 107); 1 when either is not a month."""
    try:
        da, db = date.fromisoformat(a[:7] + "-01"), date.fromisoformat(b[:7] + "-01")
    except ValueError:
        return 1
    return (db.year - da.year) * 12 + db.month - da.month


def tick_text(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def layout(chart: Chart, width: float, height: float, *, font_size: float) -> ChartGeometry:
    left, right = font_size * 3.4, width - font_size * 1.8  # room for half the last month label
    top, bottom = font_size * 0.8, height - font_size * 2.2
    values = [v for s in chart.series for v in s.values if v is not None]
    peak = max([*values, chart.target or 0.0, 0.0])
    y_max = chart.y_max if chart.y_max is not None else nice_ceiling(peak * 1.1)
    if chart.y_max is not None and peak > y_max:
        y_max = nice_ceiling(peak)

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * (min(max(v, 0.0), y_max) / y_max)

    n = len(chart.months)
    step = (right - left) / max(n - 1, 1)

    def x_of(i: int) -> float:
        return left + step * i if n > 1 else (left + right) / 2

    y_ticks = tuple((y_of(y_max * k / 4), tick_text(y_max * k / 4)) for k in range(5))
    every = max(1, math.ceil(n / 5))  # at most ~5 labels ("Mar 2026") so they never collide
    gaps = {j for j in range(1, n) if _month_gap(chart.months[j - 1], chart.months[j]) > 1}
    x_labels = tuple(
        (x_of(i), month_label(m)) for i, m in enumerate(chart.months)
        if i % every == 0 or i == n - 1 or i in gaps  # both sides of a gap are named
    )
    if len(x_labels) >= 2 and x_labels[-1][0] - x_labels[-2][0] < step * every * 0.99:
        x_labels = x_labels[:-2] + x_labels[-1:]  # keep the last month, drop its crowded neighbour
    geoms = []
    for i, s in enumerate(chart.series):
        segments: list[tuple[Point, ...]] = []
        current: list[Point] = []
        points: list[Point] = []
        hollow: list[Point] = []
        for j, v in enumerate(s.values):
            thin = j < len(s.thin) and s.thin[j]
            if (j in gaps or v is None or thin) and current:  # a gap, a missing or thin month breaks it
                segments.append(tuple(current))
                current = []
            if v is None:
                continue
            p = (round(x_of(j), 2), round(y_of(v), 2))
            if thin:
                hollow.append(p)
                continue
            current.append(p)
            points.append(p)
        if current:
            segments.append(tuple(current))
        geoms.append(SeriesGeometry(
            s.name, PALETTE[i % len(PALETTE)], tuple(segments), tuple(points), tuple(hollow)
        ))
    target_y = round(y_of(chart.target), 2) if chart.target is not None else None
    return ChartGeometry(
        width, height, left, top, right, bottom, y_ticks, x_labels, tuple(geoms), target_y, not values,
        any(g.hollow for g in geoms),
    )
