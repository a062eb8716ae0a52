"""The few read-only look-ups the app needs besides the metric engine (filter choices, data status).

Identifiers come from the contract through `store` helpers; there are no values in this SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from answerable import store


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


def filter_options(con: duckdb.DuckDBPyConnection) -> FilterOptions:
    inc, dec, sysv = store.current_view("incidents"), store.current_view("ai_decisions"), store.current_view(
        "ai_systems"
    )
    row = con.execute(
        f"SELECT min(t), max(t) FROM (SELECT opened_at AS t FROM {inc} UNION ALL "  # noqa: S608
        f"SELECT decided_at FROM {dec})"
    ).fetchone()
    first, last = (row[0], row[1]) if row else (None, None)
    systems = con.execute(
        f"SELECT DISTINCT trim(ai_system) AS s FROM (SELECT ai_system FROM {dec} UNION ALL "  # noqa: S608
        f"SELECT ai_system FROM {sysv}) WHERE nullif(trim(ai_system), '') IS NOT NULL ORDER BY s"
    ).fetchall()
    groups = con.execute(
        f"SELECT DISTINCT assignment_group AS g FROM {inc} "  # noqa: S608
        "WHERE nullif(trim(assignment_group), '') IS NOT NULL ORDER BY g"
    ).fetchall()
    return FilterOptions(first, last, tuple(r[0] for r in systems), tuple(r[0] for r in groups))


def data_status(con: duckdb.DuckDBPyConnection) -> DataStatus:
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE is_demo), max(loaded_at) FROM batches "
        "WHERE retracted_at IS NULL"
    ).fetchone()
    active, demo, last = (int(row[0]), int(row[1]), row[2]) if row else (0, 0, None)
    return DataStatus(store.record_counts(con), active, demo, last)


def system_owners(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """AI system -> (business owner, technical owner) from the current inventory."""
    rows = con.execute(
        f"SELECT trim(ai_system), business_owner, technical_owner FROM {store.current_view('ai_systems')}"  # noqa: S608
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}
