"""The Who answers page (DESIGN §6 page 10): the chain of any record, the Unanswered work list,
declared vs observed responsibility and a change's blast radius. Data is shown as dataframes and
st.text only; every figure comes from answerable.who, cached by data version, filters and model."""

from __future__ import annotations

from contextlib import closing
from functools import partial
from typing import Any, cast

import pandas as pd
import streamlit as st

from answerable import metrics, who
from answerable.errors import AnswerableError
from answerable.results import Filters
from answerable.ui import data
from answerable.ui.csv_export import to_csv_bytes
from answerable.who import blast, model, responsibility, worklist

PAGE = "pages/10_Who_answers.py"
ID_KEY = "who_id"  # the search box; also set by a selected row
PAGE_SIZE = 50
SECTIONS = ("Unanswered", "Declared vs observed", "Blast radius")
CSV_MAX_ROWS = 100_000


# --- core calls, cached by data.run on (data version, filters, model) ----------------------------------


def _chain_q(cur: Any, filters: None, mod: Any, record_id: str) -> model.Chain:
    return who.chain(cur, record_id, mod)


def _worklist_q(cur: Any, filters: Filters, mod: Any, reason: str | None, limit: int, offset: int) -> Any:
    """One page of the list and the counts per reason, from one pass over the decisions."""
    with metrics.Session(cur, metrics.settings_for(mod)) as s:
        return worklist.worklist_in(s, filters, limit=limit, offset=offset, reason=reason)


def _responsibility_q(cur: Any, filters: Filters, mod: Any) -> list[model.SystemResponsibility]:
    return responsibility.responsibility(cur, filters, mod)


def _changes_q(cur: Any, filters: None, mod: Any) -> list[tuple[str, int]]:
    """Changes named by incidents, most incidents first."""
    return blast.changes_with_incidents(cur, mod)


def _blast_q(cur: Any, filters: None, mod: Any, change_id: str) -> model.BlastRadius:
    return blast.blast_radius(cur, change_id, mod)


def _worklist(filters: Filters, reason: str | None, offset: int) -> model.Worklist:
    return cast(model.Worklist, data.run(_worklist_q, filters, reason, PAGE_SIZE, offset))


# --- rendering -----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(model.jsonable(value))


def chain_frame(chain: model.Chain) -> pd.DataFrame:
    rows = [
        (
            n,
            link.step,
            "held" if link.held else "BROKEN",
            link.who or "",
            _text(link.at),
            link.rule or "",
            "; ".join(f"{k.replace('_', ' ')}: {_text(v)}" for k, v in link.facts if v is not None),
        )
        for n, link in enumerate(chain.links, 1)
    ]
    return pd.DataFrame(
        rows, columns=["#", "Link", "Held or broken", "Who", "When (UTC)", "Rule that broke it", "Facts"]
    )


def render_chain(record_id: str) -> None:
    try:
        chain = cast(model.Chain, data.run(_chain_q, None, record_id))
    except AnswerableError as exc:
        st.warning("No chain for that id.", icon=":material/search_off:")
        st.text(str(exc))
        return
    c1, c2, c3 = st.columns(3)
    c1.metric("Who answers", chain.answers.name or "Nobody")
    minutes = chain.minutes_to_human
    c2.metric("Minutes to an accountable human", "-" if minutes is None else f"{minutes:,.1f} min")
    c3.metric("Broken links", f"{sum(not li.held for li in chain.links):,} of {len(chain.links):,}")
    why = f"{chain.kind} {chain.id}: {chain.answers.role}"
    st.text(why + (f" (from {chain.answers.source})" if chain.answers.source else ""))
    st.dataframe(
        chain_frame(chain),
        height=36 * (len(chain.links) + 1) + 3,  # every link on screen, no inner scrolling
        hide_index=True,
        width="stretch",
        column_config={"Facts": st.column_config.TextColumn(width="large")},
    )
    if chain.broken:
        st.text("Rules broken: " + ", ".join(chain.broken))
    st.caption(
        f"Batches read: {', '.join(str(b) for b in chain.batches) or 'none'}. Each rule is the registry "
        "indicator of that name; identity control is judged at the decision's own time."
    )


