"""The shared page frame: page config, sign-in gate, sidebar filters and the data-status line.

Every page calls `sidebar()` itself, so a page also works when run on its own (AppTest, or Streamlit
opening a page file directly); `app.py` only routes.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from answerable.contract import DATASETS
from answerable.present import period_text
from answerable.results import Filters
from answerable.ui import auth, data
from answerable.ui.queries import DataStatus
from answerable.ui.safe import md

ALL_SYSTEMS = "All AI systems"
ALL_GROUPS = "All teams"
_KEYS = ("flt_from", "flt_to", "flt_ai_system", "flt_group")


def _saved(key: str) -> str:
    return f"_saved_{key}"


def _remember(key: str) -> None:
    """on_change: copy a filter widget's value to a plain session key, which Streamlit never clears."""
    st.session_state[_saved(key)] = st.session_state.get(key)


def _keep_filters_across_pages() -> None:
    # Streamlit drops a widget's state when another page runs; the filters are restored from their
    # plain copies, so they follow the user from page to page.
    for key in _KEYS:
        if key not in st.session_state and _saved(key) in st.session_state:
            st.session_state[key] = st.session_state[_saved(key)]


def _choice(label: str, options: list[str], key: str) -> str:
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]  # the value vanished (data retracted): fall back to "all"
        st.session_state.pop(_saved(key), None)
    return str(st.selectbox(label, options, key=key, on_change=_remember, args=(key,)))


def _status_lines(status: DataStatus) -> list[str]:
    loaded = [f"{DATASETS[k].title}: {n:,}" for k, n in status.counts.items() if n]
    missing = [DATASETS[k].title for k, n in status.counts.items() if not n]
    lines = ["Loaded: " + ("; ".join(loaded) if loaded else "nothing yet")]
    if missing:
        lines.append("Not loaded: " + ", ".join(missing))
    return lines


def _route_through_the_app() -> None:
    """A deep link on a fresh server runs through the app's real navigation, never the pages/ folder's.

    Until app.py has called st.navigation once, Streamlit treats pages/ as a legacy multipage app: the
    first visitor of /Escalation after a restart gets that file alone, a stray "app" entry and no
    sections. A page running that way turns the legacy mode off and reruns, so app.py runs and routes
    to the same URL path (the st.Page paths are the files' default ones). AppTest runs a page as its
    own main script (no pages/ beside it), so this never fires there.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def sidebar(page_title: str | None = None) -> Filters:
    """Render the shared sidebar and return the filters the user chose."""
    _route_through_the_app()
    if page_title:
        st.set_page_config(page_title=f"{page_title} · Answerable", layout="wide",
                           page_icon=":material/explore:")
    auth.require_sign_in()
    _keep_filters_across_pages()
    options = data.filter_options()
    status = data.data_status()
    # Generous bounds around the data (the period's end is exclusive, so it may lie after the last record).
    # Clamped to Python's years 1..9999: one record dated 0001-01-01 or 9999-12-31 must not break the page.
    lo = date(max(options.first.year - 1, 1), 1, 1) if options.first else None
    hi = date(min(options.last.year + 1, 9999), 12, 31) if options.last else None
    with st.sidebar:
        st.markdown("**Filters**")
        date_from = st.date_input(
            "From (inclusive)", value=None, min_value=lo, max_value=hi, key="flt_from", format="YYYY-MM-DD",
            on_change=_remember, args=("flt_from",),
        )
        date_to = st.date_input(
            "To (exclusive)", value=None, min_value=lo, max_value=hi, key="flt_to", format="YYYY-MM-DD",
            on_change=_remember, args=("flt_to",),
        )
        system = _choice("AI system", [ALL_SYSTEMS, *options.ai_systems], "flt_ai_system")
        group = _choice("Assignment group (team)", [ALL_GROUPS, *options.groups], "flt_group")
        d_from = date_from if isinstance(date_from, date) else None
        d_to = date_to if isinstance(date_to, date) else None
        if d_from and d_to and d_from >= d_to:
            st.error("'From' must be before 'To'; the period filter is ignored until it is.")
            d_from = d_to = None
        filters = Filters(
            date_from=d_from,
            date_to=d_to,
            ai_system=None if system == ALL_SYSTEMS else system,
            assignment_group=None if group == ALL_GROUPS else group,
        )
        st.caption(f"Period: {period_text(filters)}")
        st.divider()
        st.markdown("**Data status**")
        for line in _status_lines(status):
            st.caption(line)
        as_of = data.as_of(filters) if not status.empty else None
        if as_of is not None:
            st.caption(f"As of {as_of:%Y-%m-%d %H:%M} UTC (latest record, or the period's end)")
        link = data.linkage()
        if link is not None:
            st.caption(("⚠ " if link.weak else "") + "Linkage: " + link.summary())
        if status.only_demo:
            st.caption("Source: DEMO data (fictional organisation)")
        elif status.demo:
            st.caption("Source: real data mixed with DEMO data")
        elif not status.empty:
            st.caption("Source: your uploaded data")
        st.caption(md(auth.mode_label()))  # may quote the signed-in email
    return filters


def demo_banner() -> None:
    """A clear banner when the numbers come from the fictional demo organisation."""
    status = data.data_status()
    if status.only_demo:
        st.warning(
            "Demo data: these figures describe a fictional organisation. Load your own exports on the "
            "Data page (and clear the demo data) to assess your AI governance.",
            icon=":material/science:",
        )
    elif status.demo:
        st.warning("Your data is mixed with demo data. Clear the store on the Data page to remove it.",
                   icon=":material/science:")


def linkage_notice() -> None:
    """Say so when the AI decisions and the incidents do not describe the same operations (DESIGN §3)."""
    link = data.linkage()
    warning = link.warning() if link is not None else None
    if warning:
        st.warning(warning, icon=":material/link_off:")


def empty_store_notice() -> bool:
    """Tell the user what to load when the store is empty; True when it is."""
    if not data.data_status().empty:
        return False
    st.info(
        "No data loaded yet. Go to the Data page and upload an incident export (incidents) and an AI "
        "decision log (ai_decisions), plus the AI system inventory (ai_systems), changes, knowledge "
        "articles and CMDB items if you have them, or load the demo data to explore.",
        icon=":material/upload_file:",
    )
    return True
