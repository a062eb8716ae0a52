"""The Overview page's building blocks: overall level, dimension tiles, headline KPIs, top risks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from answerable import metrics
from answerable.maturity.score import coverage_of
from answerable.present import MISSING, format_score, format_value, level_text
from answerable.results import Filters, MetricResult, Score
from answerable.ui import charts, data
from answerable.ui.format import level_badge, previous_period
from answerable.ui.safe import md

HEADLINE_KPIS = (
    "unowned_decision_rate",
    "decision_rights_violation_rate",
    "human_takeover_p90_min",  # the headline escalation KPI (DESIGN §4 second edition)
    "missed_escalation_rate",
    "uncontrolled_identity_decision_rate",
    "shadow_ai_rate",
    "pir_coverage",
    "unannounced_change_incident_rate",
)
TOP_RISKS = 5


def comparison(filters: Filters) -> tuple[Score | None, Score | None, str]:
    """(current, previous, label) scores for the change figures; (None, None, reason) without data."""
    period = previous_period(filters, data.as_of(filters))
    if period is None:
        return None, None, "no data to compare"
    current_f, prev_f, label = period
    if filters.date_from is not None and filters.date_to is not None:
        return data.score(current_f), data.score(prev_f), label
    by_month = dict(data.score_trend(filters))
    assert current_f.date_from is not None and prev_f.date_from is not None
    return by_month.get(current_f.date_from), by_month.get(prev_f.date_from), label


def _delta(cur: MetricResult | None, prev: MetricResult | None) -> float | None:
    if cur is None or prev is None or cur.value is None or prev.value is None:
        return None
    if cur.status != "ok" or prev.status != "ok":
        return None
    return cur.value - prev.value


def overall(score: Score, cur: Score | None, prev: Score | None, label: str) -> None:
    o = score.overall
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])  # room for "Level 5 - Optimizing" without an ellipsis
    c1.metric("Overall maturity", level_text(o.level),
              help="Round-down of the mean dimension level, capped at the lowest dimension level + 1.")
    delta = None
    if cur and prev and cur.overall.index is not None and prev.overall.index is not None:
        delta = f"{cur.overall.index - prev.overall.index:+.1f} pts"
    c2.metric("Governance index", format_score(o.index), delta=delta,
              help="Weighted mean of the assessed dimension scores (0-100).")
    assessed = sum(1 for d in score.dimensions if d.level is not None)
    c3.metric("Dimensions assessed", f"{assessed} of {len(score.dimensions)}",
              help=f"{coverage_of(o)} across the dimensions.")
    c4.metric("Fully embedded", "Yes" if o.fully_embedded else "Not yet",
              help="Every dimension assessed and at Level 4 or above.")
    if delta:
        st.caption(f"Change in the index {label}.")
    st.caption(f"Overall level from {coverage_of(o)} in {assessed} of {len(score.dimensions)} dimensions.")
    if o.provisional:
        st.warning(
            f"Provisional result: {assessed} of {len(score.dimensions)} dimensions and {coverage_of(o)} "
            "(at least 5 dimensions and two thirds of the indicators are needed). Load the missing "
            "datasets on the Data page to complete the picture.",
            icon=":material/warning:",
        )


def dimension_tiles(score: Score, trend: Sequence[tuple[Any, Score]]) -> None:
    """One tile per dimension: title, level badge, score and a small monthly score trend."""
    dims = list(score.dimensions)
    months = [m for m, _ in trend]
    per_row = 4
    for row_start in range(0, len(dims), per_row):
        cols = st.columns(per_row)
        for col, d in zip(cols, dims[row_start:row_start + per_row], strict=False):
            with col.container(border=True):
                st.markdown(f"**{md(d.title)}**")  # a model file may name dimensions: escaped
                st.markdown(level_badge(d.level))
                st.caption("Score: " + ("not assessed" if d.score is None else format_score(d.score))
                           + f" · {coverage_of(d)}")
                points = [next((x.score for x in s.dimensions if x.id == d.id), None) for _, s in trend]
                if any(p is not None for p in points):
                    st.plotly_chart(charts.score_line(months, points, title="Score by month (0-100)"),
                                    width="stretch", config={"displayModeBar": False, "staticPlot": True},
                                    key=f"tile_{d.id}")


def index_trend(trend: Sequence[tuple[Any, Score]]) -> None:
    months = [m for m, _ in trend]
    values = [s.overall.index for _, s in trend]
    if not any(v is not None for v in values):
        st.caption("No monthly index yet: load incidents and AI decisions with dates to see the trend.")
        return
    st.plotly_chart(charts.index_line(months, values), width="stretch", config={"displayModeBar": False})


def headline_kpis(score: Score, cur: Score | None, prev: Score | None, label: str) -> None:
    by_id = {m.id: m for m in score.metrics}
    cur_by_id = {m.id: m for m in cur.metrics} if cur else {}
    prev_by_id = {m.id: m for m in prev.metrics} if prev else {}
    shown = [i for i in HEADLINE_KPIS if i in by_id and i in metrics.REGISTRY]
    for row_start in range(0, len(shown), 4):
        cols = st.columns(4)
        for col, ind_id in zip(cols, shown[row_start:row_start + 4], strict=False):
            r, ind = by_id[ind_id], metrics.REGISTRY[ind_id]
            d = _delta(cur_by_id.get(ind_id), prev_by_id.get(ind_id))
            unit = "pts" if r.unit == "%" else r.unit
            with col.container(border=True):
                st.markdown(f"**{ind.title}**")  # registry title, not user data
                st.metric(
                    ind.title,
                    format_value(r.value, r.unit) if r.status != "not_assessed" else "Not assessed",
                    delta=None if d is None else f"{d:+.1f} {unit}",
                    delta_color="inverse" if ind.direction == "lower" else "normal",
                    help=f"{level_text(r.level)}. {ind.definition}",
                    label_visibility="collapsed",
                )
                st.markdown(level_badge(r.level) if r.status == "ok" and r.level is not None
                            else ":gray-badge[Not scored]")
                if r.scope == "organisation" and any(m.scope == "ai_system" for m in score.metrics):
                    st.caption("Organisation-wide context: not part of this AI system's score.")


def _shortfall(row: Any, ind: Any) -> float:
    """How many records of a group count against the indicator (for rates) or how bad its value is."""
    if ind.aggregate == "rate":
        bad = row.numerator if ind.direction == "lower" else (row.denominator or 0) - (row.numerator or 0)
        return float(bad or 0)
    if row.value is None:
        return 0.0
    return float(row.value) if ind.direction == "lower" else -float(row.value)


def owner_dimension(ind: Any) -> str | None:
    """The breakdown that names who answers: AI systems (owners from the inventory), else teams."""
    for by in ("ai_system", "assignment_group"):
        if by in ind.breakdowns:
            return by
    return None


def owners_of(ind: Any, groups: list[Any]) -> str:
    """Who answers for an indicator: its worst AI systems with their inventory owners, or worst teams."""
    by = owner_dimension(ind)
    if by is None:
        return "Owners named in the records (see the indicator's drill-down)"
    rows = [r for r in groups if r.group and r.group != "(none)" and _shortfall(r, ind) > 0]
    worst = sorted(rows, key=lambda r: -_shortfall(r, ind))[:2]
    if not worst:
        return MISSING
    if by == "assignment_group":
        return "Team leads of " + ", ".join(str(r.group) for r in worst)
    owners = data.system_owners()
    named = []
    for r in worst:
        business, technical = owners.get(str(r.group), (None, None))
        who = " / ".join(x for x in (business, technical) if x) or "no owner in the inventory"
        named.append(f"{r.group}: {who}")
    return "; ".join(named)


def top_risks(score: Score, filters: Filters) -> pd.DataFrame:
    """The worst assessed indicators (lowest score first) with what drives them and who answers."""
    dim_title = {d.id: d.title for d in score.dimensions}
    rated = sorted((m for m in score.metrics if m.status == "ok" and m.score is not None and m.score < 60
                    and m.id in metrics.REGISTRY), key=lambda m: m.score or 0)
    worst = rated[:TOP_RISKS]
    pairs = [(m.id, by) for m in worst if (by := owner_dimension(metrics.REGISTRY[m.id])) is not None]
    groups, _ = data.bundle(filters, breakdowns=pairs)  # one engine session for every breakdown
    rows = []
    for m in worst:
        ind = metrics.REGISTRY[m.id]
        by = owner_dimension(ind)
        owners = owners_of(ind, groups.get((m.id, by), []) if by else [])
        rows.append((f"{ind.title} ({dim_title.get(ind.dimension or '', '')})", format_value(m.value, m.unit),
                     level_text(m.level), owners))
    return pd.DataFrame(rows, columns=["Risk (indicator and dimension)", "Value", "Level",
                                       "Who answers for it (worst AI systems or teams)"])


RISK_COLUMNS = {
    "Risk (indicator and dimension)": st.column_config.TextColumn(width="medium"),
    "Value": st.column_config.TextColumn(width="small"),
    "Level": st.column_config.TextColumn(width="small"),
    "Who answers for it (worst AI systems or teams)": st.column_config.TextColumn(width="large"),
}
