"""A metric session: the current datasets materialised ONCE, seen as `m_<kind>` on a private cursor.

Every indicator query then runs over these tables (`m_<kind>`) through the filter scope in
sql/_base/scope.sql, so the current views' window is computed once, not per indicator. The tables are
built once per data version and shared by all sessions (base_cache.py); each session reads them
through temp views on its own cursor. A read-only store builds them per session as temp tables.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import duckdb

from answerable.contract import DATASETS
from answerable.metrics import base_cache
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
from answerable.store import current_view, quote_ident, rows_table
from answerable.text import install_macros, strip_text

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
MACROS_SQL = (BASE_DIR / "macros.sql").read_text(encoding="utf-8")  # point-in-time rules, declared once
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The named parameters an SQL text uses (DuckDB refuses unused ones)."""
    return {name: params[name] for name in set(_PARAM.findall(sql))}


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


def _start(d: date | None) -> datetime | None:
    return datetime.combine(d, time()) if d is not None else None


def _text(value: str | None) -> str | None:
    value = strip_text(value) if value else None
    return value or None


class Session:
    """Materialised current data plus the bound parameters of one filter set."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
        self.settings = settings
        self.cur = con.cursor()
        install_macros(self.cur)
        self._filled: dict[tuple[str, str], int] = {}
        self._records: dict[str, int] = {}
        self._supplied: dict[str, frozenset[str]] = {}
        self.cur.execute(MACROS_SQL)
        self._batches: dict[str, tuple[int, ...]] = {}
        model_params = settings.params()
        try:

            def build(kind: str, target: str, temporary: bool = False) -> None:
                if kind in DATASETS:
                    self._create_source(kind)
                sql = filled_sql() if kind == "filled" else (BASE_DIR / f"{kind}.sql").read_text("utf-8")
                create = "CREATE OR REPLACE TEMP TABLE" if temporary else "CREATE OR REPLACE TABLE"
                self.cur.execute(f"{create} {target} AS {sql}", bind(sql, model_params))

            # Built once per data version and shared by every session (metrics/base_cache.py).
            version = base_cache.attach_views(self.cur, BASE_ORDER, model_params, build)
            if version is None:
                for kind in BASE_ORDER:  # read-only store: this session's own temp tables
                    build(kind, base_table(kind), temporary=True)
            else:  # same tables, same counts: computed once per version
                shared = base_cache.shared_state(version)
                self._filled = shared.setdefault("filled", {})
                self._records = shared.setdefault("records", {})
                self._supplied = shared.setdefault("supplied", {})
                self._batches = shared.setdefault("batches", {})
        except BaseException:
            self.cur.close()
            raise
        row = self.cur.execute(
            f"SELECT greatest((SELECT max(opened_at) FROM {base_table('incidents')}), "  # noqa: S608
            f"(SELECT max(decided_at) FROM {base_table('ai_decisions')}))"
        ).fetchone()
        self.latest: datetime | None = row[0] if row else None

    def _create_source(self, kind: str) -> None:
        """`src_<kind>`: the current rows. When no key repeats across the active batches (the usual
        case) every active row is current, so the current view's window is skipped; with nothing
        retracted either, the rows table is read as is (which also lets DuckDB build the narrow
        look-up side of the decision joins). Otherwise the current view is used."""
        key = quote_ident(DATASETS[kind].key)
        retracted = self.cur.execute(
            "SELECT count(*) FROM batches WHERE kind = ? AND retracted_at IS NOT NULL", [kind]
        ).fetchone()
        active = f"SELECT * FROM {rows_table(kind)}"  # noqa: S608
        if retracted and retracted[0]:
            active += " WHERE _batch_id IN (SELECT batch_id FROM batches WHERE retracted_at IS NULL)"
        row = self.cur.execute(f"SELECT count(*) = count(DISTINCT {key}) FROM ({active})").fetchone()  # noqa: S608
        source = active if row and row[0] else f"SELECT * FROM {current_view(kind)}"  # noqa: S608
        self.cur.execute(f"CREATE OR REPLACE TEMP VIEW {quote_ident('src_' + kind)} AS {source}")

    def close(self) -> None:
        self.cur.close()

    def __enter__(self) -> Session:
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
        sql = f"{SCOPE_SQL}\n{body}"
        result = self.cur.execute(sql, bind(sql, params))
        columns = [d[0] for d in result.description] if result.description else []
        return columns, result.fetchall()

    def population_query(self, ind: Indicator, tail: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return self.query(f", population AS (\n{ind.sql}\n)\n{tail}", params)[1]

    # -- what is loaded -----------------------------------------------------------------------------
    def _load_filled(self) -> None:
        if self._records:
            return
        sql = f"SELECT dataset, column_name, records, filled FROM {base_table('filled')}"  # noqa: S608
        rows = self.cur.execute(sql).fetchall()
        for kind, column, records, filled in rows:
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
            self._supplied[kind] = supplied_by_batches(self.cur, kind, self._kind_batches(kind))
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
            rows = self.cur.execute(
                f"SELECT DISTINCT _batch_id FROM {base_table(kind)} ORDER BY 1"  # noqa: S608
            ).fetchall()
            self._batches[kind] = tuple(int(r[0]) for r in rows)
        return self._batches[kind]

    def batches(self, ind: Indicator) -> tuple[int, ...]:
        ids: set[int] = set()
        for kind in ind.reads:
            ids.update(self._kind_batches(kind))
        return tuple(sorted(ids))


def _lower_first(title: str) -> str:
    """'Incidents' -> 'incidents' but 'AI decisions' and 'CMDB items' keep their acronyms."""
    return title[0].lower() + title[1:] if title[1:2].islower() else title
