"""One indicator, fully explained: level, value, numerator/denominator, status, trend, breakdown,
"How is this computed?" and the records behind the number."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from answerable.contract import DATASETS
from answerable.maturity.reasons import leader_reason
from answerable.maturity.trend import series_thin
from answerable.metrics.linkage import RELIES_ON_LINK
from answerable.present import (
    MISSING,
    STATUS_LABELS,
    format_count,
    format_score,
    format_value,
    level_text,
    ratio_text,
)
from answerable.results import Filters, MetricResult
from answerable.ui import charts, data
from answerable.ui.format import BREAKDOWN_LABELS, ignored_filters_text, level_badge
from answerable.ui.safe import md
from answerable.ui.tables import records_table

MISSING_DATA_HINT: dict[str, str] = {
    "incidents": "an incident export (incidents)",
    "ai_decisions": "an AI decision log (ai_decisions)",
    "ai_systems": "the AI system inventory (ai_systems)",
    "changes": "a change export (changes)",
    "knowledge_articles": "the knowledge base export (knowledge_articles)",
    "cmdb_items": "a CMDB export (cmdb_items)",
}


def _load_hint(requires: tuple[str, ...]) -> str:
    counts = data.data_status().counts
    missing = [k for k in requires if not counts.get(k)]
    if not missing:  # every dataset is loaded: the reason (a column the export lacks) says what to do
        return ""
    return "Load " + " and ".join(MISSING_DATA_HINT.get(k, k) for k in missing) + " to assess this."


def _bands(ind_id: str) -> tuple[float, ...] | None:
    spec = data.model()[0].indicators.get(ind_id)
    return tuple(spec.bands) if spec is not None else None


def _bands_frame(ind: Any, unit: str) -> pd.DataFrame:
    bands = _bands(ind.id)
    if not bands:
        return pd.DataFrame()
    sign = "≤" if ind.direction == "lower" else "≥"
    rows = [(level_text(lvl), f"{sign} {format_value(edge, unit)}") for lvl, edge in zip((5, 4, 3, 2), bands,
                                                                                           strict=False)]
    worse = "above" if ind.direction == "lower" else "below"
    rows.append((level_text(1), f"{worse} {format_value(bands[-1], unit)}"))
    return pd.DataFrame(rows, columns=["Level", "Value needed"])


def _headline(ind: Any, result: MetricResult) -> None:
    better = "Lower" if ind.direction == "lower" else "Higher"
    status = STATUS_LABELS[result.status]
    badge = level_badge(result.level) if result.status == "ok" else f":gray-badge[{status}]"
    ignored = ignored_filters_text(tuple(ind.ignored_filters))
    st.markdown(f"{badge}  :gray[{better} is better. {ignored}]")
    c1, c2, c3 = st.columns(3)
    c1.metric("Value", format_value(result.value, result.unit), help=ind.definition)
    c2.metric("Numerator / denominator", ratio_text(result.numerator, result.denominator),
              help=f"Counted over {ind.evidence_label}." if getattr(ind, "evidence_label", "") else None)
    c3.metric("Score (0-100)", format_score(result.score))
    if result.status != "ok":
        reason = leader_reason(result.reason) or "No reason given."  # it says what to load or add
        st.info(md(f"{STATUS_LABELS[result.status]}: {reason}"), icon=":material/info:")
    link = data.linkage() if ind.id in RELIES_ON_LINK else None
    if link is not None and link.weak:
        st.warning("This indicator joins each AI decision to its incident. " + (link.warning() or ""),
                   icon=":material/link_off:")
    if result.extra:
        extras = [_extra_row(str(k), v) for k, v in result.extra.items()]
        st.dataframe(pd.DataFrame(extras, columns=["Shown beside the value", "Figure"]), hide_index=True)


def _extra_row(key: str, value: Any) -> tuple[str, str]:
    """A side figure with a readable name: 'missing_category_pct' -> ('missing category', '1.6%')."""
    if key.endswith("_pct") and (value is None or isinstance(value, int | float)):
        return key.removesuffix("_pct").replace("_", " "), format_value(value, "%")  # None: "—"
    if isinstance(value, int | float) and float(value).is_integer():
        return key.replace("_", " "), format_count(value)
    if isinstance(value, list | tuple):  # e.g. fields not checked: none, or "cmdb_ci" (never "[]")
        return key.replace("_", " "), ", ".join(str(v) for v in value) or "none"
    return key.replace("_", " "), MISSING if value is None else str(value)


def _trend(ind: Any, result: MetricResult, points: list[Any], filters: Filters) -> None:
    shown = [p for p in points if p.value is not None]
    if not shown:
        why = _load_hint(tuple(ind.requires)) or leader_reason(result.reason)
        st.caption(f"No monthly values yet for these filters. {why}".strip())  # our words, no data
        return
    # Thin months (DESIGN §5): below a quarter of the median month's records, or the last, incomplete one.
    thin = series_thin([p.month for p in shown], [p.denominator for p in shown], 0, data.as_of(filters))
    fig = charts.trend(
        [p.month for p in shown], [p.value for p in shown], [p.status for p in shown],
        title=f"{ind.title} by month", unit=result.unit, bands=_bands(ind.id), thin=thin,
    )
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})


def _breakdown(
    ind: Any, result: MetricResult, filters: Filters, key: str, default_rows: list[Any] | None
) -> None:
    options = list(ind.breakdowns)
    if not options:
        st.caption("This indicator has no breakdown (it is counted over the whole organisation).")
        return
    by = options[0] if len(options) == 1 else st.radio(
        "Break down by", options, format_func=lambda o: BREAKDOWN_LABELS.get(o, o), horizontal=True,
        key=f"{key}_by",
    )
    if by == options[0] and default_rows is not None:
        rows = default_rows
    else:
        rows = data.breakdown(ind.id, filters, str(by))
    if not rows:
        st.caption("Nothing to break down for these filters.")
        return
    label = BREAKDOWN_LABELS.get(str(by), str(by))
    worst_first = sorted(rows, key=lambda r: (r.value is None, -(r.value or 0) if ind.direction == "lower"
                                              else (r.value or 0)))
    top = worst_first[:15]
    in_sentence = label.replace("Team", "team").replace("Decision", "decision")  # "AI system" stays
    st.plotly_chart(
        charts.breakdown_bars([r.group or "(empty)" for r in top], [r.value for r in top],
                              title=f"{ind.title} by {in_sentence} (worst first)", unit=result.unit,
                              group_label=label),
        width="stretch", config={"displayModeBar": False},
    )
    frame = pd.DataFrame(
        [(r.group or "(empty)", format_value(r.value, result.unit), format_count(r.numerator),
          format_count(r.denominator), STATUS_LABELS.get(r.status, r.status)) for r in worst_first],
        columns=[label, "Value", "Numerator", "Denominator", "Status"],
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def _how(ind: Any, result: MetricResult) -> None:
    with st.expander("How is this computed?"):
        st.markdown(f"**Definition.** {ind.definition}")
        st.caption(f"{'Lower' if ind.direction == 'lower' else 'Higher'} is better. Unit: {result.unit}. "
                   f"Needs: {', '.join(DATASETS[k].title for k in ind.requires if k in DATASETS)}. "
                   + ignored_filters_text(tuple(ind.ignored_filters)))
        bands = _bands_frame(ind, result.unit)
        if not bands.empty:
            st.markdown("**Maturity bands** (inclusive on the better side)")
            st.dataframe(bands, hide_index=True)
        st.markdown("**SQL** (the population; the engine counts, trends, breaks down and pages it)")
        st.code(ind.sql, language="sql")
        used = [b for b in data.batches() if b.batch_id in set(result.batches)]
        st.markdown("**Batches used** (data lineage)")
        if used:
            st.dataframe(
                pd.DataFrame(
                    [(b.batch_id, b.kind, b.file_name, b.records, b.loaded_at, b.sha256[:12]) for b in used],
                    columns=["Batch", "Dataset", "File", "Records", "Loaded at (UTC)", "sha256 (start)"],
                ),
                hide_index=True,
            )
        else:
            st.caption("No batch: the data this indicator needs is not loaded.")
        refs = data.crosswalk().get(ind.id, ())
        if refs:
            st.markdown("**Framework references** (clauses this indicator evidences)")
            st.dataframe(pd.DataFrame([(r.framework, r.clause, r.title) for r in refs],
                                      columns=["Framework", "Clause", "Title"]),
                         hide_index=True, width="stretch")
        elif ind.references:
            st.markdown("**Framework references**")
            st.dataframe(pd.DataFrame(list(ind.references), columns=["Clause"]), hide_index=True)


def indicator_panel(
    ind: Any, result: MetricResult, filters: Filters, points: list[Any],
    prefetched: tuple[list[Any] | None, Any] = (None, None),
) -> None:
    """Everything about one indicator, in a bordered card. `prefetched` = (rows of the default
    breakdown, first page of the drill-down), when the page fetched them in one engine session."""
    key = f"ind_{ind.id}"
    with st.container(border=True):
        st.subheader(ind.title, anchor=ind.id)
        _headline(ind, result)
        trend_tab, breakdown_tab, records_tab = st.tabs(["Monthly trend", "Breakdown", "Records behind it"])
        with trend_tab:
            _trend(ind, result, points, filters)
        with breakdown_tab:
            if result.status == "not_assessed":
                st.caption(_load_hint(tuple(ind.requires)) or leader_reason(result.reason))  # our words
            else:
                _breakdown(ind, result, filters, key, prefetched[0])
        with records_tab:
            if result.status == "not_assessed":
                st.caption(_load_hint(tuple(ind.requires)) or leader_reason(result.reason))  # our words
            else:
                records_table(ind.id, filters, key=key, first_page=prefetched[1],
                              numerator_label="records counted against it (the numerator)")
        _how(ind, result)
