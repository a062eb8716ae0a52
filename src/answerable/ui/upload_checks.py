"""The Data page's checks of one staged file: the parsed sample, the date formats, the problems summarised
per rule, and the second look asked for when most rows fail a mapped column (part of the upload view)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from answerable.ingest.report import MAX_LISTED, summarise
from answerable.ui.safe import md


def problems_frame(problems: Any) -> pd.DataFrame:
    return pd.DataFrame([(p.file, p.line, p.column, p.value, p.rule, p.message) for p in problems],
                        columns=["File", "Line", "Column", "Value", "Rule", "What to do"])



def failing_columns(preview: Any) -> list[str]:
    """Mapped columns whose values fail a check for most rows (a mapping that picked the wrong column).

    Warnings are listed up to MAX_LISTED per column, in line order: below that the count is exact; at
    the cap, the share is taken over the rows up to the last one listed.
    """
    lines: dict[str, list[int]] = {}
    for w in preview.warnings:
        if w.column and w.line:
            lines.setdefault(str(w.column), []).append(int(w.line))
    out = []
    for column, found in lines.items():
        n = len(found)
        if n < MAX_LISTED and n * 2 > preview.rows_read:
            out.append(f"{column}: {n:,} of {preview.rows_read:,} rows")
        elif n >= MAX_LISTED and n * 2 > max(found) - 1:
            out.append(f"{column}: {n:,} of the first {max(found) - 1:,} rows")
    return out


def validation(preview: Any, index: int = 0) -> bool:
    """Show the parsed sample, the date formats and the problems; True when the file can be loaded."""
    file_problems = list(preview.file_problems)
    row_problems = list(preview.problems)
    rows = [dict(r) for r in preview.sample_rows]
    c = st.columns(4)
    c[0].metric("Rows read", f"{preview.rows_read:,}")
    c[1].metric("Blank rows skipped", f"{preview.rows_blank:,}")
    c[2].metric("Rows that would be rejected", f"{preview.rows_rejected:,}")
    c[3].metric("Records after collapsing versions", f"{preview.records:,}")
    if preview.columns_dropped:
        st.caption(f"{preview.columns_dropped:,} empty column(s) without a header will be dropped.")
    st.markdown("**Preview of the parsed rows** (as they would be stored)")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption("No row could be parsed with this mapping.")
    formats = dict(preview.date_formats)
    if formats:
        used = "; ".join(f"{k}: {v}" for k, v in formats.items())
        st.caption(f"Date formats used (one per column): {md(used)}")
    if file_problems:
        st.error("This file cannot be loaded as it is; fix the problems below (or the mapping) and retry.")
        st.dataframe(problems_frame(file_problems), hide_index=True, width="stretch")
        return False
    if row_problems:
        st.warning(f"{preview.rows_rejected:,} row(s) will be rejected (kept in the rejects table); the "
                   "other rows load.")
        summaries(summarise(preview.reject_counts, preview.problems))
        with st.expander("The rejected rows (the first 100)"):
            st.dataframe(problems_frame(row_problems), hide_index=True, width="stretch")
    else:
        st.caption("No row-level problem found.")
    if preview.warnings:
        st.info("Warnings: these rows load, and the data-quality indicators count them.")
        summaries(summarise(preview.warning_counts, preview.warnings))
        with st.expander("The warnings (the first 100 of each rule)"):
            st.dataframe(problems_frame(preview.warnings), hide_index=True, width="stretch")
    failing = failing_columns(preview)
    if failing:
        st.warning("Most rows fail the checks of a mapped column, which usually means the mapping picked "
                   "the wrong column of your file: " + md("; ".join(failing)) + ". Check the mapping above.",
                   icon=":material/rule:")
        return bool(st.checkbox("I have checked the mapping: load this file anyway",
                                key=f"confirm_map_{index}"))
    return True


def summaries(lines: list[str]) -> None:
    for line in lines:  # one line per rule, as text (never markdown)
        st.text(f"• {line}")
