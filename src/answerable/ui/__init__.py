"""Streamlit-side helpers: the only core package that may import streamlit.

Pages call `answerable.ui.sidebar(title)` first: it renders the shared sidebar (filters and data
status), gates sign-in, and returns the Filters.
"""

from answerable.ui.shell import demo_banner, empty_store_notice, sidebar

__all__ = ["demo_banner", "empty_store_notice", "sidebar"]
