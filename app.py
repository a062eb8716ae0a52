"""Answerable: the Streamlit router. Pages render themselves (each calls `answerable.ui.sidebar()`)."""

import streamlit as st

st.set_page_config(page_title="Answerable", layout="wide", page_icon="🧭")

pages = {
    "Dashboards": [
        st.Page("pages/1_Overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/2_Ownership_and_decision_rights.py", title="Ownership & decision rights",
                icon=":material/person_check:"),
        st.Page("pages/3_Escalation.py", title="Escalation", icon=":material/trending_up:"),
        st.Page("pages/4_Access_control.py", title="Access control", icon=":material/key:"),
        st.Page("pages/5_Data_quality.py", title="Data quality", icon=":material/fact_check:"),
        st.Page("pages/6_Incident_learning.py", title="Incident learning", icon=":material/school:"),
        st.Page("pages/7_Maturity.py", title="Maturity", icon=":material/stairs:"),
    ],
    "Data and reporting": [
        st.Page("pages/8_Data.py", title="Data", icon=":material/upload_file:"),
        st.Page("pages/9_Board_report.py", title="Board report", icon=":material/summarize:"),
    ],
}
st.navigation(pages).run()
