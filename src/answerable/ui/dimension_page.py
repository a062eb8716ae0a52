"""The shared body of the dimension pages (2-6): their indicators, one card each, plus context metrics."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from answerable import metrics
from answerable.maturity import Model
from answerable.maturity.score import coverage_of
from answerable.present import STATUS_LABELS, format_score, format_value, level_text, ratio_text
from answerable.results import Filters, MetricResult, Score
from answerable.ui import data, shell
from answerable.ui.claims import dimension_provisional
from answerable.ui.indicator import indicator_panel
from answerable.ui.safe import md
from answerable.ui.tables import PAGE_SIZE


def _summary(results: Sequence[MetricResult]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                metrics.REGISTRY[r.id].title, format_value(r.value, r.unit),
                level_text(r.level) if r.status == "ok" else STATUS_LABELS[r.status],
                ratio_text(r.numerator, r.denominator),
            )
            for r in results
        ],
        columns=["Indicator", "Value", "Level", "Numerator / denominator"],
    )


def _dimension_header(score: Score, dimension_id: str) -> None:
    for d in score.dimensions:
        if d.id == dimension_id:
            c1, c2 = st.columns(2)
            provisional = ", provisional" if dimension_provisional(d) else ""
            c1.metric(f"{md(d.title)}: level{provisional}", level_text(d.level))
            c2.metric(f"{md(d.title)}: score", format_score(d.score))
            st.caption(coverage_of(d) + (
                ": fewer than half, so the level is provisional." if dimension_provisional(d) else "."))
            return


def context_table(filters: Filters, ids: Sequence[str]) -> None:
    known = [i for i in ids if i in metrics.REGISTRY]
    if not known:
        return
    results = data.compute(filters, known)
    st.markdown("#### Context metrics (shown, not scored)")
    st.caption("Performance figures that put the accountability indicators in context.")
    frame = pd.DataFrame(
        [
            (metrics.REGISTRY[r.id].title, format_value(r.value, r.unit),
             ratio_text(r.numerator, r.denominator), STATUS_LABELS[r.status], r.reason or "",
             metrics.REGISTRY[r.id].definition)
            for r in results
        ],
        columns=["Metric", "Value", "Numerator / denominator", "Status", "Reason", "Definition"],
    )
    if not frame["Reason"].astype(bool).any():
        frame = frame.drop(columns=["Reason"])
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"Definition": st.column_config.TextColumn(width="large")})


def sections_of(model: Model, dimension_ids: Sequence[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(dimension id, title, indicator ids) of the model in use: a user model may regroup indicators."""
    by_id = {d.id: d for d in model.dimensions}
    return [(d, by_id[d].title, by_id[d].indicators) for d in dimension_ids if d in by_id]


def context_ids_of(dimension_ids: Sequence[str]) -> list[str]:
    """The context metrics whose files say they are shown with one of these dimensions."""
    return [i for i in metrics.CONTEXT_IDS if metrics.REGISTRY[i].shown_with in dimension_ids]


def render(title: str, intro: str, dimension_ids: Sequence[str]) -> None:
    """A dimension page: the model's indicators of each dimension, then the context metrics shown beside."""
    filters = shell.sidebar(title)
    st.title(title)
    st.caption(intro)
    shell.demo_banner()
    if shell.empty_store_notice():
        return
    sections = sections_of(data.model()[0], dimension_ids)
    score = data.score(filters)
    by_id = {m.id: m for m in score.metrics}
    computed = {m.id: m for m in data.compute(filters)} if any(
        i not in by_id for _, _, ids in sections for i in ids
    ) else {}
    series = data.trends(filters)
    present = [i for _, _, ids in sections for i in ids]
    assessable = [i for i in present if (by_id.get(i) or computed[i]).status != "not_assessed"]
    groups, pages = data.bundle(  # the default views of every card, from one engine session
        filters,
        breakdowns=[(i, metrics.REGISTRY[i].breakdowns[0]) for i in assessable
                    if metrics.REGISTRY[i].breakdowns],
        first_pages=assessable, page_size=PAGE_SIZE,
    )
    for dimension_id, heading, ids in sections:
        st.header(heading)
        _dimension_header(score, dimension_id)
        results = [by_id.get(i) or computed[i] for i in ids]
        st.dataframe(_summary(results), hide_index=True, width="stretch")
        for ind_id, result in zip(ids, results, strict=True):
            ind = metrics.REGISTRY[ind_id]
            default_by = ind.breakdowns[0] if ind.breakdowns else None
            indicator_panel(ind, result, filters, series.get(ind_id, []),
                            prefetched=(groups.get((ind_id, default_by)) if default_by else None,
                                        pages.get(ind_id)))
    context_table(filters, context_ids_of(dimension_ids))
