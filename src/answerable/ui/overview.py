"""The Overview page's building blocks: overall level, dimension tiles, headline KPIs, top risks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from answerable import metrics
from answerable.maturity import compare
from answerable.maturity.compare import Comparison
from answerable.maturity.reasons import leader_reason
from answerable.maturity.score import coverage_of
from answerable.maturity.trend import Change, MonthScore, last_change
from answerable.present import MISSING, format_count, format_score, format_value, level_text
from answerable.results import Filters, MetricResult, Score
from answerable.ui import charts, data
from answerable.ui.claims import delta_text, dimension_provisional
from answerable.ui.format import level_badge
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
TILE_HEIGHT = 185  # px: every dimension tile the same height
KPI_HEIGHT = 270  # px: every KPI card the same height, room for the longest not-assessed reason
LOAD_HINT: dict[str, str] = {
    "incidents": "an incident export (incidents)",
    "ai_decisions": "an AI decision log (ai_decisions)",
    "ai_systems": "the AI system inventory (ai_systems)",
    "changes": "a change export (changes)",
    "knowledge_articles": "the knowledge base export (knowledge_articles)",
    "cmdb_items": "a CMDB export (cmdb_items)",
}


def comparison(filters: Filters, months: Sequence[MonthScore]) -> Comparison:
    """The change the Overview states: the core's one rule (`maturity.compare`, as the board report),
    with a full period's scores from the app's cache."""
    return compare.comparison(filters, months, data.score)


def _delta(cur: MetricResult | None, prev: MetricResult | None) -> float | None:
    if cur is None or prev is None or cur.value is None or prev.value is None:
        return None
    if cur.status != "ok" or prev.status != "ok":
        return None
    return cur.value - prev.value


def datasets_to_load(score: Score) -> list[str]:
    """The datasets that would let not-assessed indicators be assessed (not loaded yet)."""
    counts = data.data_status().counts
    wanted: dict[str, None] = {}
    for m in score.metrics:
        if m.status == "not_assessed" and m.id in metrics.REGISTRY:
            for kind in metrics.REGISTRY[m.id].requires:
                if not counts.get(kind):
                    wanted[kind] = None
    return [LOAD_HINT.get(k, k) for k in wanted]


def capping_text(score: Score) -> str | None:
    """How the overall level was formed from the dimension levels (the rule, with this data's numbers)."""
    levels = [d.level for d in score.dimensions if d.level is not None]
    if not levels or score.overall.level is None:
        return None
    mean = sum(levels) / len(levels)
    lowest = min(levels)
    text = (f"Overall level = the mean of the {len(levels)} assessed dimension levels ({mean:.1f}) rounded "
            f"down ({math.floor(mean)}), capped at the lowest dimension level + 1 "
            f"({lowest} + 1 = {lowest + 1}).")
    if math.floor(mean) > lowest + 1:
        low = ", ".join(d.title for d in score.dimensions if d.level == lowest)
        text += f" The cap applies: {low} at Level {lowest} holds the overall level at {lowest + 1}."
    return text


def overall(score: Score, comp: Comparison) -> None:
    """The headline: a level only when the evidence supports one (DESIGN §5 "Only claim what...")."""
    o = score.overall
    assessed_dims = sum(1 for d in score.dimensions if d.level is not None)
    cover = f"{assessed_dims} of {len(score.dimensions)} dimensions and {coverage_of(o)}"
    delta = None
    if comp.current and comp.previous and comp.current.overall.index is not None \
            and comp.previous.overall.index is not None:
        delta = delta_text(comp.current.overall.index - comp.previous.overall.index, "pts")
    if o.provisional:
        st.subheader("Not enough evidence for a level")
        load = datasets_to_load(score)
        todo = ("Load " + ", ".join(load) + " on the Data page." if load else
                "Add the columns named under 'Why not assessed' on the Maturity page to your exports.")
        st.warning(f"Only {cover}: too few to state an overall maturity level. {todo}",
                   icon=":material/warning:")
        index = format_score(o.index)
        st.caption(f"Provisional, from what is assessed: index {index}, {level_text(o.level)}. "
                   "Neither is a maturity level until the missing evidence is loaded.")
        return
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])  # room for "Level 5 - Optimizing" without an ellipsis
    c1.metric("Overall maturity", level_text(o.level))
    c2.metric("Governance index", format_score(o.index), delta=delta,
              delta_color="off" if delta and delta.startswith("no change") else "normal",
              help="Weighted mean of the assessed dimension scores (0-100).")
    c3.metric("Dimensions assessed", f"{assessed_dims} of {len(score.dimensions)}")
    c4.metric("Fully embedded", "Yes" if o.fully_embedded else "Not yet",
              help="Every dimension assessed and at Level 4 or above.")
    st.caption(f"Overall level from {coverage_of(o)} in {assessed_dims} of {len(score.dimensions)} "
               "dimensions.")
    rule = capping_text(score)
    if rule:
        st.caption(rule)
    if delta:
        st.caption(f"Change in the index {comp.label}.")
    elif comp.label:  # say plainly why no change is stated (the Maturity page passes no comparison)
        why = comp.missing_index() if comp.available else comp.label
        st.caption(f"No change in the index is stated: {why}.")


