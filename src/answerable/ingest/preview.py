"""The upload preview: the ingest steps up to validate on a throw-away connection; nothing is written.

What the app's mapping editor and validation preview show: headers, the detected candidates, the
proposed mapping, the first parsed rows, the problems, and why the file would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from answerable.errors import IngestError
from answerable.ingest.detect import detect
from answerable.ingest.limits import IngestLimits
from answerable.ingest.mapping import Mapping, validate_mapping
from answerable.ingest.parse import parse_file
from answerable.ingest.plan import Plan, resolve_plan
from answerable.ingest.read import open_source
from answerable.ingest.relation import staging_area
from answerable.ingest.report import MAX_LISTED, Problem, summarise
from answerable.ingest.validate import Checked, refuse_if_too_many_rejects, validate_rows


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
    rows_blank: int = 0  # rows with every field empty (skipped)
    columns_dropped: int = 0  # columns without a header and without a value
    reject_counts: dict[str, int] = field(default_factory=dict)  # exact count per reject rule
    warning_counts: dict[str, int] = field(default_factory=dict)  # exact count per warning rule

    def rule_summaries(self) -> list[str]:
        """One line per reject or warning rule (the exact count, the message, the first lines)."""
        return summarise(self.reject_counts, self.problems) + summarise(self.warning_counts, self.warnings)


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
    delimiter = mapping.delimiter if mapping is not None else None
    try:
        with open_source(path, display_name=display_name, limits=lim, delimiter=delimiter) as src:
            headers = src.headers
            cands = tuple((c.profile, c.kind, c.score) for c in detect(headers, kind=kind, profile=profile))
            plan = resolve_plan(
                headers, src.name, kind=kind, profile=profile, mapping=mapping, delimiter=src.delimiter,
                header_line=src.header_line,
            )
            con = duckdb.connect()
            try:
                with staging_area(con) as stage:
                    checked = validate_rows(con, parse_file(con, stage, src, plan, lim))
                    file_problems: tuple[Problem, ...] = ()
                    try:
                        refuse_if_too_many_rejects(checked, lim)
                    except IngestError as exc:
                        file_problems = tuple(p for p in exc.problems if isinstance(p, Problem))
                    sample = _sample(con, stage, sample_rows)
            finally:
                con.close()
            return _preview(checked, headers, cands, sample, file_problems)
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


def _sample(con: duckdb.DuckDBPyConnection, stage: str, n: int) -> tuple[dict[str, Any], ...]:
    """The first parsed rows, as they would be stored."""
    cur = con.execute(
        f"SELECT * EXCLUDE (_version, _bad, _raw) FROM {stage}.rows ORDER BY _line LIMIT ?",  # noqa: S608
        [n],
    )
    names = [d[0] for d in cur.description or ()]
    keep = [i for i, k in enumerate(names) if not (k.startswith("_") and k != "_line")]  # flags left out
    return tuple({names[i]: row[i] for i in keep} for row in cur.fetchall())


def _preview(
    checked: Checked,
    headers: tuple[str, ...],
    cands: tuple[tuple[str, str, int], ...],
    sample: tuple[dict[str, Any], ...],
    file_problems: tuple[Problem, ...],
) -> FilePreview:
    src, plan = checked.parsed.src, checked.plan
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
        date_formats={k: v.description for k, v in checked.parsed.formats.items()},
        file_problems=file_problems,
        delimiter=src.delimiter,
        encoding=src.encoding,
        rows_blank=checked.parsed.rows_blank,
        columns_dropped=checked.columns_dropped,
        reject_counts=dict(checked.rejects.counts),
        warning_counts=dict(checked.warning_counts),
    )
