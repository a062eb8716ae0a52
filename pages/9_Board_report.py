"""Board report: preview the governance report's sections and download it as PDF or HTML."""

from __future__ import annotations

import logging
from contextlib import closing

import pandas as pd
import streamlit as st

from answerable.errors import AnswerableError
from answerable.report import Report, build_report, default_organisation, render_html, render_pdf
from answerable.report.tables import NO_MISMATCH, Table, frame_rows, tables
from answerable.results import Filters
from answerable.ui import charts, data, shell

LOG = logging.getLogger(__name__)


@st.cache_data(show_spinner="Building the board report…", max_entries=16)
def _build(
    _filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str, organisation: str
) -> tuple[Report, str, bytes]:
    with closing(data.cursor()) as cur:
        report = build_report(cur, _filters, data.model()[0], organisation=organisation)
    return report, render_html(report), render_pdf(report)


def _show(table: Table) -> None:
    frame = pd.DataFrame(frame_rows(table), columns=list(table.headers))
    st.dataframe(frame, hide_index=True, width="stretch")


filters = shell.sidebar("Board report")
st.title("Board report")
st.caption(
    "The governance report for the board: maturity, key accountability KPIs with targets, trends, top risks "
    "with their owners, the AI inventory and the lineage of every figure. Same data, filters and model give "
    "the same report."
)
shell.demo_banner()
if shell.empty_store_notice():
    st.stop()

organisation = st.text_input("Organisation on the cover", value=default_organisation(), max_chars=120)
try:
    report, html_text, pdf_bytes = _build(
        filters, data.db_path(), data.version(), filters.key(), data.model()[1], organisation.strip()
    )
except AnswerableError as exc:
    st.error(f"The board report could not be built: {exc}", icon=":material/error:")
    st.stop()
except Exception:
    LOG.exception("building the board report failed")
    st.error(
        "The board report could not be built because of an unexpected error (recorded in the server log). "
        "The other pages still work; try other filters, and tell your administrator if it persists.",
        icon=":material/error:",
    )
    st.stop()
slug = "answerable-board-report"
c1, c2 = st.columns(2)
c1.download_button(
    "Download PDF",
    data=pdf_bytes,
    file_name=f"{slug}.pdf",
    mime="application/pdf",
    type="primary",
    width="stretch",
)
c2.download_button(
    "Download HTML (self-contained)",
    data=html_text.encode("utf-8"),
    file_name=f"{slug}.html",
    mime="text/html",
    width="stretch",
)

st.subheader(report.title)
st.text(f"{report.organisation} · {report.period_text} · filters: {report.filters_text}")
st.text(f"Data as of {report.as_of} · generated {report.generated_at} · model {report.model_version}")
if report.overall.provisional:  # DESIGN §5: no level headlined on provisional evidence
    st.markdown("**Not enough evidence for a level**")
    st.warning("Fewer than 5 of the 7 dimensions could be assessed: load the missing datasets on the Data "
               "page.")
    st.caption(f"Provisionally, from what is assessed: {report.overall.level_text}, index "
               f"{report.overall.index_text}. {report.overall.change_text}")
else:
    m1, m2 = st.columns(2)
    m1.metric("Overall maturity", report.overall.level_text)
    m2.metric("Governance index", report.overall.index_text)
    st.text(report.overall.change_text)

st.markdown("#### Executive summary")
for paragraph in report.summary:
    st.text(paragraph)

t = tables(report)  # the rows the PDF and the HTML show, long values already cut
st.markdown("#### Key accountability KPIs")
_show(t["kpis"])
st.markdown("#### Maturity by dimension")
_show(t["dimensions"])

st.markdown("#### Trends")
cols = st.columns(2)
for i, chart in enumerate(report.charts):  # drawn as the app's trends: thin months hollow, real month axis
    with cols[i % 2]:
        st.plotly_chart(charts.report_chart(chart), width="stretch", config={"displayModeBar": False},
                        key=f"report_chart_{i}")

st.markdown("#### Top risks and who answers for them")
if report.risks:
    _show(t["risks"])
else:
    st.text("No assessed indicator is below Level 4.")

st.markdown("#### Who answers")  # the same section, tables and words as the PDF and the HTML
st.text(report.broken_chains_note)
if report.broken_chains:
    _show(t["broken_chains"])
st.markdown("##### Declared vs observed responsibility")
if report.mismatches:
    _show(t["mismatches"])
else:
    st.text(NO_MISMATCH)

st.markdown("#### AI inventory accountability")
if report.inventory:
    _show(t["inventory"])
else:
    st.info("No AI system inventory loaded: upload an ai_systems export on the Data page to fill this table.")
st.text(report.inventory_note)

if report.not_assessed:
    st.markdown("#### Not assessed")
    _show(t["not_assessed"])

with st.expander("Data lineage (appendix)"):
    _show(t["lineage"])
