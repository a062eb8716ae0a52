"""Chart geometry shared by the HTML (SVG) and PDF (fpdf2 drawing) renderers.

One layout function turns a `Chart` into coordinates in an abstract box (y grows downwards, as in
both SVG and fpdf2), so the two formats draw the same picture from the same numbers.
"""

from __future__ import annotations

import itertools
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
    cuts: tuple[tuple[float, str], ...] = ()  # (x, "no data Mar 2017–Oct 2025"): a long gap cut out

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


LONG_GAP_MONTHS = 6  # as the app's month axis (ui.charts): a longer gap is cut out of the axis, marked
CUT_MONTHS = 3  # the room a cut gap keeps: about a month either side of the break


def _x_positions(months: tuple[str, ...], left: float, right: float, label_room: float) -> list[float]:
    """Each month's x on a real month axis: a gap of up to LONG_GAP_MONTHS keeps its calendar room, a
    longer one is cut down to CUT_MONTHS (and at least a label's room, so both sides can be named)."""
    n = len(months)
    if n <= 1:
        return [(left + right) / 2] * n
    steps = [max(1, _month_gap(a, b)) for a, b in itertools.pairwise(months)]
    long_gaps = sum(1 for st in steps if st > LONG_GAP_MONTHS)
    plain = sum(st for st in steps if st <= LONG_GAP_MONTHS)
    width = right - left
    cut = width / (plain + CUT_MONTHS * long_gaps) * CUT_MONTHS
    if long_gaps and plain:
        cut = min(max(cut, label_room * 1.1), width * 0.6 / long_gaps)
    elif long_gaps:
        cut = width / long_gaps
    unit = (width - cut * long_gaps) / plain if plain else 0.0
    xs = [left]
    for st in steps:
        xs.append(xs[-1] + (cut if st > LONG_GAP_MONTHS else unit * st))
    return xs


def _pick_labels(candidates: list[int], xs: list[float], room: float) -> list[int]:
    """The candidate months (in priority order) whose labels do not collide with one already kept."""
    kept: list[int] = []
    for i in candidates:
        if i not in kept and all(abs(xs[i] - xs[k]) >= room for k in kept):
            kept.append(i)
    return sorted(kept)


def _next_month(month: str, delta: int) -> str:
    d = date.fromisoformat(month[:7] + "-01")
    k = d.year * 12 + d.month - 1 + delta
    return f"{date(k // 12, k % 12 + 1, 1):%b %Y}"


def y_divisions(y_max: float) -> int:
    """Four steps up the y axis (0, 25, 50, 75, 100), or five when a quarter would be an awkward number
    (25 -> 0, 5, ..., 25 rather than 6.25, 12.5, 18.75: wide labels that crowd the axis's unit)."""
    quarter = f"{y_max / 4:g}".replace(".", "").lstrip("0")
    return 5 if len(quarter) > 2 else 4


def tick_text(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def layout(chart: Chart, width: float, height: float, *, font_size: float) -> ChartGeometry:
    left, right = font_size * 3.4, width - font_size * 2.6  # room for half the last month label
    top, bottom = font_size * 0.8, height - font_size * 2.2
    values = [v for s in chart.series for v in s.values if v is not None]
    peak = max([*values, chart.target or 0.0, 0.0])
    y_max = chart.y_max if chart.y_max is not None else nice_ceiling(peak * 1.1)
    if chart.y_max is not None and peak > y_max:
        y_max = nice_ceiling(peak)

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * (min(max(v, 0.0), y_max) / y_max)

    months = chart.months
    n = len(months)
    room = font_size * 5.4  # a month label ("Mar 2026") and a space
    xs = _x_positions(months, left, right, room)

    def x_of(i: int) -> float:
        return xs[i]

    parts = y_divisions(y_max)
    y_ticks = tuple((y_of(y_max * k / parts), tick_text(y_max * k / parts)) for k in range(parts + 1))
    gaps = {j for j in range(1, n) if _month_gap(months[j - 1], months[j]) > 1}
    long_gaps = [j for j in gaps if _month_gap(months[j - 1], months[j]) > LONG_GAP_MONTHS]
    cuts = tuple(
        ((xs[j - 1] + xs[j]) / 2, f"no data {_next_month(months[j - 1], 1)}–{_next_month(months[j], -1)}")
        for j in sorted(long_gaps)
    )
    every = max(1, math.ceil(n / 5))
    # First and last month, then both sides of every cut, then a regular few; none may collide.
    sides = [k for j in sorted(long_gaps) for k in (j - 1, j)]
    candidates = [0, n - 1, *sides, *range(0, n, every)] if n else []
    x_labels = tuple((x_of(i), month_label(months[i])) for i in _pick_labels(candidates, xs, room))
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
        any(g.hollow for g in geoms), cuts,
    )
