"""Answerable: the Streamlit router. Pages render themselves (each calls `answerable.ui.sidebar()`)."""

import streamlit as st

st.set_page_config(page_title="Answerable", layout="wide", page_icon=":material/explore:")


def page(file: str, title: str, icon: str, *, default: bool = False) -> st.Page:
    # The URL path is Streamlit's default for the file (e.g. /Escalation): the same one Streamlit gives
    # the pages/ folder's files, so deep links work on a browser's very first visit too.
    return st.Page(f"pages/{file}", title=title, icon=f":material/{icon}:", default=default)


pages = {
    "Dashboards": [
        page("1_Overview.py", "Overview", "dashboard", default=True),
        page("10_Who_answers.py", "Who answers", "account_tree"),
        page("2_Ownership_and_decision_rights.py", "Ownership & decision rights", "person_check"),
        page("3_Escalation.py", "Escalation", "trending_up"),
        page("4_Access_control.py", "Access control", "key"),
        page("5_Data_quality.py", "Data quality", "fact_check"),
        page("6_Incident_learning.py", "Incident learning", "school"),
        page("7_Maturity.py", "Maturity", "stairs"),
    ],
    "Data and reporting": [
        page("8_Data.py", "Data", "upload_file"),
        page("9_Board_report.py", "Board report", "summarize"),
    ],
}
st.navigation(pages).run()
