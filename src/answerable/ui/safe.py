"""Text that reaches Streamlit's markdown renderers (captions, alerts, labels) without being markup.

Data (file names, model titles, messages quoting values) goes to st.text or dataframes; where a short
piece of it must sit inside a sentence, `md()` escapes every character markdown would act on.
"""

from __future__ import annotations

import re

# The characters that start markup: emphasis, code, links and images ([...]), HTML-looking tags,
# headings, tables, strikethrough, maths. Without "[" no link or Streamlit :colour[...] can form.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$])")


def md(text: object) -> str:
    """Escape markdown (and HTML-looking) characters so the text renders literally."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", " ")


def plot_text(text: object) -> str:
    """Plotly renders a small HTML subset in labels; show data as literal text instead."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
