"""The board report as one value: frozen dataclasses that `build_report` fills and the renderers read.

Each row carries its typed values (numbers, levels as ints, statuses) beside the same values worded for a
reader (`*_text`, formatted by `answerable.present`). Renderers lay the text out and take colours and
order from the typed values; they never parse a level or a number back out of text.
"""

from __future__ import annotations

from dataclasses import dataclass

from answerable.present import format_count


@dataclass(frozen=True)
class Overall:
    level: int | None
    level_text: str  # "Level 3 – Defined" or "Not assessed"
    index: float | None
    index_text: str  # "54.3 / 100" or "—"
    provisional: bool
    fully_embedded: bool
    change_text: str  # "+4.1 points vs 1 Jan – 31 Mar 2026" or why there is no comparison
    coverage_text: str = ""  # "17 of 25 indicators assessed", shown beside the level (DESIGN §5)


@dataclass(frozen=True)
class DimensionRow:
    id: str
    title: str
    level_text: str
    score_text: str
    indicators: tuple[str, ...]  # "Unowned AI decisions 7.9% (Level 3)" per indicator
    gaps: tuple[str, ...]  # what it takes to reach the next level
    level: int | None
    score: float | None  # 0-100, None when not assessed
    coverage_text: str = ""  # "4 of 6 indicators assessed", shown beside the level (DESIGN §5)
    provisional: bool = False  # fewer than half of its indicators assessed: the level is provisional


@dataclass(frozen=True)
class KpiRow:
    id: str
    title: str
    dimension: str
    value_text: str
    level_text: str
    next_target_text: str  # next band edge, e.g. "≤ 5%"
    l4_target_text: str  # the Level 4 edge
    previous_text: str  # value in the previous period, "12.0% → 10.5%" for two months, or "—"
    status: str  # ok | insufficient_evidence | not_assessed
    note: str  # reason when not assessed / insufficient evidence; side figures otherwise
    value: float | None
    unit: str
    level: int | None
    previous: float | None  # the value in the previous period (or month), when assessed there
    current: float | None = None  # by month: the later month's value (the app's delta: current - previous)


@dataclass(frozen=True)
class Risk:
    title: str
    dimension: str
    value_text: str
    level_text: str
    gap_text: str
    owners_text: str  # accountable owners behind the records
    value: float | None
    unit: str
    level: int | None


@dataclass(frozen=True)
class InventoryRow:
    system: str
    business_owner: str
    technical_owner: str
    escalation_path: str
    status: str
    access_status: str  # "controlled" | "uncontrolled"
    access_reason: str  # why (scope, review age, rotation age)


@dataclass(frozen=True)
class LineageRow:
    batch_id: int
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    records: int
    loaded_at: str
    state: str  # "active" | "retracted <date>"

    HEADINGS = (
        "Batch", "Kind", "File", "sha256", "Read", "Loaded", "Rejected", "Records", "Loaded at", "State",
    )

    def cells(self) -> tuple[str, ...]:
        """The row as displayed text, in HEADINGS order (report.tables: PDF, HTML and the app page)."""
        return (
            str(self.batch_id), self.kind, self.file_name, self.sha256, format_count(self.rows_read),
            format_count(self.rows_loaded), format_count(self.rows_rejected), format_count(self.records),
            self.loaded_at, self.state,
        )


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per chart month; None = not assessed that month
    # One per chart month (or empty: none): True = a thin month or one with too little evidence
    # (maturity.trend.series_thin, as the app's charts): drawn hollow, never joined by the line.
    thin: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str  # y-axis unit label, e.g. "%", "index 0–100", "minutes"
    months: tuple[str, ...]  # "2026-01"
    series: tuple[Series, ...]
    target: float | None = None  # drawn as a dashed line (the Level 4 edge)
    target_label: str = ""
    y_max: float | None = None  # fixed upper bound (100 for the index and rates)


@dataclass(frozen=True)
class NotAssessed:
    title: str
    dimension: str
    reason: str


@dataclass(frozen=True)
class BrokenChainRow:
    """One of the most consequential broken accountability chains (the Unanswered list's head)."""

    decision_id: str
    decided_at: str
    ai_system: str
    who_answers: str  # "nobody" when nobody answers
    role: str
    broken: str  # the reasons, worded
    outcome: str
    incident_text: str  # "INC0012672 (P1)" or "—"


@dataclass(frozen=True)
class MismatchRow:
    ai_system: str
    mismatch: str  # a sentence: declared vs observed responsibility


@dataclass(frozen=True)
class Report:
    title: str
    organisation: str
    period_text: str
    filters_text: str  # "AI system: X; assignment group: Y" or "none"
    generated_at: str  # ISO, UTC
    as_of: str
    model_version: str
    demo_data: bool
    overall: Overall
    summary: tuple[str, ...]  # executive summary: plain sentences, one paragraph each
    dimensions: tuple[DimensionRow, ...]
    kpis: tuple[KpiRow, ...]  # headline accountability KPIs
    indicators: tuple[KpiRow, ...]  # every scored indicator (appendix)
    charts: tuple[Chart, ...]
    risks: tuple[Risk, ...]
    inventory: tuple[InventoryRow, ...]
    inventory_note: str
    not_assessed: tuple[NotAssessed, ...]
    lineage: tuple[LineageRow, ...]
    # Who answers (DESIGN §7 second edition): the Unanswered list's head and the responsibility mismatches
    broken_chains: tuple[BrokenChainRow, ...] = ()
    broken_chains_note: str = ""
    mismatches: tuple[MismatchRow, ...] = ()
    # The KPI tables' comparison column, named for the periods compared (maturity.compare, as the app)
    compared_header: str = "Previous period"
