"""The Maturity page's blocks: summary, scorecard, index trend, next-level gaps, model and crosswalk."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from answerable import maturity, metrics
from answerable.errors import AnswerableError
from answerable.maturity.reasons import leader_reason
from answerable.maturity.score import coverage_of
from answerable.maturity.trend import MonthScore
from answerable.present import MISSING, STATUS_LABELS, format_value, level_text
from answerable.results import Score
from answerable.ui import data, overview
from answerable.ui.claims import dimension_level_text

MAX_MODEL_BYTES = 256 * 1024


def summary(score: Score) -> None:
    """The same headline rules as the Overview: no level claimed on provisional evidence."""
    overview.overall(score, overview.Comparison(None, None, ""))


def scorecard(score: Score) -> pd.DataFrame:
    by_id = {m.id: m for m in score.metrics}
    rows = []
    for d in score.dimensions:
        dim_level = f"{dimension_level_text(d)} ({coverage_of(d)})"
        for i in d.indicators:
            m = by_id.get(i.id)
            title = metrics.REGISTRY[i.id].title if i.id in metrics.REGISTRY else i.id
            unit = m.unit if m else ""
            status = STATUS_LABELS.get(i.status, i.status) if i.scored else "Organisation-wide context"
            rows.append((
                d.title, dim_level, title, status,
                format_value(i.value, unit),
                level_text(i.level) if i.status == "ok" and i.scored else MISSING,
                None if i.score is None else round(i.score, 1),
                leader_reason(m.reason) if m and i.status != "ok" else "",
            ))
    frame = pd.DataFrame(rows, columns=["Dimension", "Dimension level", "Indicator", "Status", "Value",
                                        "Indicator level", "Score (0-100)", "Why not assessed"])
    if not frame["Why not assessed"].astype(bool).any():
        frame = frame.drop(columns=["Why not assessed"])
    return frame


def index_trend(months: Sequence[MonthScore]) -> None:
    overview.index_trend(months, key="maturity_index_trend", full_width=True)


def gaps(score: Score) -> None:
    rows = [
        (d.title, level_text(d.level), level_text(d.level + 1), gap)
        for d in score.dimensions if d.level is not None and d.level < 5
        for gap in d.next_level_gaps
    ]
    if not rows:
        st.caption("No gap to show: every assessed dimension is at Level 5, or none is assessed.")
        return
    st.dataframe(pd.DataFrame(rows, columns=["Dimension", "Now", "Next", "What it takes"]),
                 hide_index=True, width="stretch", height=(len(rows) + 1) * 35 + 3,
                 column_config={"What it takes": st.column_config.TextColumn(width="large")})


def model_panel() -> None:
    model, key = data.model()
    name = st.session_state.get(data.MODEL_NAME_STATE)
    st.markdown("**Model version**")
    st.text(model.version)
    st.markdown("**Model file**")
    st.text(f"Uploaded for this session: {name}" if key and name else "Built-in (default_model.toml)")
    st.download_button("Download the built-in model (TOML)", data=maturity.model.builtin_model_text(),
                       file_name="default_model.toml", mime="application/toml", key="model_dl",
                       on_click="ignore")
    upload = st.file_uploader("Use another model file for this session (TOML, overrides the built-in one "
                              "key by key)", type=["toml"], key="model_upload")
    if upload is not None and upload.size <= MAX_MODEL_BYTES:
        text = upload.getvalue().decode("utf-8", errors="replace")
        if text != st.session_state.get(data.MODEL_STATE):
            try:
                data.validate_model_text(text, upload.name)
            except AnswerableError as exc:
                st.error("This model file was not used; nothing changed.")
                st.text(f"{upload.name}: {exc}")
            else:
                st.session_state[data.MODEL_STATE] = text
                st.session_state[data.MODEL_NAME_STATE] = upload.name
                st.rerun()
    elif upload is not None:
        st.error("That model file is larger than 256 KB; a model file is a small TOML. Nothing changed.")
    if key and st.button("Go back to the built-in model", key="model_reset"):
        st.session_state.pop(data.MODEL_STATE, None)
        st.session_state.pop(data.MODEL_NAME_STATE, None)
        st.rerun()
    with st.expander("Bands and weights of the model in use"):
        rows = [
            (metrics.REGISTRY[i].title if i in metrics.REGISTRY else i, spec.direction,
             *[format_value(b, _unit(i)) for b in spec.bands])
            for i, spec in model.indicators.items()
        ]
        st.dataframe(pd.DataFrame(rows, columns=["Indicator", "Better", "Level 5", "Level 4", "Level 3",
                                                 "Level 2"]), hide_index=True, width="stretch")
        st.dataframe(pd.DataFrame([(d.title, model.weights.get(d.id, 1.0)) for d in model.dimensions],
                                  columns=["Dimension", "Weight"]), hide_index=True)


def _unit(indicator_id: str) -> str:
    return metrics.REGISTRY[indicator_id].unit if indicator_id in metrics.REGISTRY else ""


def crosswalk_table() -> None:
    refs = data.crosswalk()
    rows = [
        (metrics.REGISTRY[i].title if i in metrics.REGISTRY else i, r.framework, r.clause, r.title)
        for i, rs in refs.items() for r in rs
    ]
    if not rows:
        st.caption("No crosswalk is available.")
        return
    st.caption("Which framework clauses each indicator evidences (NIST AI RMF 1.0, ISO/IEC 42001:2023, "
               "EU AI Act). See docs/crosswalk.md for how each reference was verified.")
    st.dataframe(pd.DataFrame(rows, columns=["Indicator", "Framework", "Clause", "Title"]),
                 hide_index=True, width="stretch")
