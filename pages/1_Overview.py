"""Overview: overall maturity, the seven dimensions, headline KPIs with change, and top risks."""

import streamlit as st

from answerable.ui import charts, data, overview, shell

filters = shell.sidebar("Overview")
st.title("AI governance overview")
st.caption("When AI makes the wrong call in IT service management, who answers for it?")
shell.demo_banner()
if not shell.empty_store_notice():
    score = data.score(filters)
    trend = data.score_trend(filters)
    current, previous, label = overview.comparison(filters)
    overview.overall(score, current, previous, label)
    st.subheader("The seven dimensions")
    left, right = st.columns(2)
    with left:
        st.plotly_chart(charts.radar(score.dimensions), width="stretch", config={"displayModeBar": False})
    with right:
        overview.index_trend(trend)
    overview.dimension_tiles(score, trend)
    st.subheader("Headline accountability KPIs")
    st.caption(f"Values for the selected filters; the arrows show the change {label}.")
    overview.headline_kpis(score, current, previous, label)
    st.subheader("Top risks and who answers for them")
    risks = overview.top_risks(score, filters)
    if risks.empty:
        st.success("No assessed indicator is below Level 4. See the Maturity page for the full scorecard.")
    else:
        st.dataframe(risks, hide_index=True, width="stretch", column_config=overview.RISK_COLUMNS)
        st.caption("Indicators with the lowest scores (below Level 4), with the AI systems or teams that "
                   "contribute most to them and their owners from the AI inventory.")
