"""Ingestion: read -> detect kind and profile -> map -> parse -> validate -> load -> lineage (DESIGN §3).

ingest_file(con, path, ...) -> IngestReport     # loads one file atomically, or raises IngestError
inspect_file(path, ...) -> FilePreview          # the same reading and checks, nothing written
"""

from __future__ import annotations

import getpass
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from answerable import store
from answerable.errors import IngestError
from answerable.ingest import load, validate
from answerable.ingest.detect import Plan, detect, resolve_plan
from answerable.ingest.mapping import (
    DEFAULT_NULL_TOKENS,
    Mapping,
    dump_mapping,
    load_mapping,
    validate_mapping,
)
from answerable.ingest.parse import TsFormat
from answerable.ingest.read import IngestLimits, Source, open_source, refuse, single_byte_source
from answerable.ingest.report import MAX_LISTED, IngestReport, Problem, summary_sentence

__all__ = [
    "DEFAULT_NULL_TOKENS",
    "FilePreview",
    "IngestLimits",
    "IngestReport",
    "Mapping",
    "Problem",
    "dump_mapping",
    "ingest_file",
    "inspect_file",
    "load_mapping",
]


_WRITE_LOCK = threading.Lock()


@dataclass(frozen=True)
class FilePreview:
    """What the app's mapping editor and validation preview show; nothing is written."""

    file: str
    headers: tuple[str, ...]
    kind: str | None
    profile: str | None
    mapping: Mapping | None  # proposed: contract column -> file header
    candidates: tuple[tuple[str, str, int], ...]  # (profile, kind, score), best first
    sample_rows: tuple[dict[str, Any], ...]  # parsed values of the first rows
    problems: tuple[Problem, ...]  # row-level (first MAX_LISTED)
    warnings: tuple[Problem, ...]
    rows_read: int
    rows_rejected: int
    records: int
    date_formats: dict[str, str] = field(default_factory=dict)
    file_problems: tuple[Problem, ...] = ()  # why the file would be refused as a whole
    delimiter: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class _Checked:
    plan: Plan
    rows_read: int
    rows_loaded: int
    records: int
    rejects: validate.Rejects
    warning_counts: dict[str, int]
    warnings: tuple[Problem, ...]
    formats: dict[str, TsFormat]


def _check(
    con: duckdb.DuckDBPyConnection, stage: str, src: Source, plan: Plan, limits: IngestLimits
) -> _Checked:
    try:
        with load.reader(con, src, plan) as rd:
            rows_read, formats, rescaled = load.prepare(con, stage, rd, limits)
            rejects = validate.find_rejects(con, stage, rd, formats, src.name)
    except load.NotUtf8Error:
        return _check(con, stage, single_byte_source(src), plan, limits)
    accepted, records = load.accepted_counts(con, stage, plan)
    counts, warnings = validate.find_warnings(con, stage, plan, src.name)
    if rescaled:
        counts["rescaled_percent"] = len(rescaled)
        warnings += tuple(
            Problem(
                src.name,
                None,
                plan.mapping.columns[c],
                None,
                "rescaled_percent",
                f"{c} had values above 1, so the whole column was read as a percentage and divided by 100.",
            )
            for c in rescaled
        )
    return _Checked(plan, rows_read, accepted, records, rejects, counts, warnings, formats)


def _refuse_if_too_many_rejects(checked: _Checked, name: str, limits: IngestLimits) -> None:
    rej = checked.rejects
    if rej.rows == 0:
        return
    examples = "; ".join(str(p) for p in rej.listed[:3])
    if rej.rows == checked.rows_read:
        raise refuse(
            name,
            "all_rows_rejected",
            f"Every one of the {checked.rows_read:,} rows was rejected, so "
            f"nothing was loaded. First problems: {examples}. Check the mapping (--kind/--mapping) "
            "and the date format.",
        )
    if rej.rows / checked.rows_read > limits.max_reject_share:
        raise refuse(
            name,
            "too_many_rejects",
            f"{rej.rows:,} of {checked.rows_read:,} rows were rejected, more "
            f"than the allowed share of {limits.max_reject_share:.0%}; nothing was loaded. First "
            f"problems: {examples}. Check the mapping and the date format.",
        )


def _delimiter(mapping: Mapping | None) -> str | None:
    """A mapping's delimiter overrides the one sniffed from the file."""
    return mapping.delimiter if mapping is not None else None


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    kind: str | None = None,
    profile: str | None = None,
    mapping: Mapping | None = None,
    loaded_by: str | None = None,
    is_demo: bool = False,
    display_name: str | None = None,
    limits: IngestLimits | None = None,
) -> IngestReport:
    """Load one file as one batch, atomically; IngestError (nothing loaded) when it is refused."""
    lim = limits or IngestLimits.from_env()
    if mapping is not None:
        validate_mapping(mapping)
    with open_source(path, display_name=display_name, limits=lim, delimiter=_delimiter(mapping)) as src:
        plan = resolve_plan(
            src.headers, src.name, kind=kind, profile=profile, mapping=mapping, delimiter=src.delimiter
        )
        if src.scan.done():  # small files: skip the work for a file loaded before
            existing = store.find_active_batch_by_sha(con, plan.kind, src.sha256)
            if existing is not None:
                return _duplicate(src, plan, existing)
        with load.staging_area(con) as stage:
            checked = _check(con, stage, src, plan, lim)
            _refuse_if_too_many_rejects(checked, src.name, lim)
            with _WRITE_LOCK:  # check-then-load is atomic in this process, the store's only writer
                again = store.find_active_batch_by_sha(con, plan.kind, src.sha256)
                if again is not None:  # another session loaded the same file meanwhile
                    return _duplicate(src, plan, again)
                return _load(con, stage, src, checked, loaded_by, is_demo)


