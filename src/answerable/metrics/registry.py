"""The metric registry: one Indicator per accountability indicator and context metric (DESIGN §4).

Each indicator is declared once in `catalog.py` with its plain-language definition and one SQL file
in `sql/` that selects its POPULATION (one row per record in the denominator). The engine derives
value, numerator, denominator, trend, breakdown and drill-down from that one query; the UI, CLI and
report read the registry and never re-implement a formula.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

SQL_DIR = Path(__file__).resolve().parent / "sql"
CROSSWALK_PATH = Path(__file__).resolve().parent.parent / "maturity" / "crosswalk.toml"

Direction = Literal["lower", "higher"]
Aggregate = Literal["rate", "p90", "median", "mean", "count"]

# Which filters each population dataset ignores (DESIGN §4 filter table).
IGNORED_FILTERS: dict[str, tuple[str, ...]] = {
    "incidents": ("ai_system",),
    "ai_decisions": (),
    "ai_systems": ("period", "assignment_group"),
    "changes": ("ai_system", "assignment_group"),
    "knowledge_articles": ("period", "ai_system", "assignment_group"),
    "cmdb_items": ("period", "ai_system", "assignment_group"),
}
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
    references: tuple[str, ...]
    # How the engine turns the population into a figure.
    population: str  # dataset whose records are counted
    aggregate: Aggregate
    evidence_label: str  # what one population row is, plural ("AI decisions")
    needs: tuple[tuple[str, str], ...]  # (dataset, column) that must be non-null in some row
    reads: tuple[str, ...]  # every dataset read, look-ups included (for lineage)
    extra_sql: str | None  # optional one-row query of side figures (MetricResult.extra)
    bands: tuple[float, ...] | None  # built-in model bands (L5, L4, L3, L2), for documentation
    sql_file: str = ""  # the population file, relative to src/answerable/metrics/sql

    @property
    def is_snapshot(self) -> bool:
        return self.population in SNAPSHOT_POPULATIONS


@dataclass(frozen=True)
class Spec:
    """What catalog.py declares; `build` turns it into an Indicator."""

    id: str
    title: str
    definition: str
    direction: Direction
    unit: str
    population: str
    aggregate: Aggregate
    evidence_label: str
    requires: tuple[str, ...] = ()
    needs: tuple[tuple[str, str], ...] = ()
    lookups: tuple[str, ...] = ()
    sql_file: str | None = None
    extra_file: str | None = None


def _read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def _clause_list(value: Any) -> tuple[str, ...]:
    """Clause ids from a crosswalk entry, tolerant of the shapes a crosswalk may take."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                ident = item.get("id") or item.get("clause")
                framework = item.get("framework")
                if ident:
                    out.append(f"{framework} {ident}" if framework else str(ident))
        return tuple(out)
    if isinstance(value, dict):
        for key in ("references", "clauses", "ids"):
            if key in value:
                return _clause_list(value[key])
        out = []
        for framework, clauses in value.items():
            out += [f"{framework} {c}" for c in _clause_list(clauses)]
        return tuple(out)
    return ()


def load_references(path: Path = CROSSWALK_PATH) -> dict[str, tuple[str, ...]]:
    """Indicator id -> framework clause ids, from the maturity crosswalk when it exists."""
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    table = raw.get("indicators", raw)
    if not isinstance(table, dict):
        return {}
    return {k: _clause_list(v) for k, v in table.items() if isinstance(k, str)}


def build(specs: list[Spec], kind: Literal["accountability", "context"],
          model: dict[str, Any], references: dict[str, tuple[str, ...]]) -> list[Indicator]:
    """Indicators from specs, with dimension and bands from the built-in model TOML."""
    dimensions = model.get("dimensions", {})
    dimension_of = {ind: dim_id for dim_id, dim in dimensions.items() for ind in dim.get("indicators", [])}
    bands_of = {
        k: tuple(float(b) for b in v.get("bands", ())) for k, v in model.get("indicators", {}).items()
    }
    out = []
    for s in specs:
        requires = (s.population, *[r for r in s.requires if r != s.population])
        out.append(
            Indicator(
                id=s.id, title=s.title, definition=" ".join(s.definition.split()), direction=s.direction,
                unit=s.unit, kind=kind, requires=requires, dimension=dimension_of.get(s.id),
                breakdowns=BREAKDOWNS.get(s.population, ()),
                ignored_filters=IGNORED_FILTERS[s.population],
                sql=_read_sql(s.sql_file or f"{s.id}.sql"),
                min_evidence_basis="systems" if s.population == "ai_systems" else "records",
                references=references.get(s.id, ()),
                population=s.population, aggregate=s.aggregate, evidence_label=s.evidence_label,
                needs=s.needs, reads=tuple(dict.fromkeys((*requires, *s.lookups))),
                extra_sql=_read_sql(s.extra_file) if s.extra_file else None,
                bands=bands_of.get(s.id) if kind == "accountability" else None,
                sql_file=s.sql_file or f"{s.id}.sql",
            )
        )
    return out
