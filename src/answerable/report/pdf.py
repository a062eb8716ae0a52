"""The board report as a PDF, drawn with fpdf2 and the bundled DejaVu fonts (Unicode: é, ü, €, —).

Deterministic: the creation date is the report's generation time, so the same report gives the same
bytes. Charts use the same geometry as the HTML SVG (`charts.layout`); the canvas is in pdf_canvas.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from answerable.report.pdf_canvas import FONT, GREY, LEVEL_COLOURS, NAVY, WHITE, ZEBRA, BoardPDF, level_colour
from answerable.report.structure import KpiRow, Report


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {i}" for i in items) or "—"


def _kpi_table(pdf: BoardPDF, rows: Sequence[KpiRow], *, with_dimension: bool) -> None:
    has_prev = any(k.previous_text != "—" for k in rows)
    headers = ["Indicator", "Value", "Level", "Next target", "L4 target"]
    widths: list[float] = [31, 15, 35, 18, 13] if with_dimension else [40, 14, 35, 20, 14]
    if with_dimension:
        headers.insert(1, "Dimension")
        widths.insert(1, 20)
    if has_prev:
        headers.append("Previous")
        widths.append(17)
    headers.append("Note")
    widths.append(pdf.epw - sum(widths))  # the note takes what is left (>= 30 mm)
    body = []
    for k in rows:
        row = [k.title, k.value_text, k.level_text, k.next_target_text, k.l4_target_text]
        if with_dimension:
            row.insert(1, k.dimension)
        if has_prev:
            row.append(k.previous_text)
        row.append(k.note)
        body.append(row)
    pdf.data_table(headers, body, widths, level_col=3 if with_dimension else 2)


def render_pdf(report: Report) -> bytes:
    r = report
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
            level_colour(o.level_text),
            "Provisional: fewer than 5 of 7 dimensions assessed"
            if o.provisional
            else ("Fully embedded governance" if o.fully_embedded else ""),
        ),
        ("GOVERNANCE INDEX", o.index_text, NAVY, o.change_text),
    ]
    tile_w = (pdf.epw - 6) / 2
    for i, (label, big, colour, sub) in enumerate(tiles):
        x = pdf.l_margin + i * (tile_w + 6)
        pdf.set_draw_color(217, 217, 217)
        pdf.rect(x, y, tile_w, 27)
        pdf.set_fill_color(*colour)
        pdf.rect(x, y, 1.6, 27, style="F")
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
    pdf.set_y(y + 31)
    pdf.heading("Executive summary", need=30)
    for p in r.summary:
        pdf.paragraph(p)

    pdf.heading("Key accountability KPIs", need=50)
    _kpi_table(pdf, r.kpis, with_dimension=False)

    pdf.heading("Maturity by dimension", need=60)
    pdf.data_table(
        ["Dimension", "Level", "Score", "Indicators", "To reach the next level"],
        [
            [d.title, d.level_text, d.score_text, _bullets(d.indicators), _bullets(d.gaps)]
            for d in r.dimensions
        ],
        [26, 35, 12, 55, 50],
        level_col=1,
        right=(2,),
    )
    cw, ch = (pdf.epw - 8) / 2, 68
    pdf.heading("Trends", need=ch + 6)  # flows on when a row of charts fits, else a new page
    for i, c in enumerate(r.charts):
        if i % 2 == 0 and i > 0:
            pdf.set_y(pdf.get_y() + ch + 4)
            if pdf.will_page_break(ch):
                pdf.add_page()
        pdf.chart(c, pdf.l_margin + (i % 2) * (cw + 8), pdf.get_y(), cw, ch)
    pdf.set_xy(pdf.l_margin, pdf.get_y() + ch + 4)
    pdf.heading("Top risks and who answers for them", need=50)
    if r.risks:
        pdf.data_table(
            ["Risk", "Dimension", "Value", "Level", "What it takes", "Accountable owners"],
            [[k.title, k.dimension, k.value_text, k.level_text, k.gap_text, k.owners_text] for k in r.risks],
            [30, 21, 14, 34, 41, 38],
            level_col=3,
        )
    else:
        pdf.paragraph("No assessed indicator is below Level 4.")
    pdf.heading("AI inventory accountability", need=50)
    access = {"controlled": LEVEL_COLOURS[4], "uncontrolled": LEVEL_COLOURS[1]}
    if r.inventory:
        pdf.data_table(
            ["AI system", "Business owner", "Technical owner", "Escalation path", "Status", "Access", "Why"],
            [
                [
                    i.system,
                    i.business_owner,
                    i.technical_owner,
                    i.escalation_path,
                    i.status,
                    i.access_status,
                    i.access_reason,
                ]
                for i in r.inventory
            ],
            [33, 22, 22, 23, 17, 24, 37],
            colour_col={5: access},
        )
    pdf.paragraph(r.inventory_note, size=8, colour=GREY)
    pdf.heading("Not assessed", need=30)
    if r.not_assessed:
        pdf.data_table(
            ["Indicator", "Dimension", "Why not assessed"],
            [[n.title, n.dimension, n.reason] for n in r.not_assessed],
            [45, 32, 101],
        )
    else:
        pdf.paragraph("Every indicator of the model was assessed.")

    pdf.add_page()
    pdf.heading("Appendix A — All indicators")
    _kpi_table(pdf, r.indicators, with_dimension=True)
    pdf.add_page()
    pdf.heading("Appendix B — Data lineage")
    pdf.paragraph(
        f"Maturity model: {r.model_version}. Every figure in this report was computed from the current "
        "records of the batches below; the sha256 is that of each file as loaded.",
        size=8.5,
    )
    _lineage(pdf, r)
    return bytes(pdf.output())


def _lineage(pdf: BoardPDF, r: Report) -> None:
    size = 7
    pdf.set_font(FONT, "", size)
    heading_style = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
    with pdf.table(
        col_widths=[11, 27, 44, 15, 15, 17, 15, 34],  # "Rejected" fits on one line
        width=pdf.epw,
        line_height=size * 0.48,
        text_align=("RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
        headings_style=heading_style,
        borders_layout="HORIZONTAL_LINES",
        padding=(1, 1.5, 1, 1.5),
    ) as t:
        t.row(["Batch", "Kind", "File", "Read", "Loaded", "Rejected", "Records", "Loaded at"])
        for i, b in enumerate(r.lineage):
            fill = FontFace(fill_color=ZEBRA if i % 2 else WHITE)
            row = t.row(style=fill)
            for cell in (
                str(b.batch_id),
                b.kind,
                b.file_name,
                f"{b.rows_read:,}",
                f"{b.rows_loaded:,}",
                f"{b.rows_rejected:,}",
                f"{b.records:,}",
                f"{b.loaded_at} ({b.state})",
            ):
                row.cell(cell)
            sha = t.row(style=fill)
            sha.cell("")
            sha.cell(f"sha256 {b.sha256}", colspan=7, style=FontFace(color=GREY))
    if not r.lineage:
        pdf.paragraph("No batch is loaded.")