def dimension_tiles(score: Score, months: Sequence[MonthScore]) -> None:
    """One tile per dimension: level (provisional when under half assessed), coverage, score, change."""
    dims = list(score.dimensions)
    change = last_change(months)
    per_row = 4
    for row_start in range(0, len(dims), per_row):
        cols = st.columns(per_row)
        for col, d in zip(cols, dims[row_start:row_start + per_row], strict=False):
            with col.container(border=True, height=TILE_HEIGHT):
                st.markdown(f"**{md(d.title)}**")  # a model file may name dimensions: escaped
                badge = level_badge(d.level)
                st.markdown(badge.replace("]", " (provisional)]") if dimension_provisional(d) else badge)
                st.caption(coverage_of(d))
                st.caption(f"Score {format_score(d.score)}{_dimension_change(d.id, change)}")


def _dimension_change(dim_id: str, change: Change | None) -> str:
    """' (+2 pts since Sep 2026)', or '' when the two compared months do not both score it."""
    if change is None:
        return ""
    now = next((x.score for x in change.current.score.dimensions if x.id == dim_id), None)
    before = next((x.score for x in change.previous.score.dimensions if x.id == dim_id), None)
    if now is None or before is None:
        return ""
    d = now - before
    word = "no change" if round(d) == 0 else f"{d:+.0f} pts"
    return f" ({word} {change.previous.month:%b %Y} → {change.current.month:%b %Y})"


def index_trend(months: Sequence[MonthScore], *, key: str = "index_trend", full_width: bool = False) -> None:
    values = [p.score.overall.index for p in months]
    if not any(v is not None for v in values):
        st.caption("No monthly index yet: load incidents and AI decisions with dates to see the trend.")
        return
    ticks = charts.FULL_WIDTH_TICKS if full_width else charts.HALF_WIDTH_TICKS
    fig = charts.index_line([p.month for p in months], values, [p.thin for p in months], max_ticks=ticks)
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, key=key)
    st.caption("The index above the chart scores all records of the period together. Each monthly point "
               "scores only that month's records, and indicators without enough evidence in a month drop "
               "out of that month, so monthly points can sit above or below the overall index. Hollow "
               "points are months with too few records (or the last, incomplete month): shown, never "
               "joined or compared.")


def dimension_trend(score: Score, months: Sequence[MonthScore]) -> None:
    series = [(d.title, [next((x.score for x in p.score.dimensions if x.id == d.id), None) for p in months])
              for d in score.dimensions]
    series = [(t, v) for t, v in series if any(x is not None for x in v)]
    if not series:
        return
    st.plotly_chart(charts.dimension_lines([p.month for p in months], series, [p.thin for p in months]),
                    width="stretch", config={"displayModeBar": False}, key="dimension_trend")


def headline_kpis(score: Score, comp: Comparison) -> None:
    by_id = {m.id: m for m in score.metrics}
    cur_by_id = {m.id: m for m in comp.current.metrics} if comp.current else {}
    prev_by_id = {m.id: m for m in comp.previous.metrics} if comp.previous else {}
    shown = [i for i in HEADLINE_KPIS if i in by_id and i in metrics.REGISTRY]
    for row_start in range(0, len(shown), 4):
        cols = st.columns(4)
        for col, ind_id in zip(cols, shown[row_start:row_start + 4], strict=False):
            r, ind = by_id[ind_id], metrics.REGISTRY[ind_id]
            d = _delta(cur_by_id.get(ind_id), prev_by_id.get(ind_id))
            unit = "pts" if r.unit == "%" else r.unit
            delta = delta_text(d, unit)
            with col.container(border=True, height=KPI_HEIGHT):
                st.markdown(f"**{ind.title}**")  # registry title, not user data
                if r.status == "not_assessed":
                    st.markdown(":gray-badge[Not assessed]")
                    st.caption(md(leader_reason(r.reason)))  # the reason, once
                    continue
                st.metric(
                    ind.title, format_value(r.value, r.unit), delta=delta,
                    delta_color="off" if delta is None or delta.startswith("no change")
                    else "inverse" if ind.direction == "lower" else "normal",
                    help=ind.definition, label_visibility="collapsed",
                )
                if r.status == "ok" and r.level is not None:
                    st.markdown(level_badge(r.level))
                elif r.status == "ok":
                    st.markdown(":gray-badge[Not scored]")
                else:
                    st.caption(f"Not scored: {evidence_text(r)}")
                if r.scope == "organisation" and any(m.scope == "ai_system" for m in score.metrics):
                    st.caption("Organisation-wide context: not part of this AI system's score.")


def evidence_text(r: MetricResult) -> str:
    """'12 records, too few for a level' for insufficient evidence."""
    n = 0 if r.denominator is None else r.denominator
    return f"{format_count(n)} records, too few for a level"


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


def render_risks(frame: pd.DataFrame) -> None:
    """The top risks as wrapped text rows, so no indicator, owner or team name is cut off."""
    for risk, value, level, owners in frame.itertuples(index=False):
        with st.container(border=True):
            left, right = st.columns([3, 2])
            left.markdown(f"**{md(risk)}**")
            left.caption(md(f"Value {value} · {level}"))
            right.caption("Who answers for it (worst AI systems or teams)")
            right.markdown(md(owners))  # names from the data: escaped, never HTML
