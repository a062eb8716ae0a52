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
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from answerable.contract import DATASETS
from answerable.metrics.registry import Indicator
from answerable.metrics.settings import Settings
from answerable.results import Filters
from answerable.store import quote_ident

BASE_DIR = Path(__file__).resolve().parent / "sql" / "_base"
# Dependency order: decisions join the incident and inventory tables.
BASE_ORDER = ("incidents", "ai_systems", "ai_decisions", "changes", "knowledge_articles", "cmdb_items")
SCOPE_SQL = (BASE_DIR / "scope.sql").read_text(encoding="utf-8")
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The named parameters an SQL text uses (DuckDB refuses unused ones)."""
    return {name: params[name] for name in set(PARAM.findall(sql))}


def base_sql(kind: str) -> str:
    """The base table query of one dataset kind (reads `src_<kind>` and earlier `m_<kind>`)."""
    return (BASE_DIR / f"{kind}.sql").read_text(encoding="utf-8")


def uses_as_of(ind: Indicator) -> bool:
    """Whether the indicator judges dates against the as-of date (directly or via is_controlled)."""
    return "$as_of" in ind.sql or "is_controlled" in ind.sql


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
    value = value.strip() if value else None
    return value or None


@dataclass(frozen=True)
class Availability:
    rows: int
    non_null: dict[str, int]


class MetricSession(ABC):
    """Base tables plus the bound parameters of one filter set, on some SQL engine."""

    settings: Settings
    latest: datetime | None

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.latest = None
        self._availability: dict[str, Availability] = {}
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
        return p

    def query(self, body: str, params: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run `body` (a statement that may use the scope CTEs) after the filter scope."""
        return self.execute(f"{SCOPE_SQL}\n{body}", params)

    def population_query(self, ind: Indicator, tail: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return self.query(f", population AS (\n{ind.sql}\n)\n{tail}", params)[1]

    def aggregates(self, requests: Sequence[tuple[Indicator, str]],
                   params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The one-row result of each (indicator, tail over `population`); an engine where a query has
        a high fixed cost (Spark) runs them as one statement."""
        return [self.population_query(ind, tail, params)[0] for ind, tail in requests]

    def _latest(self) -> datetime | None:
        rows = self.execute(latest_sql(), {})[1]
        return rows[0][0] if rows else None

    # -- what is loaded -----------------------------------------------------------------------------
    def availability(self, kind: str, columns: tuple[str, ...] = ()) -> Availability:
        cached = self._availability.get(kind)
        if cached is not None and all(c in cached.non_null for c in columns):
            return cached
        wanted = sorted(set(columns) | set(cached.non_null if cached else ()))
        counts = ", ".join(f"count({quote_ident(c)})" for c in wanted)
        select = "count(*)" + (f", {counts}" if counts else "")
        row = self.execute(f"SELECT {select} FROM {base_table(kind)}", {})[1][0]  # noqa: S608
        found = Availability(int(row[0]), {c: int(v) for c, v in zip(wanted, row[1:], strict=True)})
        self._availability[kind] = found
        return found

    def not_assessable(self, ind: Indicator, as_of: datetime | None) -> str | None:
        """Why an indicator cannot be assessed on the loaded data (None when it can)."""
        for kind in ind.requires:
            if self.availability(kind).rows == 0:
                return (
                    f"The {kind} dataset is not loaded: load {_lower_first(DATASETS[kind].title)} "
                    f"(kind {kind}) to assess this indicator."
                )
        for kind, column in ind.needs:
            if self.availability(kind, (column,)).non_null[column] == 0:
                return (
                    f"No {kind} record has a value in {column}: map or upload that column "
                    "to assess this indicator."
                )
        if as_of is None and uses_as_of(ind):
            return "No as-of date: load incidents or AI decisions, or set the period's end (`to`)."
        return None

    def batches(self, ind: Indicator) -> tuple[int, ...]:
        ids: set[int] = set()
        for kind in ind.reads:
            if kind not in self._batches:
                rows = self.execute(
                    f"SELECT DISTINCT _batch_id FROM {base_table(kind)} ORDER BY 1", {}  # noqa: S608
                )[1]
                self._batches[kind] = tuple(int(r[0]) for r in rows if r[0] is not None)
            ids.update(self._batches[kind])
        return tuple(sorted(ids))


def _lower_first(title: str) -> str:
    """'Incidents' -> 'incidents' but 'AI decisions' and 'CMDB items' keep their acronyms."""
    return title[0].lower() + title[1:] if title[1:2].islower() else title
