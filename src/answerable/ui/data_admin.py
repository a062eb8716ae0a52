"""The Data page's store administration: ingestion history with lineage, retract, templates, demo, clear."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pandas as pd
import streamlit as st

from answerable import ingest, store
from answerable.contract import DATASETS, KINDS, template_header
from answerable.errors import AnswerableError
from answerable.ui import auth, data


def load_demo(con_path_dir: Path | None = None) -> list[str]:
    """Load the committed demo CSVs through the ingestion API (duplicates are no-ops). Returns summaries."""
    folder = con_path_dir or data.demo_dir()
    out: list[str] = []
    with closing(data.cursor()) as cur:
        for kind in KINDS:
            path = folder / f"{kind}.csv"
            if not path.exists():
                continue
            report = ingest.ingest_file(cur, path, kind=kind, is_demo=True, loaded_by=auth.loaded_by())
            out.append(f"{DATASETS[kind].title}: {report.records:,} records ({report.status})")
    return out


def history() -> None:
    batches = data.batches()
    if not batches:
        st.caption("No batch loaded yet. Upload a file above or load the demo data below.")
        return
    frame = pd.DataFrame(
        [
            (b.batch_id, DATASETS[b.kind].title if b.kind in DATASETS else b.kind, b.file_name,
             "retracted" if b.retracted_at else "active", "demo" if b.is_demo else "real", b.profile or "",
             b.rows_read, b.rows_loaded, b.rows_rejected, b.rows_collapsed, b.records, b.loaded_by or "",
             b.loaded_at, b.retracted_at, b.sha256, b.size_bytes)
            for b in reversed(batches)
        ],
        columns=["Batch", "Dataset", "File", "State", "Source", "Profile", "Rows read", "Rows loaded",
                 "Rows rejected", "Rows collapsed", "Records", "Loaded by", "Loaded at (UTC)",
                 "Retracted at (UTC)", "sha256", "Size (bytes)"],
    )
    counts = ("Rows read", "Rows loaded", "Rows rejected", "Rows collapsed", "Records", "Size (bytes)")
    st.dataframe(frame, hide_index=True, width="stretch",  # thousands separated, as everywhere else
                 column_config={c: st.column_config.NumberColumn(format="localized") for c in counts})
    active = [b for b in batches if b.active]
    if not active:
        return
    if not auth.can("retract"):
        st.caption("Your role cannot retract batches (analysts and admins can).")
        return
    c1, c2 = st.columns([3, 1])
    choice = c1.selectbox(
        "Retract a batch (its rows stay stored but leave the current data; the previous version returns)",
        [b.batch_id for b in reversed(active)],
        format_func=lambda i: next(f"Batch {b.batch_id}: {b.file_name} ({b.kind})" for b in active
                                   if b.batch_id == i),
        key="retract_choice",
    )
    if c2.button("Retract", key="retract_button", type="secondary", width="stretch"):
        try:
            with closing(data.cursor()) as cur:
                store.retract(cur, int(choice))
        except AnswerableError as exc:
            st.error("The batch was not retracted.")
            st.text(str(exc))
        else:
            st.session_state["data_flash"] = f"Batch {choice} retracted."
            st.rerun()


def templates() -> None:
    st.caption("A CSV header for each dataset, required columns first. Fill it from your tool's export.")
    cols = st.columns(3)
    for index, kind in enumerate(KINDS):
        cols[index % 3].download_button(
            f"{DATASETS[kind].title} template", data=template_header(kind) + "\r\n",
            file_name=f"{kind}_template.csv", mime="text/csv", key=f"tpl_{kind}", on_click="ignore",
            icon=":material/download:", width="stretch",
        )


def demo_and_clear() -> None:
    status = data.data_status()
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**Demo data**")
        st.caption("Twelve months of a fictional organisation's six datasets, to explore the dashboards.")
        if not auth.can("load"):
            st.caption("Your role cannot load data (analysts and admins can).")
        elif st.button("Load the demo data", key="demo_load", icon=":material/science:"):
            with st.spinner("Loading the demo data..."):
                try:
                    lines = load_demo()
                except AnswerableError as exc:
                    st.error("The demo data was not loaded.")
                    st.text(str(exc))
                else:
                    st.session_state["data_flash"] = "Demo data loaded. " + "; ".join(lines)
                    st.rerun()
    with c2:
        st.markdown("**Clear the store**")
        st.caption("Removes every batch, row and reject. It cannot be undone; retract a batch instead to "
                   "undo one upload.")
        if not auth.can("clear"):
            st.caption("Only an admin can clear the store.")
            return
        sure = st.checkbox("Yes, remove all data from the store", key="clear_confirm", disabled=status.empty)
        if st.button("Clear the store", key="clear_button", disabled=not sure, type="primary"):
            with closing(data.cursor()) as cur:
                store.clear(cur)
            st.session_state["data_flash"] = "The store is empty."
            st.session_state.pop("clear_confirm", None)
            st.rerun()
