"""What ingestion tells the user: problems (file, line, column, value, rule, what to do) and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from answerable.errors import IngestError
from answerable.ingest.linkage import Linkage

MAX_LISTED = 100  # problems / warnings listed in a report; the counts stay exact


@dataclass(frozen=True)
class Problem:
    """One problem in a file. `line` counts the header as line 1 (the first data row is line 2)."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    message: str  # says what happened and what to do

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.message} [rule: {self.rule}]"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "rule": self.rule,
            "message": self.message,
        }


def refuse(
    name: str,
    rule: str,
    message: str,
    *,
    line: int | None = None,
    column: str | None = None,
    value: str | None = None,
) -> IngestError:
    """The error that refuses a whole file (nothing is loaded), naming where and what to do."""
    problem = Problem(name, line, column, value, rule, message)
    return IngestError(str(problem), file_name=name, problems=[problem])


@dataclass(frozen=True)
class IngestReport:
    file: str
    kind: str
    profile: str
    rows_read: int
    rows_loaded: int  # rows accepted (read minus rejected), before collapsing versions
    rows_rejected: int
    rows_collapsed: int  # accepted rows folded into a later version of the same key
    records: int  # distinct keys written by this batch
    batch_id: int
    status: str  # "loaded" or "duplicate"
    problems: tuple[Problem, ...] = ()  # rejected rows (first MAX_LISTED)
    warnings: tuple[Problem, ...] = ()  # loaded but suspicious (first MAX_LISTED per rule)
    date_formats: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    warning_counts: dict[str, int] = field(default_factory=dict)  # exact count per warning rule
    reject_counts: dict[str, int] = field(default_factory=dict)  # exact count per reject rule
    sha256: str = ""
    rows_blank: int = 0  # rows with every field empty: skipped, not in rows_read
    columns_dropped: int = 0  # columns without a header and without a value
    links: int = 0  # (change, CI) links kept from a change export
    # After loading incidents or AI decisions with the other loaded too: how the decisions link to the
    # incidents (DESIGN §3 linkage check); None otherwise.
    linkage: Linkage | None = None

    def rule_summaries(self) -> list[str]:
        """One line per reject or warning rule, never hundreds of identical lines."""
        return summarise(self.reject_counts, self.problems) + summarise(self.warning_counts, self.warnings)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "profile": self.profile,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "rows_collapsed": self.rows_collapsed,
            "records": self.records,
            "batch_id": self.batch_id,
            "status": self.status,
            "summary": self.summary,
            "date_formats": dict(self.date_formats),
            "reject_counts": dict(self.reject_counts),
            "warning_counts": dict(self.warning_counts),
            "problems": [p.to_json() for p in self.problems],
            "warnings": [w.to_json() for w in self.warnings],
            "sha256": self.sha256,
            "rows_blank": self.rows_blank,
            "columns_dropped": self.columns_dropped,
            "links": self.links,
            "linkage": self.linkage.to_json() if self.linkage is not None else None,
            "rule_summaries": self.rule_summaries(),
        }


def summary_sentence(
    rows_read: int,
    rows_loaded: int,
    rows_rejected: int,
    records: int,
    rows_blank: int = 0,
    *,
    columns_dropped: int = 0,
    kind: str = "",
    multi_valued: bool = False,
    links: int = 0,
) -> str:
    """A plain sentence, e.g. '141,712 rows collapsed into 24,918 records', or for a change export with
    one row per change and CI, '30,275 rows: 18,000 changes with 30,275 CI links'."""
    if multi_valued and links:
        text = f"{rows_loaded:,} rows: {records:,} {kind or 'records'} with {links:,} CI links"
    elif multi_valued:
        text = (
            f"{rows_loaded:,} rows: {records:,} records (a key repeats in rows that nothing orders as "
            "versions; each record keeps its last row)"
        )
    elif rows_loaded > records:
        text = f"{rows_loaded:,} rows collapsed into {records:,} records"
    else:
        text = f"{records:,} record{'' if records == 1 else 's'} loaded"
    if rows_rejected:
        text += f"; {rows_rejected:,} of {rows_read:,} rows rejected"
    if rows_blank:
        text += f"; {rows_blank:,} blank row{'s' if rows_blank != 1 else ''} skipped"
    if columns_dropped:
        plural = "s" if columns_dropped != 1 else ""
        text += f"; {columns_dropped:,} empty column{plural} without a header dropped"
    return text


COLUMN_RULES = (
    "unnamed_column", "duplicate_header_ignored", "repeated_header_first_used", "placeholder",
    "rescaled_percent",
)


def summarise(counts: dict[str, int], listed: tuple[Problem, ...]) -> list[str]:
    """One line per rule: '203 rows [empty_key]: Row rejected: the key incident_id is empty. Fill it in.
    Lines 5, 17, 40 …' (the exact count, the rule's message, the first lines); a rule about whole
    columns lists its few messages instead."""
    out = []
    for rule, n in counts.items():
        mine = [p for p in listed if p.rule == rule]
        if rule in COLUMN_RULES:
            out += [p.message for p in mine]
            continue
        lines = sorted({p.line for p in mine if p.line is not None})
        text = f"{n:,} row{'s' if n != 1 else ''} [{rule}]"
        if mine:
            text += f": {mine[0].message}"
        if lines:
            word = "Line" if len(lines) == 1 and n == 1 else "Lines"
            text += f" {word} {', '.join(str(x) for x in lines[:5])}{' …' if n > 5 else ''}."
        out.append(text)
    return out
