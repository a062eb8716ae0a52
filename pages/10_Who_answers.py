"""Who answers: the accountability chain of any decision, incident or change, the Unanswered work
list, declared vs observed responsibility and a change's blast radius (DESIGN §6 page 10)."""

import streamlit as st

from answerable.ui import shell, who_view

filters = shell.sidebar("Who answers")
st.title("Who answers")
st.caption("When AI makes the wrong call, who answers for it? Record by record: who answers and why, "
           "then each link of the accountability chain, held or broken with the rule that broke it.")
shell.demo_banner()
if not shell.empty_store_notice():
    who_view.search_from_url()
    st.header("The chain")
    record_id = st.text_input("Decision, incident or change id", key=who_view.ID_KEY,
                              placeholder="e.g. AID0011033, INC0012672 or CHG0042")
    if record_id.strip():
        who_view.render_chain(record_id.strip())
    else:
        st.caption("Type an id, or select a row below (or in any drill-down table) to open its chain.")
    # One section at a time: each is a pass over the decisions, so only the one shown is computed.
    shown = st.radio("Show", who_view.SECTIONS, horizontal=True, key="who_section")
    if shown == "Declared vs observed":
        who_view.responsibility_section(filters)
    elif shown == "Blast radius":
        who_view.blast_section()
    else:
        who_view.unanswered_section(filters)
