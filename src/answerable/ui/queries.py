"""The few read-only look-ups the app needs besides the indicators (filter choices, data status).

Identifiers come from the contract through `store` helpers or are the metric base tables; there are no
values in this SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from answerable import store
from answerable.contract import KINDS
from answerable.ingest.linkage import Linkage, from_row, linkage_sql
from answerable.metrics import Session, settings_for


@dataclass(frozen=True)
class FilterOptions:
    first: datetime | None
    last: datetime | None
    ai_systems: tuple[str, ...]
    groups: tuple[str, ...]


@dataclass(frozen=True)
class DataStatus:
    counts: dict[str, int]
    active_batches: int
    demo_batches: int
    last_loaded: datetime | None

    @property
    def empty(self) -> bool:
        return self.active_batches == 0

    @property
    def demo(self) -> bool:
        return self.demo_batches > 0

    @property
    def only_demo(self) -> bool:
        return self.active_batches > 0 and self.demo_batches == self.active_batches


@dataclass(frozen=True)
class StoreFacts:
    """What the shared sidebar shows on every page: filter choices, data status and linkage."""

    options: FilterOptions
    status: DataStatus
    linkage: Linkage | None


def store_facts(con: duckdb.DuckDBPyConnection, model: Any | None = None) -> StoreFacts:
    """The filter choices, the data status and the linkage, read from the metric base tables: the
    current data materialised once per data version and shared by every session (metrics/base_cache.py),
    so the sidebar never re-derives the latest version of each record, and its choices are the values
    the filters compare (trimmed AI systems and teams, as every indicator reads them)."""
    with Session(con, settings_for(model)) as s:
        records = {k: s.records(k) for k in KINDS}  # the engine's current records of each dataset
        row = s.cur.execute(
            f"""
            WITH times AS (
                    SELECT opened_at AS t FROM m_incidents UNION ALL SELECT decided_at FROM m_ai_decisions),
                 link AS ({linkage_sql("m_ai_decisions", "m_incidents")}),
                 active AS (SELECT * FROM batches WHERE retracted_at IS NULL)
            SELECT
                (SELECT min(t) FROM times), (SELECT max(t) FROM times),
                (SELECT list(s ORDER BY s) FROM (
                    SELECT DISTINCT ai_system AS s FROM (SELECT ai_system FROM m_ai_decisions UNION ALL
                    SELECT ai_system FROM m_ai_systems) WHERE nullif(ai_system, '') IS NOT NULL)),
                (SELECT list(g ORDER BY g) FROM (
                    SELECT DISTINCT assignment_group AS g FROM m_incidents
                    WHERE assignment_group IS NOT NULL)),
                (SELECT count(*) FROM active), (SELECT count(*) FILTER (WHERE is_demo) FROM active),
                (SELECT max(loaded_at) FROM active),
                link.*
            FROM link
            """  # noqa: S608  (base table names, no values)
        ).fetchone()
    assert row is not None
    first, last, systems, groups, active, demo, loaded = row[:7]
    options = FilterOptions(first, last, tuple(systems or ()), tuple(groups or ()))
    status = DataStatus(records, int(active), int(demo), loaded)
    return StoreFacts(options, status, from_row(row[7:]))


def system_owners(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """AI system -> (business owner, technical owner) from the current inventory."""
    rows = con.execute(
        f"SELECT trim(ai_system), business_owner, technical_owner FROM {store.current_view('ai_systems')}"  # noqa: S608
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}
