"""The report's tables as rows of cells, laid out once for both renderers: the HTML template and the PDF
canvas draw the same headers, rows and cell texts, each in its own medium.

Every cell's text is cut here (`present.clip`, an ellipsis shows the cut), so one long value (a
1,500-character AI system name, a 2,000-character file name) can never push a PDF row past a page or
stretch an HTML table. Colours come from the typed values (levels as ints), never from parsing text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from answerable.present import CELL_LIMIT, LEVEL_COLOURS, MISSING, NAME_LIMIT, clip, level_colour
from answerable.report.structure import KpiRow, LineageRow, Report

ITEM_LIMIT = 240  # one bullet of a list cell (an indicator line, a gap sentence)
MAX_ITEMS = 12  # bullets in one cell; more are counted, not listed
GOOD = LEVEL_COLOURS[4]
BAD = LEVEL_COLOURS[1]
# The "Who answers" section's words when the inventory and the records agree (PDF, HTML and app preview)
NO_MISMATCH = "No mismatch between the responsibility the AI inventory declares and what the records show."


@dataclass(frozen=True)
class Cell:
    text: str = ""
    kind: str = "text"  # text | level (coloured by its level) | flag (bold in `colour`) | list (bullets)
    items: tuple[str, ...] = ()  # the bullets of a list cell (none: shown as a dash)
    level: int | None = None  # a level cell's level (None: not assessed)
    colour: str | None = None  # hex: the colour a level or flag cell is drawn in


@dataclass(frozen=True)
class Table:
    key: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # PDF column widths in mm (sum = the 178 mm text width)
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    mono: frozenset[int] = frozenset()  # fixed-width columns (hashes)
    detail: int | None = None  # PDF: this column goes on a line of its own under the row (sha256)


def cell_text(cell: Cell, *, bullet: str = "• ", sep: str = "\n") -> str:
    """A cell as plain text: a list cell's items one per line with bullets (PDF), or joined by `sep`."""
    if cell.kind == "list":
        return sep.join(f"{bullet}{i}" for i in cell.items) or MISSING
    return cell.text


def frame_rows(table: Table) -> list[list[str]]:
    """The rows as plain strings, list cells joined by '; ' (the app's preview of the report)."""
    return [[cell_text(c, bullet="", sep="; ") for c in row] for row in table.rows]


def text(value: str, limit: int = CELL_LIMIT) -> Cell:
    return Cell(text=clip(value, limit))


def name(value: str) -> Cell:
    """A name from the data (AI system, owner, team, file): cut at NAME_LIMIT characters."""
    return text(value, NAME_LIMIT)


def level(level_text: str, lvl: int | None) -> Cell:
    return Cell(text=level_text, kind="level", level=lvl, colour=level_colour(lvl))


def bullets(items: Sequence[str]) -> Cell:
    shown = [clip(i, ITEM_LIMIT) for i in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        shown.append(f"and {len(items) - MAX_ITEMS} more")
    return Cell(kind="list", items=tuple(shown))


def has_previous(rows: Sequence[KpiRow]) -> bool:
    return any(k.previous_text != MISSING for k in rows)


def kpi_table(
    key: str, rows: Sequence[KpiRow], *, with_dimension: bool, compared: str = "Previous period"
) -> Table:
    prev = has_previous(rows)
    headers = ["Indicator", "Value", "Level", "Next target", "Level 4 target"]
    widths: list[float] = [31, 15, 35, 18, 13] if with_dimension else [40, 14, 35, 20, 14]
    if with_dimension:
        headers.insert(1, "Dimension")
        widths.insert(1, 20)
    if prev:
        headers.append(compared)
        # two months' values ("4.9% → 4.8%") need more room than one; the appendix keeps its note wide
        widths.append(22 if "→" in compared and not with_dimension else 17)
    headers.append("Note")
    widths.append(178 - sum(widths))  # the note takes what is left (>= 30 mm)
    body = []
    for k in rows:
        row = [text(k.title), text(k.value_text), level(k.level_text, k.level), text(k.next_target_text),
               text(k.l4_target_text)]
        if with_dimension:
            row.insert(1, text(k.dimension))
        if prev:
            row.append(text(k.previous_text))
        row.append(text(k.note))
        body.append(tuple(row))
    return Table(key, tuple(headers), tuple(body), tuple(widths))


def tables(r: Report) -> dict[str, Table]:
    """Every table of the report by key, in the order the report shows them."""
    access = {"controlled": GOOD, "uncontrolled": BAD}
    return {
        "kpis": kpi_table("kpis", r.kpis, with_dimension=False, compared=r.compared_header),
        "dimensions": Table(
            "dimensions",
            ("Dimension", "Level", "Score", "Assessed", "Indicators", "To reach the next level"),
            tuple(
                (text(d.title), level(d.level_text, d.level), text(d.score_text),
                 text(d.coverage_text.removesuffix(" assessed")), bullets(d.indicators), bullets(d.gaps))
                for d in r.dimensions
            ),
            (24, 30, 13, 19, 50, 42),  # "Score" and "Assessed" fit on one line
            numeric=frozenset({2}),
        ),
        "risks": Table(
            "risks",
            ("Risk", "Dimension", "Value", "Level", "What it takes", "Accountable owners"),
            tuple(
                (text(k.title), text(k.dimension), text(k.value_text), level(k.level_text, k.level),
                 text(k.gap_text), text(k.owners_text))
                for k in r.risks
            ),
            (30, 21, 14, 34, 41, 38),
        ),
        "broken_chains": Table(
            "broken_chains",
            ("Decision", "Decided", "AI system", "Who answers", "Why it is broken", "Outcome", "Incident"),
            tuple(
                (text(b.decision_id), text(b.decided_at), name(b.ai_system),
                 Cell(text=clip(b.who_answers, NAME_LIMIT), kind="flag",
                      colour=BAD if b.who_answers == "nobody" else None),
                 text(b.broken), text(b.outcome), text(b.incident_text))
                for b in r.broken_chains
            ),
            (20, 24, 22, 24, 46, 18, 24),  # "Outcome" fits on one line
        ),
        "mismatches": Table(
            "mismatches",
            ("AI system", "Declared vs observed"),
            tuple((name(m.ai_system), text(m.mismatch)) for m in r.mismatches),
            (40, 138),
        ),
        "inventory": Table(
            "inventory",
            ("AI system", "Business owner", "Technical owner", "Escalation path", "Status", "Access", "Why"),
            tuple(
                (name(i.system), name(i.business_owner), name(i.technical_owner), name(i.escalation_path),
                 name(i.status), Cell(text=i.access_status, kind="flag", colour=access.get(i.access_status)),
                 text(i.access_reason))
                for i in r.inventory
            ),
            (33, 22, 22, 23, 17, 24, 37),
        ),
        "not_assessed": Table(
            "not_assessed",
            ("Indicator", "Dimension", "Why not assessed"),
            tuple((text(n.title), text(n.dimension), text(n.reason)) for n in r.not_assessed),
            (45, 32, 101),
        ),
        "indicators": kpi_table("indicators", r.indicators, with_dimension=True, compared=r.compared_header),
        "lineage": Table(
            "lineage",
            LineageRow.HEADINGS,
            tuple(
                tuple(name(c) if i == 2 else text(c) for i, c in enumerate(b.cells())) for b in r.lineage
            ),
            (11, 27, 33, 0, 14, 14, 16, 15, 26, 22),  # sha256 (detail) takes no column in the PDF
            numeric=frozenset({0, 4, 5, 6, 7}),
            mono=frozenset({3}),
            detail=3,
        ),
    }
