"""Data: upload exports, map and validate them, load them; lineage, retract, templates, demo data."""

import streamlit as st

from answerable.ui import data_admin, shell, upload

shell.sidebar("Data")
st.title("Data")
st.caption("Upload exports from ServiceNow, Jira Service Management, HP Service Manager or the canonical "
           "templates. Every file is checked before anything is loaded, and every load can be retracted.")
flash = st.session_state.pop("data_flash", None)
if flash:
    st.success(flash)
shell.demo_banner()
st.header("Upload files")
upload.upload_section()
st.header("Ingestion history and lineage")
data_admin.history()
st.header("CSV templates")
data_admin.templates()
st.header("Demo data and store")
data_admin.demo_and_clear()
