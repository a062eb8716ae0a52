"""The board report as a PDF, drawn with fpdf2 and the bundled DejaVu fonts (Unicode: é, ü, €, —).

Deterministic: the creation date is the report's generation time, so the same report gives the same
bytes. Charts use the same geometry as the HTML SVG (`charts.layout`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from answerable.report import charts
from answerable.report.structure import Chart, KpiRow, Report

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
NAVY = (31, 78, 121)
GREY = (89, 89, 89)
ZEBRA = (242, 245, 249)
WHITE = (255, 255, 255)
LEVEL_COLOURS = {1: (176, 0, 32), 2: (197, 90, 17), 3: (138, 109, 0), 4: (46, 125, 50), 5: (27, 94, 32)}


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _level_colour(level_text: str) -> tuple[int, int, int]:
    for n, rgb in LEVEL_COLOURS.items():
        if level_text.startswith(f"Level {n}"):
            return rgb
    return GREY


class _BoardPDF(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_title(f"{report.title} — {report.organisation}")
        self.set_author(report.organisation)
        self.set_creator("Answerable")
        self.set_subject(f"AI governance and accountability, {report.period_text}")
        self.set_creation_date(_parse_time(report.generated_at))

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(
            0, 5, f"{self.report.organisation} · {self.report.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_draw_color(201, 211, 222)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        left = f"{self.report.period_text} · generated {self.report.generated_at}"
        self.cell(0, 5, left, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # -- building blocks -------------------------------------------------------------------------------

    def heading(self, text: str, *, need: float = 40) -> None:
        """A section heading, moved to the next page when less than `need` mm would follow it."""
        if self.will_page_break(need):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 13)
        self.set_text_color(*NAVY)
        self.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(201, 211, 222)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2.5)
        self.set_text_color(0, 0, 0)

    def paragraph(self, text: str, *, size: float = 9.5, colour: tuple[int, int, int] = (26, 26, 26)) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_text_color(0, 0, 0)

    def data_table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        level_col: int | None = None,
        right: Sequence[int] = (),
        size: float = 7.5,
        colour_col: dict[int, dict[str, tuple[int, int, int]]] | None = None,
    ) -> None:
        self.set_font(FONT, "", size)
        heading_style = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
        align = tuple("RIGHT" if i in right else "LEFT" for i in range(len(headers)))
        with self.table(
            col_widths=widths,
            width=self.epw,
            text_align=align,
            line_height=size * 0.48,
            headings_style=heading_style,
            borders_layout="HORIZONTAL_LINES",
            padding=(1.2, 1.5, 1.2, 1.5),
            repeat_headings=1,
            wrapmode=WrapMode.WORD,
        ) as t:
            t.row(headers)
            for n, row in enumerate(rows):
                fill = ZEBRA if n % 2 else WHITE  # explicit on every row: zebra without inherited fills
                r = t.row()
                for i, cell in enumerate(row):
                    style = FontFace(fill_color=fill)
                    if i == level_col:
                        style = FontFace(emphasis="BOLD", color=_level_colour(cell), fill_color=fill)
                    elif colour_col and i in colour_col and cell in colour_col[i]:
                        style = FontFace(emphasis="BOLD", color=colour_col[i][cell], fill_color=fill)
                    r.cell(cell, style=style)
        self.ln(2)

    def chart(self, chart: Chart, x: float, y: float, w: float, h: float) -> None:
        self.set_font(FONT, "B", 8.5)
        self.set_xy(x, y)
        self.cell(w, 5, chart.title)
        g = charts.layout(chart, w, h - 11, font_size=2.9)
        ox, oy = x, y + 5
        self.set_font(FONT, "", 6.5)
        self.set_line_width(0.15)
        for ty, label in g.y_ticks:
            self.set_draw_color(*_hex(charts.GRID_COLOUR))
            self.line(ox + g.left, oy + ty, ox + g.right, oy + ty)
            self.set_text_color(*_hex(charts.AXIS_COLOUR))
            self.text(ox + g.left - 1.2 - self.get_string_width(label), oy + ty + 1.0, label)
        self.set_draw_color(*_hex(charts.AXIS_COLOUR))
        self.line(ox + g.left, oy + g.bottom, ox + g.right, oy + g.bottom)
        for lx, label in g.x_labels:
            self.text(ox + lx - self.get_string_width(label) / 2, oy + g.bottom + 3.6, label)
        with self.rotation(90, ox + 2.2, oy + (g.top + g.bottom) / 2):
            self.text(
                ox + 2.2 - self.get_string_width(chart.unit) / 2, oy + (g.top + g.bottom) / 2 + 1, chart.unit
            )
        if g.target_y is not None:
            self.set_draw_color(*_hex(charts.TARGET_COLOUR))
            self.set_dash_pattern(dash=1.5, gap=1)
            self.line(ox + g.left, oy + g.target_y, ox + g.right, oy + g.target_y)
            self.set_dash_pattern()
        for s in g.series:
            self.set_draw_color(*_hex(s.colour))
            self.set_fill_color(*_hex(s.colour))
            self.set_line_width(0.5)
            for seg in s.segments:
                if len(seg) > 1:
                    self.polyline([(ox + px, oy + py) for px, py in seg])
            for px, py in s.points:
                self.circle(ox + px - 0.55, oy + py - 0.55, 0.55, style="F")
        self.set_line_width(0.2)
        if g.empty:
            note = "Not assessed in any month"
            self.text(
                ox + (g.left + g.right - self.get_string_width(note)) / 2, oy + (g.top + g.bottom) / 2, note
            )
        ly = oy + g.height + 1.5
        lx = ox + g.left
        for s in g.series:
            self.set_fill_color(*_hex(s.colour))
            self.rect(lx, ly - 1.6, 3, 0.9, style="F")
            self.text(lx + 4, ly, s.name)
            lx += 6 + self.get_string_width(s.name)
        if chart.target is not None:
            self.set_fill_color(*_hex(charts.TARGET_COLOUR))
            self.rect(lx, ly - 1.6, 3, 0.9, style="F")
            self.text(lx + 4, ly, chart.target_label)
        self.set_text_color(0, 0, 0)


def _parse_time(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text.replace(" UTC", "").replace("Z", ""))
    except ValueError:
        dt = datetime(2000, 1, 1)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {i}" for i in items) or "—"


def _kpi_table(pdf: _BoardPDF, rows: Sequence[KpiRow], *, with_dimension: bool) -> None:
    has_prev = any(k.previous_text != "—" for k in rows)
    headers = ["Indicator", "Value", "Level", "Next target", "L4 target"]
    widths: list[float] = [31, 15, 35, 18, 13] if with_dimension else [40, 14, 35, 20, 14]
    if with_dimension:
        headers.insert(1, "Dimension")
        widths.insert(1, 20)
    if has_prev:
        headers.append("Previous")
        widths.append(15)
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
    pdf = _BoardPDF(r)
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
            _level_colour(o.level_text),
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


def _lineage(pdf: _BoardPDF, r: Report) -> None:
    size = 7
    pdf.set_font(FONT, "", size)
    heading_style = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
    with pdf.table(
        col_widths=[11, 27, 46, 15, 15, 15, 15, 34],
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