def _select_row(state_key: str, ids_key: str) -> None:
    """on_select: put the selected row's id in the search box and the URL (a callback may set state)."""
    event = st.session_state.get(state_key)
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    ids = st.session_state.get(ids_key) or []
    if rows and rows[0] < len(ids):
        st.session_state[ID_KEY] = ids[rows[0]]
        st.query_params["id"] = ids[rows[0]]


def linked_table(frame: pd.DataFrame, id_column: str, key: str) -> None:
    """A dataframe whose rows open their chain: select a row to see it on the Who answers page."""
    st.session_state[f"{key}_ids"] = [str(v) for v in frame[id_column]]
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=key,
        on_select=partial(_select_row, key, f"{key}_ids"),
        selection_mode="single-row",
    )


def unanswered_section(filters: Filters) -> None:
    st.header("Unanswered")
    st.caption(
        "AI decisions whose accountability chain is broken, most consequential first: an incorrect "
        "outcome, then a priority 1-2 incident, then autonomous. Select a row to open its chain."
    )
    counts = data.data_status().counts
    if not counts.get("ai_decisions"):  # nothing to judge: no count of zero broken chains either
        st.caption(
            "Not assessed: no AI decision log is loaded. Load an AI decision log (ai_decisions) and the "
            "AI inventory (ai_systems) on the Data page to fill this list."
        )
        return
    if not counts.get("ai_systems"):
        st.warning(
            "No AI system inventory is loaded, so no decision has evidence of a controlled identity or of "
            "its decision rights: 'uncontrolled identity' and 'beyond decision rights' count every decision "
            "without that evidence, not a breach the records show. Load the AI inventory (ai_systems) to "
            "judge them.",
            icon=":material/info:",
        )
    labels = {"": "Every reason", **worklist.REASONS}
    reason = st.session_state.get("who_reason") or None
    listed = _worklist(filters, reason, 0)
    st.dataframe(
        pd.DataFrame(
            [(worklist.REASONS[r], f"{n:,}") for r, n in listed.counts.items()],
            columns=["Why the chain is broken", "AI decisions"],
        ),
        hide_index=True,
    )
    st.selectbox("Reason", list(labels), format_func=lambda r: labels[r], key="who_reason")
    first = listed.page
    if first.total == 0:
        st.caption(
            "No AI decision with a broken chain under these filters. Load an AI decision log "
            "(ai_decisions) and the AI inventory (ai_systems) to fill this list."
        )
        return
    pages = max(1, -(-first.total // PAGE_SIZE))
    c1, c2 = st.columns([1, 3])
    page_no = int(
        c1.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, key="who_pg")
    )
    page = first if page_no == 1 else _worklist(filters, reason, (page_no - 1) * PAGE_SIZE).page
    start = (page_no - 1) * PAGE_SIZE + 1
    c2.caption(
        f"Rows {start:,}-{start + len(page.rows) - 1:,} of {first.total:,} AI decisions with a broken chain."
    )
    frame = pd.DataFrame(page.rows, columns=list(page.columns))
    frame["who_answers"] = frame["who_answers"].fillna("nobody")
    linked_table(frame, "decision_id", "who_unanswered")

    def build() -> bytes:
        with closing(data.cursor()) as cur:
            full = worklist.unanswered(cur, filters, data.model()[0], limit=CSV_MAX_ROWS, reason=reason)
        return to_csv_bytes(full.columns, full.rows)

    capped = " (first 100,000 rows)" if first.total > CSV_MAX_ROWS else ""
    st.download_button(
        f"Download the {first.total:,} decisions as CSV{capped}",
        data=build,
        file_name="unanswered.csv",
        mime="text/csv",
        key="who_csv",
        on_click="ignore",
        icon=":material/download:",
    )


def responsibility_section(filters: Filters) -> None:
    st.header("Declared vs observed responsibility")
    st.caption("Per AI system: what the inventory declares beside what the decision records show.")
    systems = cast(list[model.SystemResponsibility], data.run(_responsibility_q, filters))
    if not systems:
        st.caption(
            "No AI decisions under these filters. Load an AI decision log (ai_decisions) and the AI "
            "inventory (ai_systems)."
        )
        return
    pct = lambda share: "" if share is None else f"{100 * share:.0f}%"  # noqa: E731
    rows = [
        (
            s.ai_system,
            s.business_owner or "",
            s.technical_owner or "",
            s.escalation_path or "",
            s.sla_minutes,
            s.decisions,
            s.reviewed,
            s.reviewed_by_business_owner,
            s.top_reviewer or "",
            s.overridden,
            s.escalated,
            s.top_escalated_to or "",
            pct(s.top_escalated_to_share),
            s.taken_over,
            s.top_taker or "",
            pct(s.top_taker_share),
            pct(s.taken_over_by_path_share),
            s.median_takeover_min,
            len(s.mismatches),
        )
        for s in systems
    ]
    columns = [
        "AI system",
        "Business owner",
        "Technical owner",
        "Escalation path",
        "SLA (min)",
        "Decisions",
        "Reviewed",
        "Reviewed by business owner",
        "Most reviews by",
        "Overridden",
        "Escalated",
        "Most escalated to",
        "Share",
        "Taken over",
        "Most takeovers by",
        "Share of takeovers",
        "Takeovers by the declared path",
        "Median takeover (min)",
        "Mismatches",
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=columns),
        hide_index=True,
        width="stretch",
        column_config={"Median takeover (min)": st.column_config.NumberColumn(format="%.1f")},
    )
    mismatches = [(s.ai_system, m) for s in systems for m in s.mismatches]
    st.subheader("Mismatches")
    if mismatches:
        st.dataframe(
            pd.DataFrame(mismatches, columns=["AI system", "Mismatch"]), hide_index=True, width="stretch"
        )
    else:
        st.caption("No mismatch between the declared and the observed responsibility.")


