"""Answerable: the Streamlit router. Pages render themselves (each calls `answerable.ui.sidebar()`)."""

import streamlit as st

st.set_page_config(page_title="Answerable", layout="wide", page_icon=":material/explore:")


def page(file: str, title: str, url: str, icon: str, *, default: bool = False) -> st.Page:
    return st.Page(f"pages/{file}", title=title, url_path=url, icon=f":material/{icon}:", default=default)


pages = {
    "Dashboards": [
        page("1_Overview.py", "Overview", "overview", "dashboard", default=True),
        page("2_Ownership_and_decision_rights.py", "Ownership & decision rights", "ownership",
             "person_check"),
        page("3_Escalation.py", "Escalation", "escalation", "trending_up"),
        page("4_Access_control.py", "Access control", "access-control", "key"),
        page("5_Data_quality.py", "Data quality", "data-quality", "fact_check"),
        page("6_Incident_learning.py", "Incident learning", "incident-learning", "school"),
        page("7_Maturity.py", "Maturity", "maturity", "stairs"),
    ],
    "Data and reporting": [
        page("8_Data.py", "Data", "data", "upload_file"),
        page("9_Board_report.py", "Board report", "board-report", "summarize"),
    ],
}
st.navigation(pages).run()
