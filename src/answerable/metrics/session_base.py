"""What a metric session is, whatever engine runs it: the base tables `m_<kind>` built from the
sql/_base files, the bound parameters of one filter set, and the facts the engine asks of them
(column availability, not-assessable reasons, lineage batches, the latest timestamp).

The SQL that reaches a session is always written in DuckDB's dialect (the sql/ files, the engine's
aggregate tails); an engine-specific subclass only implements `execute` (and builds the base
tables). `session.Session` runs it on DuckDB; `answerable.spark.session.SparkSession` transpiles it
to Spark SQL. engine.py and maturity/score.py take either, so value, status and level are derived by
one code path.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from answerable.contract import DATASETS
from answerable.metrics.registry import Indicator
from answerable.metrics.settings import Settings
from answerable.metrics.supplied import (
    alternatives,
    empty_warning,
    filled_sql,
    missing_reason,
    supplied_by_batches,
)
from answerable.results import Filters
from answerable.store import quote_ident
from answerable.text import MACROS, strip_text

BASE_DIR = Path(__file__).resolve().parent / "sql" / "_base"
# Dependency order: decisions join the incident and inventory tables. `evidence` holds the dates of
# things done from every loaded version, judged at the as-of date by the scope (not a dataset);
# `filled` counts the current records and the non-empty values of every contract column.
BASE_ORDER = (
    "incidents", "ai_systems", "ai_decisions", "changes", "knowledge_articles", "cmdb_items", "evidence",
    "filled",
)
SCOPE_SQL = (BASE_DIR / "scope.sql").read_text(encoding="utf-8")
GAP_FIELDS = ("category", "assignment_group", "priority", "cmdb_ci", "resolved_at")
# The SQL macros (trimming, owner-present) every session's SQL may call: DuckDB installs them on its
# cursor, Spark inlines them (answerable.spark.dialect).
MACROS_SQL = (BASE_DIR / "macros.sql").read_text(encoding="utf-8")  # point-in-time rules, declared once
SQL_MACROS: tuple[str, ...] = (*MACROS, MACROS_SQL)
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The named parameters an SQL text uses (DuckDB refuses unused ones)."""
    return {name: params[name] for name in set(PARAM.findall(sql))}


def base_sql(kind: str) -> str:
    """The query of one base table (`m_<kind>`; reads `src_<kind>`, `rows_<kind>`, `batches` and
    earlier base tables)."""
    return filled_sql() if kind == "filled" else (BASE_DIR / f"{kind}.sql").read_text(encoding="utf-8")


def uses_as_of(ind: Indicator) -> bool:
    """Whether the indicator judges dates against the as-of date (directly or via is_controlled)."""
    return "$as_of" in ind.sql or "is_controlled" in ind.sql


def judged_at_as_of(ind: Indicator) -> bool:
    """Whether the figure depends on the as-of date: it compares with it, or reads a date of a thing
    done (evidence at the as-of date) through the scope."""
    return uses_as_of(ind) or ind.population in ("ai_systems", "knowledge_articles", "cmdb_items") or (
        "pir_evidence" in ind.sql or "pir_evidence" in (ind.extra_sql or "")
    )


def base_table(kind: str) -> str:
    return quote_ident(f"m_{kind}")


def as_of_from(filters: Filters, latest: datetime | None) -> datetime | None:
    """DESIGN §4: the period's `to` when given, else the latest opened_at / decided_at."""
    if filters.date_to is not None:
        return datetime.combine(filters.date_to, time())
    return latest


def latest_sql() -> str:
    """The latest opened_at / decided_at over the base tables (the default as-of date)."""
    return (
        f"SELECT greatest((SELECT max(opened_at) FROM {base_table('incidents')}), "  # noqa: S608
        f"(SELECT max(decided_at) FROM {base_table('ai_decisions')}))"
    )


def _start(d: date | None) -> datetime | None:
    return datetime.combine(d, time()) if d is not None else None


def _text(value: str | None) -> str | None:
    value = strip_text(value) if value else None
    return value or None