def blast_section() -> None:
    st.header("Blast radius of a change")
    changes = cast(list[tuple[str, int]], data.run(_changes_q))
    if not changes:
        st.caption(
            "No incident names a causing change. Load an incident export with caused_by_change and a "
            "change export (changes) to see a change's consequences."
        )
        return
    ids = [c for c, _ in changes]
    counts = dict(changes)
    change_id = st.selectbox(
        "Change (most incidents first)",
        ids,
        key="who_change",
        format_func=lambda c: f"{c} ({counts[c]:,} incidents)",
    )
    try:
        radius = cast(model.BlastRadius, data.run(_blast_q, None, str(change_id)))
    except AnswerableError as exc:  # an incident names a change the change export lacks
        st.text(str(exc))
        return
    st.text("\n".join(radius.summary))
    for title, table, id_column, key in (
        ("Incidents it caused", radius.incidents, "incident_id", "who_blast_inc"),
        ("AI decisions on them", radius.decisions, "decision_id", "who_blast_dec"),
    ):
        st.subheader(f"{title} ({table.total:,})")
        if table.rows:
            linked_table(pd.DataFrame(table.rows, columns=list(table.columns)), id_column, key)
    st.subheader(f"Identities ({radius.identities.total:,})")
    st.dataframe(
        pd.DataFrame(radius.identities.rows, columns=list(radius.identities.columns)),
        hide_index=True,
        width="stretch",
    )


def search_from_url() -> None:
    """A deep link (`?id=...`) fills the search box once per distinct id (before the box is drawn)."""
    wanted = st.query_params.get("id")
    if wanted and st.session_state.get("_who_url_id") != wanted:
        st.session_state["_who_url_id"] = wanted
        st.session_state[ID_KEY] = wanted


def open_chain_link(record_id: str) -> None:
    """A link to the Who answers page with the record's chain open (for drill-down tables)."""
    st.page_link(
        PAGE,
        label=f"Open the chain of {record_id}: who answers for it",
        icon=":material/account_tree:",
        query_params={"id": record_id},
    )
