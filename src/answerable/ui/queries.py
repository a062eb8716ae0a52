"""The few read-only look-ups the app needs besides the metric engine (filter choices, data status).

Identifiers come from the contract through `store` helpers; there are no values in this SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from answerable import store
from answerable.contract import KINDS
from answerable.metrics.linkage import Linkage, from_row, linkage_sql


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


def store_facts(con: duckdb.DuckDBPyConnection) -> StoreFacts:
    """The filter choices, the data status and the linkage in ONE statement: each current view is read
    once (its latest-version window is the cost at scale) and feeds every figure that needs it."""
    inc, dec, sysv = (store.current_view(k) for k in ("incidents", "ai_decisions", "ai_systems"))
    read = {"incidents": "inc", "ai_decisions": "dec"}
    counts = ", ".join(f"(SELECT count(*) FROM {read.get(k, store.current_view(k))})" for k in KINDS)  # noqa: S608
    times = "(SELECT opened_at AS t FROM inc UNION ALL SELECT decided_at FROM dec)"
    row = con.execute(
        f"""
        WITH inc AS MATERIALIZED (SELECT incident_id, opened_at, assignment_group FROM {inc}),
             dec AS MATERIALIZED (SELECT incident_id, decided_at, ai_system FROM {dec}),
             link AS ({linkage_sql("dec", "inc")}),
             active AS (SELECT * FROM batches WHERE retracted_at IS NULL)
        SELECT
            (SELECT min(t) FROM {times}), (SELECT max(t) FROM {times}),
            (SELECT list(s ORDER BY s) FROM (
                SELECT DISTINCT trim(ai_system) AS s FROM (SELECT ai_system FROM dec UNION ALL
                SELECT ai_system FROM {sysv}) WHERE nullif(trim(ai_system), '') IS NOT NULL)),
            (SELECT list(g ORDER BY g) FROM (
                SELECT DISTINCT assignment_group AS g FROM inc
                WHERE nullif(trim(assignment_group), '') IS NOT NULL)),
            (SELECT count(*) FROM active), (SELECT count(*) FILTER (WHERE is_demo) FROM active),
            (SELECT max(loaded_at) FROM active),
            {counts},
            link.*
        FROM link
        """  # noqa: S608  (view names from the contract, no values)
    ).fetchone()
    assert row is not None
    first, last, systems, groups, active, demo, loaded = row[:7]
    options = FilterOptions(first, last, tuple(systems or ()), tuple(groups or ()))
    records = {k: int(n) for k, n in zip(KINDS, row[7 : 7 + len(KINDS)], strict=True)}
    status = DataStatus(records, int(active), int(demo), loaded)
    return StoreFacts(options, status, from_row(row[7 + len(KINDS) :]))


def system_owners(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """AI system -> (business owner, technical owner) from the current inventory."""
    rows = con.execute(
        f"SELECT trim(ai_system), business_owner, technical_owner FROM {store.current_view('ai_systems')}"  # noqa: S608
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}