class MetricSession(ABC):
    """Base tables plus the bound parameters of one filter set, on some SQL engine."""

    settings: Settings
    latest: datetime | None

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.latest = None
        self._filled: dict[tuple[str, str], int] = {}
        self._records: dict[str, int] = {}
        self._supplied: dict[str, frozenset[str]] = {}
        self._batches: dict[str, tuple[int, ...]] = {}

    @abstractmethod
    def execute(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run one statement written in DuckDB's dialect; `params` may hold more names than it uses."""

    def close(self) -> None:  # noqa: B027 - engines without resources keep the default
        """Release the engine's resources (the base tables stay cached where the engine caches them)."""

    def __enter__(self) -> MetricSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- parameters ---------------------------------------------------------------------------------
    def params(self, filters: Filters, as_of: datetime | None = None) -> dict[str, Any]:
        p = self.settings.params()
        p.update(
            date_from=_start(filters.date_from),
            date_to=_start(filters.date_to),
            ai_system=_text(filters.ai_system),
            assignment_group=_text(filters.assignment_group),
            as_of=as_of if as_of is not None else as_of_from(filters, self.latest),
        )
        # incident_data_gap_rate checks only the fields the incident export supplies
        p["gap_fields"] = [f for f in GAP_FIELDS if f in self.supplied("incidents")]
        return p

    def query(self, body: str, params: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run `body` (a statement that may use the scope CTEs) after the filter scope."""
        return self.execute(f"{SCOPE_SQL}\n{body}", params)

    def population_query(self, ind: Indicator, tail: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return self.query(f", population AS (\n{ind.sql}\n)\n{tail}", params)[1]

    def population_queries(
        self, ind: Indicator, tail: str, params: Sequence[dict[str, Any]]
    ) -> list[tuple[Any, ...]]:
        """The one-row `tail` over the indicator's population under each parameter set (one per month
        of a trend, each with its own period and as-of date), in that order."""
        return [self.population_query(ind, tail, p)[0] for p in params]

    def aggregates(self, requests: Sequence[tuple[Indicator, str]],
                   params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The one-row result of each (indicator, tail over `population`); an engine where a query has
        a high fixed cost (Spark) runs them as one statement."""
        return [self.population_query(ind, tail, params)[0] for ind, tail in requests]

    def _latest(self) -> datetime | None:
        rows = self.execute(latest_sql(), {})[1]
        return rows[0][0] if rows else None

    # -- what is loaded -----------------------------------------------------------------------------
    def _load_filled(self) -> None:
        if self._records:
            return
        sql = f"SELECT dataset, column_name, records, filled FROM {base_table('filled')}"  # noqa: S608
        for kind, column, records, filled in self.execute(sql, {})[1]:
            self._records[kind] = int(records)
            self._filled[(kind, column)] = int(filled)

    def records(self, kind: str) -> int:
        """Current records of a dataset."""
        self._load_filled()
        return self._records.get(kind, 0)

    def filled(self, kind: str, column: str) -> int:
        """Current records of a dataset with a non-empty value in `column` (text after trimming)."""
        self._load_filled()
        return self._filled.get((kind, column), 0)

    def supplied(self, kind: str) -> frozenset[str]:
        """The contract columns some current batch of the dataset supplied (lineage)."""
        if kind not in self._supplied:
            self._supplied[kind] = supplied_by_batches(self.execute, kind, self._kind_batches(kind))
        return self._supplied[kind]

    def missing_needs(self, ind: Indicator) -> dict[str, list[str]]:
        """Needed columns no current batch supplied, by dataset (a need "a|b" is met by either)."""
        out: dict[str, list[str]] = {}
        for kind, need in ind.needs:
            if not set(alternatives(need)) & self.supplied(kind):
                out.setdefault(kind, []).append(need)
        return out

    def not_assessable(self, ind: Indicator, as_of: datetime | None) -> str | None:
        """Why an indicator cannot be assessed on the loaded data (None when it can)."""
        for kind in ind.requires:
            if self.records(kind) == 0:
                return (
                    f"The {kind} dataset is not loaded: load {_lower_first(DATASETS[kind].title)} "
                    f"(kind {kind}) to assess this indicator."
                )
        for kind, missing in self.missing_needs(ind).items():
            return missing_reason(kind, missing)
        if as_of is None and uses_as_of(ind):
            return "No as-of date: load incidents or AI decisions, or set the period's end (`to`)."
        return None

    def warnings(self, ind: Indicator) -> tuple[str, ...]:
        """Needed columns that are supplied but empty in every current record (still evidence)."""
        empty: dict[str, list[str]] = {}
        for kind, need in ind.needs:
            supplied = [c for c in alternatives(need) if c in self.supplied(kind)]
            if supplied and self.records(kind) and all(self.filled(kind, c) == 0 for c in supplied):
                empty.setdefault(kind, []).extend(supplied)
        return tuple(empty_warning(kind, cols, self.records(kind)) for kind, cols in empty.items())

    def _kind_batches(self, kind: str) -> tuple[int, ...]:
        if kind not in self._batches:
            rows = self.execute(f"SELECT DISTINCT _batch_id FROM {base_table(kind)} ORDER BY 1", {})[1]  # noqa: S608
            self._batches[kind] = tuple(int(r[0]) for r in rows if r[0] is not None)
        return self._batches[kind]

    def batches(self, ind: Indicator) -> tuple[int, ...]:
        ids: set[int] = set()
        for kind in ind.reads:
            ids.update(self._kind_batches(kind))
        return tuple(sorted(ids))


def _lower_first(title: str) -> str:
    """'Incidents' -> 'incidents' but 'AI decisions' and 'CMDB items' keep their acronyms."""
    return title[0].lower() + title[1:] if title[1:2].islower() else title
