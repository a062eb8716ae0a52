"""The paged drill-down table of the records behind a number, with a safe CSV download.

Only one page of rows goes to the browser; the CSV is built when the user clicks download.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from typing import Any

import pandas as pd
import streamlit as st

from answerable import metrics
from answerable.results import Filters
from answerable.ui import data, who_view
from answerable.ui.csv_export import to_csv_bytes

PAGE_SIZE = 50
CSV_MAX_ROWS = 100_000


def csv_builder(indicator_id: str, filters: Filters, only_numerator: bool) -> Callable[[], bytes]:
    """A deferred CSV of the records behind an indicator (up to CSV_MAX_ROWS), neutralised."""

    def build() -> bytes:
        with closing(data.cursor()) as cur:
            page = metrics.records(
                cur, indicator_id, filters, data.model()[0], limit=CSV_MAX_ROWS, offset=0,
                only_numerator=only_numerator,
            )
        return to_csv_bytes(page.columns, page.rows)

    return build


CHAIN_IDS = ("decision_id", "incident_id", "change_id")  # the records a chain can be opened for


def chain_table(frame: pd.DataFrame, *, key: str) -> None:
    """A drill-down table whose rows open their accountability chain (select a row, follow the link)."""
    id_column = next((c for c in CHAIN_IDS if c in frame.columns), None)
    if id_column is None:
        st.dataframe(frame, hide_index=True, width="stretch")
        return
    event = st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select="rerun",
                         selection_mode="single-row")
    rows = list(event.selection.rows) if event is not None else []
    if rows and rows[0] < len(frame):
        who_view.open_chain_link(str(frame.iloc[rows[0]][id_column]))
    else:
        st.caption("Select a row to open its accountability chain on the Who answers page.")


def records_table(indicator_id: str, filters: Filters, *, key: str, numerator_label: str,
                  first_page: Any = None) -> None:
    """Render the drill-down for one indicator (`first_page`: page 1 of the numerator, if prefetched)."""
    everything = st.toggle(
        "Show every record in the population (denominator), not only the ones counted against it",
        key=f"{key}_all",
    )
    only_numerator = not everything
    first = first_page if only_numerator and first_page is not None else data.records(
        indicator_id, filters, limit=PAGE_SIZE, offset=0, only_numerator=only_numerator)
    total = int(first.total)
    if total == 0:
        st.caption(
            f"No {numerator_label} for these filters."
            if only_numerator else "No records in the population for these filters."
        )
        return
    pages = max(1, -(-total // PAGE_SIZE))
    c1, c2 = st.columns([1, 3])
    page_no = int(
        c1.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1,
                        key=f"{key}_pg")
    )
    offset = (page_no - 1) * PAGE_SIZE
    page = first if page_no == 1 else data.records(
        indicator_id, filters, limit=PAGE_SIZE, offset=offset, only_numerator=only_numerator
    )
    shown_from = (page_no - 1) * PAGE_SIZE + 1
    c2.caption(
        f"Rows {shown_from:,}-{shown_from + len(page.rows) - 1:,} of {total:,} "
        f"{'records in the population' if everything else numerator_label}."
    )
    frame = pd.DataFrame(page.rows, columns=list(page.columns))
    chain_table(frame, key=f"{key}_rows")
    capped = " (first 100,000 rows)" if total > CSV_MAX_ROWS else ""
    st.download_button(
        f"Download these {total:,} records as CSV{capped}",
        data=csv_builder(indicator_id, filters, only_numerator),
        file_name=f"{indicator_id}{'_population' if everything else ''}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
