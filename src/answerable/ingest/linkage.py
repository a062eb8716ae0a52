"""Do the AI decisions and the incidents describe the same operations? (DESIGN §3, linkage check)

Measured at load: when both datasets are loaded, the ingest report (CLI text and JSON, the Data page's
result) and the data-status line say what share of decisions link to a loaded incident and whether the
two date ranges overlap, which says whether indicators joining them (a decision's incident priority,
its final category, the team filter) can be trusted. Below half linked, or with no overlap, every page
and indicator relying on the link says so (metrics.linkage.RELIES_ON_LINK names those indicators).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from answerable.store import current_view, rows_table

WEAK_SHARE = 0.5  # below half of the decisions linked, the link is too weak to rely on


@dataclass(frozen=True)
class Linkage:
    decisions: int
    with_reference: int  # decisions naming an incident_id
    linked: int  # decisions whose incident_id matches a loaded incident
    decisions_from: datetime | None
    decisions_to: datetime | None
    incidents_from: datetime | None
    incidents_to: datetime | None

    @property
    def share(self) -> float:
        return self.linked / self.decisions if self.decisions else 0.0

    @property
    def overlap(self) -> bool:
        if None in (self.decisions_from, self.decisions_to, self.incidents_from, self.incidents_to):
            return False
        assert self.decisions_from and self.decisions_to and self.incidents_from and self.incidents_to
        return self.decisions_from <= self.incidents_to and self.incidents_from <= self.decisions_to

    @property
    def weak(self) -> bool:
        return self.share < WEAK_SHARE or not self.overlap

    def to_json(self) -> dict[str, Any]:
        """The linkage in the ingest report's JSON (`answerable ingest --json`)."""
        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d is not None else None

        return {
            "decisions": self.decisions, "with_reference": self.with_reference, "linked": self.linked,
            "share": round(self.share, 4), "overlap": self.overlap, "weak": self.weak,
            "decisions_from": iso(self.decisions_from), "decisions_to": iso(self.decisions_to),
            "incidents_from": iso(self.incidents_from), "incidents_to": iso(self.incidents_to),
            "summary": self.summary(), "warning": self.warning(),
        }

    def summary(self) -> str:
        """One line for the data-status line: '87.5% of 25,000 AI decisions link to a loaded incident ...'."""
        text = (f"{self.share:.1%} of {self.decisions:,} AI decisions link to a loaded incident "
                f"({self.linked:,} of {self.with_reference:,} incident references found)")
        return text + ("; the date ranges overlap." if self.overlap else "; the date ranges do not overlap.")

    def warning(self) -> str | None:
        """What a leader must know when the link is weak, else None."""
        if not self.weak:
            return None
        parts = []
        if self.share < WEAK_SHARE:
            parts.append(f"only {self.linked:,} of {self.decisions:,} AI decisions ({self.share:.1%}) "
                         "link to a loaded incident")
        if not self.overlap:
            decided = _range(self.decisions_from, self.decisions_to)
            opened = _range(self.incidents_from, self.incidents_to)
            parts.append(f"the AI decisions ({decided}) and the incidents ({opened}) cover different periods")
        return ("The AI decision log and the incident export do not describe the same operations: "
                + " and ".join(parts) + ". Figures that join a decision to its incident (incident priority, "
                "final category, the team filter) rest on the linked decisions only. Load the incident "
                "export that the AI decisions refer to.")


def _range(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return "no dates"
    return f"{start:%b %Y} to {end:%b %Y}"


def linkage_sql(decisions: str, incidents: str) -> str:
    """The one query of the linkage's eight figures over two relations (names or CTEs): `decisions`
    with incident_id and decided_at, `incidents` with incident_id and opened_at (see `from_row`)."""
    return f"""
        WITH d AS (SELECT nullif(trim(incident_id), '') AS ref, decided_at FROM {decisions})
        SELECT
            (SELECT count(*) FROM d),
            (SELECT count(ref) FROM d),
            (SELECT count(*) FROM d WHERE ref IN (SELECT incident_id FROM {incidents})),
            (SELECT min(decided_at) FROM d), (SELECT max(decided_at) FROM d),
            (SELECT min(opened_at) FROM {incidents}), (SELECT max(opened_at) FROM {incidents}),
            (SELECT count(*) FROM {incidents})
        """  # noqa: S608  (relation names from the contract or the caller's CTEs, no values)


def from_row(row: tuple[Any, ...] | None) -> Linkage | None:
    """The Linkage of `linkage_sql`'s row; None unless both datasets are loaded."""
    if row is None or not row[0] or not row[7]:
        return None
    return Linkage(int(row[0]), int(row[1]), int(row[2]), row[3], row[4], row[5], row[6])


def linkage(con: duckdb.DuckDBPyConnection) -> Linkage | None:
    """The linkage of the current AI decisions to the current incidents; None unless both are loaded.

    A current view holds a row exactly when its rows table holds one in a batch not retracted: that
    cheap test skips the views (a sort of every loaded row) when one of the two is not loaded."""
    both = " AND ".join(
        f"EXISTS (SELECT 1 FROM {rows_table(kind)} AS r JOIN batches AS b "  # noqa: S608
        "ON b.batch_id = r._batch_id AND b.retracted_at IS NULL)"
        for kind in ("ai_decisions", "incidents")
    )
    loaded = con.execute(f"SELECT {both}").fetchone()
    if not (loaded and loaded[0]):
        return None
    sql = linkage_sql(current_view("ai_decisions"), current_view("incidents"))
    return from_row(con.execute(sql).fetchone())
