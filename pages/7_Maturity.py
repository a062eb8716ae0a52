"""Maturity: the full scorecard, next-level gaps, the model in use and the framework crosswalk."""

import streamlit as st

from answerable.ui import data, maturity_view, shell

filters = shell.sidebar("Maturity")
st.title("Maturity scorecard")
st.caption("Levels 1 Initial, 2 Developing, 3 Defined, 4 Managed, 5 Optimizing (after CMMI and MITRE's AI "
           "maturity model). A dimension's level is the lowest level among its assessed indicators.")
shell.demo_banner()
if not shell.empty_store_notice():
    shell.linkage_notice()
    score = data.score(filters)
    maturity_view.summary(score)
    st.subheader("Scorecard: dimension by indicator")
    card = maturity_view.scorecard(score)
    st.dataframe(card, hide_index=True, width="stretch", height=(len(card) + 1) * 35 + 3)
    st.subheader("Index trend")
    maturity_view.index_trend(data.monthly(filters))
    st.subheader("What it takes to reach the next level")
    maturity_view.gaps(score)
st.subheader("Maturity model in use")
maturity_view.model_panel()
st.subheader("Framework crosswalk")
maturity_view.crosswalk_table()
