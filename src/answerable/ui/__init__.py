"""Streamlit-side helpers: the only core package that may import streamlit."""
