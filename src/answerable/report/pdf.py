"""The board report as a PDF, drawn with fpdf2 and the bundled DejaVu fonts (Unicode: é, ü, €, —).

Deterministic: the creation date is the report's generation time, so the same report gives the same
bytes. Charts use the same geometry as the HTML SVG (`charts.layout`); the canvas is in pdf_canvas.py.
"""

from __future__ import annotations

from typing import cast

from fpdf.enums import XPos, YPos

from answerable.present import level_colour, rgb
from answerable.report.pdf_canvas import FONT, GREY, NAVY, BoardPDF, chart_notes
from answerable.report.structure import Report
from answerable.report.tables import NO_MISMATCH, tables
from answerable.report.text import GLOSSARY


def render_pdf(report: Report) -> bytes:
    r = report
    t = tables(r)
    pdf = BoardPDF(r)
    pdf.add_page()
    # Cover band
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 46, style="F")
    pdf.set_xy(16, 12)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, r.organisation.upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 9, r.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9.5)
    pdf.cell(0, 6, r.period_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(52)
    meta = [
        ("Filters", r.filters_text),
        ("Data as of", r.as_of),
        ("Generated", r.generated_at),
        ("Maturity model", r.model_version),
    ]
    for label, value in meta:
        pdf.set_font(FONT, "B", 8.5)
        pdf.cell(32, 5, label)
        pdf.set_font(FONT, "", 8.5)
        pdf.multi_cell(0, 5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if r.demo_data:
        pdf.ln(2)
        pdf.set_fill_color(255, 244, 206)
        pdf.set_font(FONT, "B", 8.5)
        pdf.multi_cell(
            0,
            6,
            "Demo data: built from the bundled fictional demo data, not your organisation's records.",
            fill=True,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    # Headline tiles
    pdf.ln(4)
    y = pdf.get_y()
    o = r.overall
    tiles = [
        (
            "OVERALL MATURITY",
            o.level_text,
            rgb(level_colour(o.level)),
            "; ".join(x for x in (
                o.coverage_text, "fully embedded governance" if o.fully_embedded else "",
            ) if x),
        ),
        ("GOVERNANCE INDEX", o.index_text, NAVY, o.change_text),
    ]
    if o.provisional:  # DESIGN §5: no level headlined; the provisional figures only in small type
        tiles = [
            ("OVERALL MATURITY", "Not enough evidence", rgb(level_colour(None)),
             f"for a level: fewer than 5 of 7 dimensions assessed. Provisionally {o.level_text}."),
            ("GOVERNANCE INDEX", "Provisional", rgb(level_colour(None)),
             f"{o.index_text} from what is assessed. {o.change_text}"),
        ]
    tile_w = (pdf.epw - 6) / 2
    pdf.set_font(FONT, "", 7.5)
    lines = max(len(cast(list[str], pdf.multi_cell(tile_w - 6, 3.6, sub, dry_run=True, output="LINES")))
                for *_, sub in tiles)
    tile_h = max(27.0, 16.5 + 3.6 * lines + 2.5)  # a long change sentence grows both tiles alike
    for i, (label, big, colour, sub) in enumerate(tiles):
        x = pdf.l_margin + i * (tile_w + 6)
        pdf.set_draw_color(217, 217, 217)
        pdf.rect(x, y, tile_w, tile_h)
        pdf.set_fill_color(*colour)
        pdf.rect(x, y, 1.6, tile_h, style="F")
        pdf.set_xy(x + 4, y + 2.5)
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(*GREY)
        pdf.cell(tile_w - 6, 4, label)
        pdf.set_xy(x + 4, y + 7.5)
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(*colour)
        pdf.cell(tile_w - 6, 8, big)
        pdf.set_xy(x + 4, y + 16.5)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(tile_w - 6, 3.6, sub, align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(y + tile_h + 4)
    pdf.heading("Executive summary", need=30)
    for p in r.summary:
        pdf.paragraph(p)

    pdf.heading("Key accountability KPIs", need=50)
    pdf.data_table(t["kpis"])

    pdf.heading("Maturity by dimension", need=60)
    pdf.data_table(t["dimensions"])
    pdf.heading("How to read the levels", need=40)
    for line in GLOSSARY:
        pdf.paragraph(line, size=8.5)
    cw, ch = (pdf.epw - 8) / 2, 68
    pdf.heading("Trends", need=ch + 6)  # flows on when a row of charts fits, else a new page
    note_lines = max((len(chart_notes(c)) for c in r.charts), default=0)
    for i, c in enumerate(r.charts):
        if i % 2 == 0 and i > 0:
            pdf.set_y(pdf.get_y() + ch + 4)
            if pdf.will_page_break(ch):
                pdf.add_page()
        pdf.chart(c, pdf.l_margin + (i % 2) * (cw + 8), pdf.get_y(), cw, ch, note_lines)
    pdf.set_xy(pdf.l_margin, pdf.get_y() + ch + 4)
    pdf.heading("Top risks and who answers for them", need=50)
    if r.risks:
        pdf.data_table(t["risks"])
    else:
        pdf.paragraph("No assessed indicator is below Level 4.")
    pdf.heading("Who answers", need=50)
    pdf.paragraph(r.broken_chains_note)
    if r.broken_chains:
        pdf.data_table(t["broken_chains"])
    pdf.paragraph("Declared vs observed responsibility", size=10)
    if r.mismatches:
        pdf.data_table(t["mismatches"])
    else:
        pdf.paragraph(NO_MISMATCH)
    pdf.heading("AI inventory accountability", need=50)
    if r.inventory:
        pdf.data_table(t["inventory"])
    pdf.paragraph(r.inventory_note, size=8, colour=GREY)
    pdf.heading("Not assessed", need=30)
    if r.not_assessed:
        pdf.data_table(t["not_assessed"])
    else:
        pdf.paragraph("Every indicator of the model was assessed.")

    pdf.add_page()
    pdf.heading("Appendix A — All indicators")
    pdf.data_table(t["indicators"])
    pdf.add_page()
    pdf.heading("Appendix B — Data lineage")
    pdf.paragraph(
        f"Maturity model: {r.model_version}. Every figure in this report was computed from the current "
        "records of the batches below; the sha256 is that of each file as loaded.",
        size=8.5,
    )
    if r.lineage:
        pdf.data_table(t["lineage"], size=7)
    else:
        pdf.paragraph("No batch is loaded.")
    return bytes(pdf.output())
