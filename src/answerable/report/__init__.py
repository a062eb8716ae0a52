"""The board governance report (DESIGN §7): one data structure, rendered as PDF and self-contained HTML."""

from answerable.report.build import build_report, default_organisation
from answerable.report.html import render_html
from answerable.report.pdf import render_pdf
from answerable.report.structure import Report

__all__ = ["Report", "build_report", "default_organisation", "render_html", "render_pdf"]
