"""A metric session: the current datasets materialised ONCE, seen as `m_<kind>` on a private cursor.

Every indicator query then runs over these tables (`m_<kind>`) through the filter scope in
sql/_base/scope.sql, so the current views' window is computed once, not per indicator. The tables are
built once per data version and shared by all sessions (base_cache.py); each session reads them
through temp views on its own cursor. A read-only store builds them per session as temp tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import duckdb

from answerable.contract import DATASETS
from answerable.metrics import base_cache
from answerable.metrics.registry import Indicator
from answerable.metrics.settings import Settings
from answerable.results import Filters
from answerable.store import current_view, quote_ident, rows_table
from answerable.text import install_macros, strip_text

BASE_DIR = Path(__file__).resolve().parent / "sql" / "_base"
# Dependency order: decisions join the incident and inventory tables.
BASE_ORDER = ("incidents", "ai_systems", "ai_decisions", "changes", "knowledge_articles", "cmdb_items")
SCOPE_SQL = (BASE_DIR / "scope.sql").read_text(encoding="utf-8")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The named parameters an SQL text uses (DuckDB refuses unused ones)."""
    return {name: params[name] for name in set(_PARAM.findall(sql))}


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


def _start(d: date | None) -> datetime | None:
    return datetime.combine(d, time()) if d is not None else None


def _text(value: str | None) -> str | None:
    value = strip_text(value) if value else None
    return value or None


@dataclass(frozen=True)
class Availability:
    rows: int
    non_null: dict[str, int]


class Session:
    """Materialised current data plus the bound parameters of one filter set."""

    def __init__(self, con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
        self.settings = settings
        self.cur = con.cursor()
        install_macros(self.cur)
        self._availability: dict[str, Availability] = {}
        self._batches: dict[str, tuple[int, ...]] = {}
        model_params = settings.params()
        try:

            def build(kind: str, target: str, temporary: bool = False) -> None:
                self._create_source(kind)
                sql = (BASE_DIR / f"{kind}.sql").read_text(encoding="utf-8")
                create = "CREATE OR REPLACE TEMP TABLE" if temporary else "CREATE OR REPLACE TABLE"
                self.cur.execute(f"{create} {target} AS {sql}", bind(sql, model_params))

            # Built once per data version and shared by every session (metrics/base_cache.py).
            version = base_cache.attach_views(self.cur, BASE_ORDER, model_params, build)
            if version is None:
                for kind in BASE_ORDER:  # read-only store: this session's own temp tables
                    build(kind, base_table(kind), temporary=True)
            else:  # same tables, same counts: computed once per version
                shared = base_cache.shared_state(version)
                self._availability = shared.setdefault("availability", {})
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
    def availability(self, kind: str, columns: tuple[str, ...] = ()) -> Availability:
        cached = self._availability.get(kind)
        if cached is not None and all(c in cached.non_null for c in columns):
            return cached
        wanted = sorted(set(columns) | set(cached.non_null if cached else ()))
        counts = ", ".join(f"count({quote_ident(c)})" for c in wanted)
        select = "count(*)" + (f", {counts}" if counts else "")
        row = self.cur.execute(f"SELECT {select} FROM {base_table(kind)}").fetchone()  # noqa: S608
        assert row is not None
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
                rows = self.cur.execute(
                    f"SELECT DISTINCT _batch_id FROM {base_table(kind)} ORDER BY 1"  # noqa: S608
                ).fetchall()
                self._batches[kind] = tuple(int(r[0]) for r in rows)
            ids.update(self._batches[kind])
        return tuple(sorted(ids))


def _lower_first(title: str) -> str:
    """'Incidents' -> 'incidents' but 'AI decisions' and 'CMDB items' keep their acronyms."""
    return title[0].lower() + title[1:] if title[1:2].islower() else title
