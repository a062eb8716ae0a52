"""Step 7, lineage: what a batch records about its file (DESIGN §3 "Lineage") and what the user is told.

The batch row (file name, sha256, size, kind, profile, mapping, row counts, who and when) and the
ingest report are built from the same validated counts; a file already loaded is found by its
content hash and reported as a duplicate of that batch.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime

import duckdb

from answerable import store
from answerable.contract import dataset
from answerable.ingest.mapping import dump_mapping
from answerable.ingest.plan import Plan
from answerable.ingest.read import Source
from answerable.ingest.report import IngestReport, summary_sentence
from answerable.ingest.validate import Checked


def supplied_columns(plan: Plan, *, event_log: bool) -> tuple[str, ...]:
    """The contract columns this file supplies (lineage for DESIGN §4 "Not assessed"): the mapped
    ones, plus initial_category when an event log's earliest category supplies it."""
    ds = dataset(plan.kind)
    names = [c for c in ds.names if c in plan.mapping.columns]
    if "initial_category" in ds.names and event_log and "category" in plan.mapping.columns:
        names = [c for c in names if c != "initial_category"] + ["initial_category"]
    return tuple(names)


def loaded_before(
    con: duckdb.DuckDBPyConnection, src: Source, plan: Plan, *, replacing: int | None = None
) -> IngestReport | None:
    """The duplicate report when an active batch of this kind holds the same content (other than the
    batch this load replaces), else None."""
    existing = store.find_active_batch_by_sha(con, plan.kind, src.sha256)
    if existing is None or existing.batch_id == replacing:
        return None
    return duplicate(src, plan, existing)


def duplicate(src: Source, plan: Plan, existing: store.Batch) -> IngestReport:
    return IngestReport(
        file=src.name,
        kind=existing.kind,
        profile=existing.profile or plan.profile,
        rows_read=existing.rows_read,
        rows_loaded=existing.rows_loaded,
        rows_rejected=existing.rows_rejected,
        rows_collapsed=existing.rows_collapsed,
        records=existing.records,
        batch_id=existing.batch_id,
        status="duplicate",
        summary=(
            f"Already loaded as batch {existing.batch_id} (same content, loaded "
            f"{existing.loaded_at:%Y-%m-%d %H:%M} by {existing.loaded_by or 'unknown'}); nothing changed. "
            f"To load it differently (another mapping or profile), retract batch {existing.batch_id} "
            f"first (`answerable retract {existing.batch_id}`, or 'Retract batch {existing.batch_id} and "
            "load with this mapping' on the Data page), then load it again."
        ),
        sha256=src.sha256,
    )


def report(src: Source, c: Checked, batch_id: int) -> IngestReport:
    rejected = c.rejects.rows
    return IngestReport(
        file=src.name,
        kind=c.plan.kind,
        profile=c.plan.profile,
        rows_read=c.rows_read,
        rows_loaded=c.rows_loaded,
        rows_rejected=rejected,
        rows_collapsed=c.rows_loaded - c.records,
        records=c.records,
        batch_id=batch_id,
        status="loaded",
        problems=c.rejects.listed,
        warnings=c.warnings,
        date_formats={k: v.description for k, v in c.parsed.formats.items()},
        summary=summary_sentence(
            c.rows_read,
            c.rows_loaded,
            rejected,
            c.records,
            c.parsed.rows_blank,
            columns_dropped=c.columns_dropped,
            kind=c.plan.kind,
            multi_valued=c.multi_valued,
            links=c.links,
        ),
        warning_counts=c.warning_counts,
        reject_counts=c.rejects.counts,
        sha256=src.sha256,
        rows_blank=c.parsed.rows_blank,
        columns_dropped=c.columns_dropped,
        links=c.links,
    )


def record(
    con: duckdb.DuckDBPyConnection, c: Checked, batch_id: int, loaded_by: str | None, is_demo: bool
) -> IngestReport:
    """Write the batch's lineage row (inside the load step's transaction); return the report."""
    src = c.parsed.src
    r = report(src, c, batch_id)
    batch = store.Batch(
        batch_id=r.batch_id,
        kind=r.kind,
        file_name=src.name,
        sha256=src.sha256,
        size_bytes=src.size,
        profile=r.profile,
        mapping=dump_mapping(c.plan.mapping),
        rows_read=r.rows_read,
        rows_loaded=r.rows_loaded,
        rows_rejected=r.rows_rejected,
        rows_collapsed=r.rows_collapsed,
        records=r.records,
        loaded_by=loaded_by or _os_user(),
        loaded_at=datetime.now(UTC).replace(tzinfo=None),
        retracted_at=None,
        is_demo=is_demo,
        columns_supplied=supplied_columns(c.plan, event_log=c.rows_loaded > c.records),
    )
    store.record_batch(con, batch, json.dumps(r.to_json()))
    return r


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