def _duplicate(src: Source, plan: Plan, existing: store.Batch) -> IngestReport:
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
        summary=f"Already loaded as batch {existing.batch_id} (same content); nothing changed.",
        sha256=src.sha256,
    )


def _load(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    src: Source,
    checked: _Checked,
    loaded_by: str | None,
    is_demo: bool,
) -> IngestReport:
    """One transaction: the rows (latest version per key), the rejects and the lineage row."""
    event_log = checked.rows_loaded > checked.records
    with store.transaction(con):
        batch_id = store.next_batch_id(con)
        load.insert_rows(con, stage, checked.plan, batch_id, event_log=event_log)
        load.insert_rejects(con, stage, batch_id)
        report = _report(src, checked, batch_id)
        batch = _batch(src, checked, report, loaded_by, is_demo)
        store.record_batch(con, batch, json.dumps(report.to_json()))
    return report


def _report(src: Source, c: _Checked, batch_id: int) -> IngestReport:
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
        date_formats={k: v.description for k, v in c.formats.items()},
        summary=summary_sentence(c.rows_read, c.rows_loaded, rejected, c.records),
        warning_counts=c.warning_counts,
        reject_counts=c.rejects.counts,
        sha256=src.sha256,
    )


def _batch(src: Source, c: _Checked, r: IngestReport, loaded_by: str | None, is_demo: bool) -> store.Batch:
    return store.Batch(
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
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def inspect_file(
    path: str | Path,
    *,
    kind: str | None = None,
    profile: str | None = None,
    mapping: Mapping | None = None,
    display_name: str | None = None,
    sample_rows: int = 20,
    limits: IngestLimits | None = None,
) -> FilePreview:
    """Read and check a file without writing anything: headers, detection, mapping, sample, problems."""
    lim = limits or IngestLimits.from_env()
    if mapping is not None:
        validate_mapping(mapping)
    name = display_name or Path(path).name
    headers: tuple[str, ...] = ()
    plan: Plan | None = None
    try:
        with open_source(path, display_name=display_name, limits=lim, delimiter=_delimiter(mapping)) as src:
            headers = src.headers
            cands = tuple((c.profile, c.kind, c.score) for c in detect(headers, kind=kind, profile=profile))
            plan = resolve_plan(
                headers, src.name, kind=kind, profile=profile, mapping=mapping, delimiter=src.delimiter
            )
            con = duckdb.connect()
            try:
                with load.staging_area(con) as stage:
                    checked = _check(con, stage, src, plan, lim)
                    file_problems: tuple[Problem, ...] = ()
                    try:
                        _refuse_if_too_many_rejects(checked, src.name, lim)
                    except IngestError as exc:
                        file_problems = tuple(p for p in exc.problems if isinstance(p, Problem))
                    cur = con.execute(
                        f"SELECT * EXCLUDE (_version, _bad) FROM {stage}.rows ORDER BY _line LIMIT ?",  # noqa: S608
                        [sample_rows],
                    )
                    names = [d[0] for d in cur.description or ()]
                    sample = tuple(
                        {k: v for k, v in zip(names, row, strict=True) if not k.endswith("__raw")}
                        for row in cur.fetchall()
                    )
            finally:
                con.close()
            return FilePreview(
                file=src.name,
                headers=headers,
                kind=plan.kind,
                profile=plan.profile,
                mapping=plan.mapping,
                candidates=cands,
                sample_rows=sample,
                problems=checked.rejects.listed[:MAX_LISTED],
                warnings=checked.warnings,
                rows_read=checked.rows_read,
                rows_rejected=checked.rejects.rows,
                records=checked.records,
                date_formats={k: v.description for k, v in checked.formats.items()},
                file_problems=file_problems,
                delimiter=src.delimiter,
                encoding=src.encoding,
            )
    except IngestError as exc:
        probs = tuple(p for p in exc.problems if isinstance(p, Problem))
        return FilePreview(
            file=name,
            headers=headers,
            kind=plan.kind if plan else kind,
            profile=plan.profile if plan else profile,
            mapping=plan.mapping if plan else mapping,
            candidates=(),
            sample_rows=(),
            problems=(),
            warnings=(),
            rows_read=0,
            rows_rejected=0,
            records=0,
            file_problems=probs,
        )
