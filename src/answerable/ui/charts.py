"""Plotly figures: every chart has a title, axis labels with units, and readable colours.

Pure functions from core values to figures (no streamlit), so they can be tested and reused.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

from answerable.present import (
    LEVEL_COLOURS,
    LEVEL_NAMES,
    format_value,
    level_colour,
    level_text,
    unit_axis_label,
)
from answerable.report.structure import Chart
from answerable.ui.safe import plot_text

FONT = {"family": "Inter, 'Source Sans Pro', 'DejaVu Sans', sans-serif", "size": 13, "color": "#1b2631"}
LINE = "#1f4e79"
# Month labels per chart (month_ticks): a half-width chart has ~330 px of plot and "Nov 2025" needs ~60 px
HALF_WIDTH_TICKS = 5
FULL_WIDTH_TICKS = 8
MUTED = "#95a5a6"


def _layout(fig: go.Figure, title: str, height: int = 320) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        font=FONT,
        height=height,
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
    )
    fig.update_xaxes(showgrid=False, linecolor="#d5dbdb")
    fig.update_yaxes(gridcolor="#eaeded", zerolinecolor="#d5dbdb")
    return fig


def _wrap(label: str, width: int = 14) -> str:
    """Break a long axis label over lines (plotly has no automatic wrapping)."""
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def radar(dimensions: Sequence[Any]) -> go.Figure:
    """Dimension scores (0-100) on a radar; not-assessed dimensions sit at 0 and are labelled so."""
    # Titles come from the model file, which any viewer can upload: literal text, never plotly markup.
    titles = [plot_text(d.title) for d in dimensions]
    labels = [
        _wrap(t if d.score is not None else f"{t} (not assessed)")
        for t, d in zip(titles, dimensions, strict=True)
    ]
    values = [d.score if d.score is not None else 0.0 for d in dimensions]
    hover = [
        f"{t}: {level_text(d.level) if d.level else 'not assessed'}"
        f"<br>score {d.score:.0f}/100" if d.score is not None else f"{t}: not assessed"
        for t, d in zip(titles, dimensions, strict=True)
    ]
    fig = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]] if values else [],
            theta=[*labels, labels[0]] if labels else [],
            fill="toself",
            fillcolor="rgba(31, 78, 121, 0.18)",
            line={"color": LINE, "width": 2},
            marker={"size": 7, "color": [level_colour(d.level) for d in [*dimensions, *dimensions[:1]]]},
            hovertext=[*hover, hover[0]] if hover else [],
            hoverinfo="text",
            name="Dimension score",
            showlegend=False,
        )
    )
    for level in LEVEL_NAMES:  # the dots' colours explained (legend-only traces)
        fig.add_trace(go.Scatterpolar(r=[None], theta=[labels[0]] if labels else [], mode="markers",
                                      marker={"size": 9, "color": LEVEL_COLOURS[level]},
                                      name=level_text(level), hoverinfo="skip"))
    fig.add_trace(go.Scatterpolar(r=[None], theta=[labels[0]] if labels else [], mode="markers",
                                  marker={"size": 9, "color": level_colour(None)}, name="Not assessed",
                                  hoverinfo="skip"))
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100], "tickvals": [20, 40, 60, 80, 100], "angle": 90 - 180 / max(len(labels), 1),
                "tickfont": {"size": 9, "color": "#7f8c8d"}, "title": {"text": ""},
            },
            "angularaxis": {"tickfont": {"size": 12}, "rotation": 90, "direction": "clockwise"},
        },
        showlegend=True,
        legend={"orientation": "h", "y": -0.12, "x": 0.5, "xanchor": "center",
                "title": {"text": "Dot: level"}, "font": {"size": 11}},
    )
    _layout(fig, "Dimension scores (0-100)", height=460)
    fig.update_layout(margin={"l": 90, "r": 90, "t": 60, "b": 70})
    return fig


def trend(
    months: Sequence[date], values: Sequence[float | None], statuses: Sequence[str], *,
    title: str, unit: str, bands: Sequence[float] | None = None, thin: Sequence[bool] | None = None,
    max_ticks: int | None = None,
) -> go.Figure:
    """A monthly trend line. Months with insufficient evidence and thin months are hollow grey markers,
    never joined by the line; a gap of more than one month breaks it."""
    weak = [s != "ok" or bool(thin and thin[i]) for i, s in enumerate(statuses)]
    fig = go.Figure()
    xs, ys = line_points(months, values, weak)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": LINE, "width": 2}, connectgaps=False,
                             name="Value", hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=list(months), y=[None if w else v for v, w in zip(values, weak, strict=True)], mode="markers",
        marker={"color": LINE, "size": 8}, name="Month with enough records",
        hovertemplate="%{x|%b %Y}: %{y:,.1f}<extra></extra>",
    ))
    if any(weak):
        fig.add_trace(go.Scatter(
            x=list(months), y=[v if w else None for v, w in zip(values, weak, strict=True)], mode="markers",
            name="Too few records (not compared)",
            marker={"color": "white", "size": 8, "line": {"color": MUTED, "width": 2}},
            hovertemplate="%{x|%b %Y}: %{y:,.1f} (too few records)<extra></extra>",
        ))
    if bands:
        # Only the band edges near the data, so a far edge (e.g. 240 min) does not flatten the line.
        known = [v for v in values if v is not None]
        top = max(known, default=0.0) * 1.5
        for level, edge in zip((5, 4, 3, 2), bands, strict=False):
            if unit != "%" and edge > top and level < 5:
                continue
            fig.add_hline(
                y=edge, line={"color": LEVEL_COLOURS[level], "width": 1, "dash": "dot"},
                annotation_text=f"L{level}", annotation_position="right",
                annotation_font={"size": 10, "color": LEVEL_COLOURS[level]},
            )
    _layout(fig, title, height=300)
    fig.update_layout(legend={"orientation": "h", "y": -0.4, "x": 0}, margin={"r": 40, "b": 90})
    month_axis(fig, months, max_ticks=max_ticks or FULL_WIDTH_TICKS)  # an indicator's card: full width
    fig.update_yaxes(title_text=unit_axis_label(unit), rangemode="tozero", tickformat=",")
    return fig


def breakdown_bars(groups: Sequence[str], values: Sequence[float | None], *, title: str, unit: str,
                   group_label: str) -> go.Figure:
    """Horizontal bars, worst at the top as given; long names are shortened on the axis only."""
    short = [plot_text(g if len(g) <= 28 else g[:26] + "…") for g in groups]
    fig = go.Figure(
        go.Bar(
            x=[v if v is not None else 0 for v in values], y=short, orientation="h",
            marker={"color": LINE}, customdata=[plot_text(g) for g in groups],
            text=[format_value(v, unit) for v in values], textposition="auto",
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    _layout(fig, title, height=max(220, 60 + 28 * len(groups)))
    fig.update_yaxes(title_text=group_label, autorange="reversed", automargin=True)
    fig.update_xaxes(title_text=unit_axis_label(unit), rangemode="tozero")
    return fig


def index_line(months: Sequence[date], values: Sequence[float | None],
               thin: Sequence[bool] | None = None, *, max_ticks: int = HALF_WIDTH_TICKS) -> go.Figure:
    """The governance index by month, with the level edges of the 0-100 scale marked; thin months are
    hollow and never joined by the line."""
    weak = [v is None or bool(thin and thin[i]) for i, v in enumerate(values)]
    xs, ys = line_points(months, values, weak)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": LINE, "width": 2.5}, connectgaps=False,
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=list(months), y=[None if w else v for v, w in zip(values, weak, strict=True)], mode="markers",
        marker={"size": 7, "color": LINE}, hovertemplate="%{x|%b %Y}: %{y:.1f}/100<extra></extra>",
        name="Month with enough records",
    ))
    if any(w and v is not None for v, w in zip(values, weak, strict=True)):
        fig.add_trace(go.Scatter(
            x=list(months), y=[v if w else None for v, w in zip(values, weak, strict=True)], mode="markers",
            marker={"color": "white", "size": 7, "line": {"color": MUTED, "width": 2}},
            name="Too few records (not compared)",
            hovertemplate="%{x|%b %Y}: %{y:.1f}/100 (too few records)<extra></extra>",
        ))
    for level, edge in ((5, 80), (4, 60), (3, 40), (2, 20)):
        fig.add_hline(y=edge, line={"color": LEVEL_COLOURS[level], "width": 1, "dash": "dot"},
                      annotation_text=f"L{level} score", annotation_position="right",
                      annotation_font={"size": 10, "color": LEVEL_COLOURS[level]})
    _layout(fig, "Governance index by month (0-100)", height=420)
    fig.update_layout(margin={"r": 70, "b": 90}, legend={"orientation": "h", "y": -0.3, "x": 0})
    month_axis(fig, months, max_ticks=max_ticks)
    fig.update_yaxes(title_text="Index (0-100)", range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def dimension_lines(months: Sequence[date], series: Sequence[tuple[str, Sequence[float | None]]],
                    thin: Sequence[bool]) -> go.Figure:
    """Every dimension's score by month in one figure (one chart instead of one per tile)."""
    fig = go.Figure()
    palette = ("#1f4e79", "#b03a2e", "#229954", "#d35400", "#7d3c98", "#117a65", "#7f8c8d")
    for n, (name, values) in enumerate(series):
        weak = [v is None or thin[i] for i, v in enumerate(values)]
        xs, ys = line_points(months, values, weak)
        colour = palette[n % len(palette)]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", line={"color": colour, "width": 2}, connectgaps=False,
            name=plot_text(name), legendgroup=str(n), hoverinfo="skip",
        ))
        fig.add_trace(go.Scatter(
            x=list(months), y=list(values), mode="markers", legendgroup=str(n), showlegend=False,
            marker={"size": 6, "color": ["white" if w else colour for w in weak],
                    "line": {"color": colour, "width": 1.5}},
            customdata=[plot_text(name)] * len(months),
            hovertemplate="%{customdata}, %{x|%b %Y}: %{y:.0f}/100<extra></extra>",
        ))
    _layout(fig, "Dimension scores by month (0-100; hollow = too few records)", height=380)
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0}, margin={"b": 100})
    month_axis(fig, months, max_ticks=FULL_WIDTH_TICKS)
    fig.update_yaxes(title_text="Score (0-100)", range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def report_chart(chart: Chart) -> go.Figure:
    """A board report chart (its months, values and thin flags) drawn as every trend in the app: a real
    month axis with the year, thin months hollow and unjoined, the Level 4 target as a dotted line."""
    months = [date.fromisoformat(m[:7] + "-01") for m in chart.months]
    series = chart.series[0]
    thin = list(series.thin) or [False] * len(months)
    if chart.unit.startswith("index"):
        return index_line(months, list(series.values), thin).update_layout(
            height=360, legend={"y": -0.45}, margin={"b": 110})
    unit = "min" if chart.unit == "minutes" else chart.unit
    fig = trend(months, list(series.values), ["ok"] * len(months), title=plot_text(chart.title), unit=unit,
                thin=thin, max_ticks=HALF_WIDTH_TICKS).update_layout(height=360)  # two charts a row
    if chart.target is not None:
        fig.add_hline(y=chart.target, line={"color": MUTED, "width": 1, "dash": "dot"},
                      annotation_text=plot_text(chart.target_label), annotation_position="top right",
                      annotation_font={"size": 10, "color": "#5d6d7e"})
    return fig


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _from_index(i: int) -> date:
    """The first day of month number i, clamped to Python's years 1..9999 (a record dated 0001 or 9999)."""
    i = min(max(i, 12), 9999 * 12 + 11)
    return date(i // 12, i % 12 + 1, 1)


def line_points(months: Sequence[date], values: Sequence[float | None],
                weak: Sequence[bool]) -> tuple[list[date], list[float | None]]:
    """The points the line joins: weak (thin, insufficient) months left out as breaks, and a break
    inserted across every gap of more than one month, so no line bridges missing or doubtful months."""
    xs: list[date] = []
    ys: list[float | None] = []
    for i, (m, v) in enumerate(zip(months, values, strict=True)):
        if i and _month_index(m) - _month_index(months[i - 1]) > 1:
            xs.append(_from_index(_month_index(months[i - 1]) + 1))
            ys.append(None)
        xs.append(m)
        ys.append(None if weak[i] else v)
    return xs, ys


LONG_GAP_MONTHS = 6  # a gap longer than this is cut out of the axis (marked), not drawn as empty space


def axis_cuts(ordered: Sequence[date]) -> list[tuple[date, date]]:
    """The long gaps cut out of a month axis: (last month before, first month after) each."""
    return [(a, b) for a, b in itertools.pairwise(ordered)
            if _month_index(b) - _month_index(a) > LONG_GAP_MONTHS]


def axis_position(m: date, cuts: Sequence[tuple[date, date]]) -> int:
    """Where month m sits on the drawn axis, in months: its calendar position less the months cut out
    before it (a cut keeps one month of room on each side of the gap)."""
    removed = sum(_month_index(b) - _month_index(a) - 3 for a, b in cuts if b <= m)
    return _month_index(m) - removed


def month_ticks(months: Sequence[date], max_ticks: int = HALF_WIDTH_TICKS) -> list[date]:
    """The months labelled on a month axis: at most `max_ticks`, at least 1/max_ticks of the drawn axis
    apart (measured where the months are drawn, cut gaps taken out), so no two labels touch however the
    months are spread. The first month and the first after every cut are always labelled (each label
    carries its year), a label too close before such a month gives way to it."""
    ordered = sorted(set(months))
    if not ordered:
        return []
    cuts = axis_cuts(ordered)
    pos = {m: axis_position(m, cuts) for m in ordered}
    span = pos[ordered[-1]] - pos[ordered[0]] + 1
    sep = max(1, -(-span // max(1, max_ticks)))  # ceil: the least distance between two labels, in months
    forced = [ordered[0], *(b for _, b in cuts)]
    ticks: list[date] = []
    for m in ordered:
        if m in forced:
            while ticks and pos[m] - pos[ticks[-1]] < sep and ticks[-1] not in forced:
                ticks.pop()
            if not ticks or pos[m] - pos[ticks[-1]] >= sep:
                ticks.append(m)
            continue
        ahead = next((f for f in forced if f > m), None)
        if (not ticks or pos[m] - pos[ticks[-1]] >= sep) and (ahead is None or pos[ahead] - pos[m] >= sep):
            ticks.append(m)
    return ticks


def month_axis(fig: go.Figure, months: Sequence[date], *, max_ticks: int = HALF_WIDTH_TICKS,
               font_size: int | None = None) -> None:
    """A real date axis whose every tick carries the year ("Jan 2026"); long gaps are cut out of it and
    the labels thinned (`month_ticks`) so none touch, even on a half-width chart."""
    ordered = sorted(set(months))
    breaks = []
    for prev, cur in axis_cuts(ordered):
        start = _from_index(_month_index(prev) + 2)  # keep a month of space on each side
        end = _from_index(_month_index(cur) - 1)
        breaks.append({"bounds": [start.isoformat(), end.isoformat()]})
        fig.add_annotation(x=_from_index(_month_index(prev) + 1).isoformat(), y=1, yref="paper",
                           text=f"no data {_from_index(_month_index(prev) + 1):%b %Y}–"
                                f"{_from_index(_month_index(cur) - 1):%b %Y}",
                           showarrow=False, font={"size": 10, "color": MUTED}, yanchor="bottom")
    ticks = month_ticks(ordered, max_ticks)
    axis: dict[str, Any] = {
        "type": "date", "title_text": "Month", "tickvals": [t.isoformat() for t in ticks],
        "ticktext": [f"{t:%b %Y}" for t in ticks], "rangebreaks": breaks,
    }
    if font_size:
        axis["tickfont"] = {"size": font_size}
    if ordered:  # half a month of room either side, so the first and last points are not cut
        lo, hi = ordered[0], ordered[-1]
        axis["range"] = [_from_index(_month_index(lo) - 1).isoformat()[:8] + "16", hi.isoformat()[:8] + "16"]
    fig.update_xaxes(**axis)
