"""Overview: overall maturity, the seven dimensions, headline KPIs with change, and top risks."""

import streamlit as st

from answerable.ui import charts, data, overview, shell

filters = shell.sidebar("Overview")
st.title("AI governance overview")
st.caption("When AI makes the wrong call in IT service management, who answers for it?")
shell.demo_banner()
if not shell.empty_store_notice():
    shell.linkage_notice()
    score = data.score(filters)
    months = data.monthly(filters)
    comp = overview.comparison(filters, months)
    overview.overall(score, comp)
    st.subheader("The seven dimensions")
    overview.dimension_tiles(score, months)
    # The charts are one click away: drawing plotly figures is most of a first screen's wait (see
    # docs/performance.md); the tiles above carry every level, score and change.
    if st.toggle("Show the charts: dimension radar and governance index by month", key="overview_charts"):
        left, right = st.columns(2)
        with left:
            st.plotly_chart(charts.radar(score.dimensions), width="stretch", config={"displayModeBar": False})
        with right:
            overview.index_trend(months)
    st.subheader("Headline accountability KPIs")
    st.caption(f"Values for the selected filters; the change is {comp.label}." if comp.available
               else f"Values for the selected filters; no change is shown: {comp.label}.")
    overview.headline_kpis(score, comp)
    st.subheader("Top risks and who answers for them")
    risks = overview.top_risks(score, filters)
    if risks.empty:
        st.success("No assessed indicator is below Level 4. See the Maturity page for the full scorecard.")
    else:
        st.caption("Indicators with the lowest scores (below Level 4), with the AI systems or teams that "
                   "contribute most to them and their owners from the AI inventory.")
        overview.render_risks(risks)
