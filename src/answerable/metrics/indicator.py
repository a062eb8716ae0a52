"""The Indicator value: one accountability indicator or context metric, as its two files declare it.

`sql/<id>.sql` selects the POPULATION (one row per record in the denominator); `sql/<id>.toml` holds
everything else (indicator_file.py reads it). The engine derives value, numerator, denominator,
trend, breakdown and drill-down from the one query; the UI, CLI, report and maturity model read the
Indicator and never re-declare it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SQL_DIR = Path(__file__).resolve().parent / "sql"

Direction = Literal["lower", "higher"]
Aggregate = Literal["rate", "p90", "median", "mean", "count"]
AGGREGATES: tuple[str, ...] = ("rate", "p90", "median", "mean", "count")
# The quantile a p90 / median indicator's value is (continuous, like DuckDB quantile_cont).
QUANTILE_OF: dict[str, float] = {"p90": 0.9, "median": 0.5}

# Which filters each population dataset ignores (DESIGN §4 filter table; _base/scope.sql applies it).
IGNORED_FILTERS: dict[str, tuple[str, ...]] = {
    "incidents": ("ai_system",),
    "ai_decisions": (),
    "ai_systems": ("period", "assignment_group"),
    "changes": ("ai_system", "assignment_group"),
    "knowledge_articles": ("period", "ai_system", "assignment_group"),
    "cmdb_items": ("period", "ai_system", "assignment_group"),
}
# The columns a population of each dataset can be broken down by.
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "incidents": ("assignment_group",),
    "ai_decisions": ("ai_system", "assignment_group", "decision_type"),
    "ai_systems": ("ai_system",),
}
# Populations that are a snapshot (no month of their own): their trend is re-evaluated per month.
SNAPSHOT_POPULATIONS = ("ai_systems", "knowledge_articles", "cmdb_items")


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    definition: str
    direction: Direction
    unit: str
    kind: Literal["accountability", "context"]
    requires: tuple[str, ...]
    dimension: str | None
    breakdowns: tuple[str, ...]
    ignored_filters: tuple[str, ...]
    sql: str
    min_evidence_basis: Literal["records", "systems"]
    references: tuple[str, ...]  # framework clause keys (declared in maturity/crosswalk.toml)
    # How the engine turns the population into a figure.
    population: str  # dataset whose records are counted
    aggregate: Aggregate
    evidence_label: str  # what one population row is, plural ("AI decisions")
    needs: tuple[tuple[str, str], ...]  # (dataset, column) that must be non-null in some row
    reads: tuple[str, ...]  # every dataset read, look-ups included (for lineage)
    extra_sql: str | None  # optional one-row query of side figures (MetricResult.extra)
    bands: tuple[float, ...] | None  # built-in model bands (L5, L4, L3, L2); accountability only
    sql_file: str = ""  # the population file, relative to src/answerable/metrics/sql
    min_evidence: int | None = None  # built-in override of the model's minimum evidence
    gap: str = ""  # next-level action, with {n} (records to fix) and optionally {target}
    gap_label: str = ""  # short name of the value in a gap sentence ("unowned")
    shown_with: str | None = None  # context metrics: the dimension whose page shows them
    order: int = 0  # position among indicators of its kind (DESIGN §4 order)

    @property
    def is_snapshot(self) -> bool:
        return self.population in SNAPSHOT_POPULATIONS

    @property
    def quantile(self) -> float | None:
        """The quantile the value is, for p90 and median indicators; None otherwise."""
        return QUANTILE_OF.get(self.aggregate)
