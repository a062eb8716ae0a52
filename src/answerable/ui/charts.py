"""Plotly figures: every chart has a title, axis labels with units, and readable colours.

Pure functions from core values to figures (no streamlit), so they can be tested and reused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

from answerable.present import LEVEL_COLOURS, format_value, level_colour, level_text, unit_axis_label
from answerable.ui.safe import plot_text

FONT = {"family": "Inter, 'Source Sans Pro', 'DejaVu Sans', sans-serif", "size": 13, "color": "#1b2631"}
LINE = "#1f4e79"
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
            marker={"size": 7, "color": [level_colour(d.level) for d in dimensions] + [level_colour(None)]},
            hovertext=[*hover, hover[0]] if hover else [],
            hoverinfo="text",
            name="Dimension score",
        )
    )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 100], "tickvals": [20, 40, 60, 80, 100], "angle": 90 - 180 / max(len(labels), 1),
                "tickfont": {"size": 9, "color": "#7f8c8d"}, "title": {"text": ""},
            },
            "angularaxis": {"tickfont": {"size": 12}, "rotation": 90, "direction": "clockwise"},
        },
        showlegend=False,
    )
    _layout(fig, "Dimension scores (0-100)", height=420)
    fig.update_layout(margin={"l": 90, "r": 90, "t": 60, "b": 40})
    return fig


def trend(
    months: Sequence[date], values: Sequence[float | None], statuses: Sequence[str], *,
    title: str, unit: str, bands: Sequence[float] | None = None,
) -> go.Figure:
    """A monthly trend line; months with insufficient evidence are drawn as hollow grey markers."""
    solid = [v if s == "ok" else None for v, s in zip(values, statuses, strict=True)]
    weak = [v if s == "insufficient_evidence" else None for v, s in zip(values, statuses, strict=True)]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=list(months), y=list(values), mode="lines", line={"color": LINE, "width": 2},
            connectgaps=False, name="Value", hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=list(months), y=solid, mode="markers", marker={"color": LINE, "size": 8}, name="Assessed",
            hovertemplate="%{x|%b %Y}: %{y:.1f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=list(months), y=weak, mode="markers", name="Insufficient evidence",
            marker={"color": "white", "size": 8, "line": {"color": MUTED, "width": 2}},
            hovertemplate="%{x|%b %Y}: %{y:.1f} (insufficient evidence)<extra></extra>",
        )
    )
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
    fig.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0}, margin={"r": 40, "b": 70})
    fig.update_xaxes(title_text="Month", tickformat="%b %Y")
    fig.update_yaxes(title_text=unit_axis_label(unit), rangemode="tozero")
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


def index_line(months: Sequence[date], values: Sequence[float | None]) -> go.Figure:
    """The governance index by month, with the level edges of the 0-100 scale marked."""
    fig = go.Figure(
        go.Scatter(
            x=list(months), y=list(values), mode="lines+markers", line={"color": LINE, "width": 2.5},
            marker={"size": 7}, hovertemplate="%{x|%b %Y}: %{y:.1f}/100<extra></extra>", name="Index",
        )
    )
    for level, edge in ((5, 80), (4, 60), (3, 40), (2, 20)):
        fig.add_hline(y=edge, line={"color": LEVEL_COLOURS[level], "width": 1, "dash": "dot"},
                      annotation_text=f"L{level} score", annotation_position="right",
                      annotation_font={"size": 10, "color": LEVEL_COLOURS[level]})
    _layout(fig, "Governance index by month (0-100)", height=420)
    fig.update_layout(margin={"r": 70})
    fig.update_xaxes(title_text="Month", tickformat="%b %Y")
    fig.update_yaxes(title_text="Index (0-100)", range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def score_line(months: Sequence[date], scores: Sequence[float | None], *, title: str,
               height: int = 140) -> go.Figure:
    """A small index/score trend (0-100) for tiles."""
    fig = go.Figure(
        go.Scatter(
            x=list(months), y=list(scores), mode="lines+markers", line={"color": LINE, "width": 2},
            marker={"size": 4}, hovertemplate="%{x|%b %Y}: %{y:.0f}/100<extra></extra>",
        )
    )
    _layout(fig, title, height=height)
    fig.update_layout(margin={"l": 45, "r": 10, "t": 35, "b": 30}, title={"font": {"size": 12}})
    fig.update_xaxes(title_text="", tickformat="%b", nticks=6, tickfont={"size": 10})
    fig.update_yaxes(title_text="Score", range=[0, 100], tickvals=[0, 50, 100], tickfont={"size": 10},
                     title_font={"size": 10})
    return fig
