"""The PDF canvas of the board report: an fpdf2 document with the bundled DejaVu fonts, running header
and footer (page X of N), section headings, zebra tables and line charts drawn from `charts.layout`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from answerable.present import rgb
from answerable.report import charts
from answerable.report.structure import Chart, Report
from answerable.report.tables import Table, cell_text

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
NAVY = (31, 78, 121)
GREY = (89, 89, 89)
ZEBRA = (242, 245, 249)
WHITE = (255, 255, 255)
hex_rgb = rgb  # chart colours are hex strings, shared with the HTML SVG


class BoardPDF(FPDF):
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
        self.set_creation_date(parse_time(report.generated_at))
        self.set_lang("en-GB")
        self.page_mode = "USE_OUTLINES"  # open with the bookmarks panel

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
        self.start_section(text)  # a bookmark in the PDF outline, so a reader can jump to each section
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

    def data_table(self, table: Table, *, size: float = 7.5) -> None:
        """A zebra table of `report.tables` rows (the rows the HTML shows). Cells arrive already cut to
        their limits; long words wrap by character, so no row can outgrow a page."""
        self.set_font(FONT, "", size)
        heading_style = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
        columns = [i for i in range(len(table.headers)) if i != table.detail]
        align = tuple("RIGHT" if i in table.numeric else "LEFT" for i in columns)
        with self.table(
            col_widths=[table.widths[i] for i in columns],
            width=self.epw,
            text_align=align,
            line_height=size * 0.48,
            headings_style=heading_style,
            borders_layout="HORIZONTAL_LINES",
            padding=(1.2, 1.5, 1.2, 1.5),
            repeat_headings=1,
            wrapmode=WrapMode.WORD,
        ) as t:
            t.row([table.headers[i] for i in columns])
            for n, row in enumerate(table.rows):
                fill = ZEBRA if n % 2 else WHITE  # explicit on every row: zebra without inherited fills
                r = t.row()
                for i in columns:
                    cell = row[i]
                    style = FontFace(fill_color=fill)
                    if cell.colour is not None and cell.kind in ("level", "flag"):
                        style = FontFace(emphasis="BOLD", color=rgb(cell.colour), fill_color=fill)
                    r.cell(cell_text(cell), style=style)
                if table.detail is not None:  # e.g. the sha256, whole, on a line of its own
                    d = t.row()
                    d.cell("", style=FontFace(fill_color=fill))
                    d.cell(
                        f"{table.headers[table.detail]} {row[table.detail].text}",
                        colspan=len(columns) - 1,
                        style=FontFace(color=GREY, fill_color=fill),
                    )
        self.ln(2)

    def chart(self, chart: Chart, x: float, y: float, w: float, h: float, note_lines: int = 1) -> None:
        """One chart in the box; `note_lines` lines below its legend are kept for the notes (the most
        any chart of the report has, so charts side by side have plots of the same height)."""
        self.set_font(FONT, "B", 8.5)
        self.set_xy(x, y)
        self.cell(w, 5, chart.title)
        notes = chart_notes(chart)
        g = charts.layout(chart, w, h - 11 - 3 * max(note_lines - 1, len(notes) - 1, 0), font_size=2.9)
        ox, oy = x, y + 5
        self.set_font(FONT, "", 6.5)
        self.set_line_width(0.15)
        for ty, label in g.y_ticks:
            self.set_draw_color(*hex_rgb(charts.GRID_COLOUR))
            self.line(ox + g.left, oy + ty, ox + g.right, oy + ty)
            self.set_text_color(*hex_rgb(charts.AXIS_COLOUR))
            self.text(ox + g.left - 1.2 - self.get_string_width(label), oy + ty + 1.0, label)
        self.set_draw_color(*hex_rgb(charts.AXIS_COLOUR))
        self.line(ox + g.left, oy + g.bottom, ox + g.right, oy + g.bottom)
        for cx, _ in g.cuts:  # a long gap cut out of the axis: a dotted line and a // on the axis
            self.set_dash_pattern(dash=0.3, gap=0.9)
            self.line(ox + cx, oy + g.top, ox + cx, oy + g.bottom)
            self.set_dash_pattern()
            self.set_fill_color(255, 255, 255)
            self.rect(ox + cx - 1.1, oy + g.bottom - 1.3, 2.2, 2.6, style="F")
            for dx in (-1.2, 0.3):
                self.line(ox + cx + dx, oy + g.bottom + 1.1, ox + cx + dx + 0.9, oy + g.bottom - 1.1)
        for lx, label in g.x_labels:
            self.text(ox + lx - self.get_string_width(label) / 2, oy + g.bottom + 3.6, label)
        with self.rotation(90, ox + 2.2, oy + (g.top + g.bottom) / 2):
            self.text(
                ox + 2.2 - self.get_string_width(chart.unit) / 2, oy + (g.top + g.bottom) / 2 + 1, chart.unit
            )
        if g.target_y is not None:
            self.set_draw_color(*hex_rgb(charts.TARGET_COLOUR))
            self.set_dash_pattern(dash=1.5, gap=1)
            self.line(ox + g.left, oy + g.target_y, ox + g.right, oy + g.target_y)
            self.set_dash_pattern()
        for s in g.series:
            self.set_draw_color(*hex_rgb(s.colour))
            self.set_fill_color(*hex_rgb(s.colour))
            self.set_line_width(0.5)
            for seg in s.segments:
                if len(seg) > 1:
                    self.polyline([(ox + px, oy + py) for px, py in seg])
            for px, py in s.points:  # fpdf2's circle() takes the centre (its ellipse() the corner)
                self.circle(ox + px, oy + py, 0.55, style="F")
            self.set_fill_color(255, 255, 255)
            self.set_line_width(0.3)
            for px, py in s.hollow:  # thin months: hollow, never joined
                self.circle(ox + px, oy + py, 0.6, style="DF")
        self.set_line_width(0.2)
        if g.empty:
            note = "Not assessed in any month"
            self.text(
                ox + (g.left + g.right - self.get_string_width(note)) / 2, oy + (g.top + g.bottom) / 2, note
            )
        ly = oy + g.height + 1.5
        lx = ox + g.left
        for s in g.series:
            self.set_fill_color(*hex_rgb(s.colour))
            self.rect(lx, ly - 1.6, 3, 0.9, style="F")
            self.text(lx + 4, ly, s.name)
            lx += 6 + self.get_string_width(s.name)
        if chart.target is not None:
            self.set_fill_color(*hex_rgb(charts.TARGET_COLOUR))
            self.rect(lx, ly - 1.6, 3, 0.9, style="F")
            self.text(lx + 4, ly, chart.target_label)
            lx += 6 + self.get_string_width(chart.target_label)
        for note in notes:  # each on a line of its own: the two charts of a row sit side by side
            lx, ly = ox + g.left, ly + 3
            if note == charts.HOLLOW_LABEL:
                self.set_draw_color(*hex_rgb(charts.AXIS_COLOUR))
                self.set_fill_color(255, 255, 255)
                self.set_line_width(0.25)
                self.circle(lx + 1.5, ly - 1.15, 0.6, style="DF")
                self.set_line_width(0.2)
                lx += 4
            self.text(lx, ly, note)
        self.set_text_color(0, 0, 0)


def chart_notes(chart: Chart) -> list[str]:
    """The notes under a chart's legend: what a hollow dot means, and each cut in its month axis."""
    g = charts.layout(chart, 100, 100, font_size=2.9)
    return ([charts.HOLLOW_LABEL] if g.any_hollow else []) + [f"// axis cut: {n}" for _, n in g.cuts]


def parse_time(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text.replace(" UTC", "").replace("Z", ""))
    except ValueError:
        dt = datetime(2000, 1, 1)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt
