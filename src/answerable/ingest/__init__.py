"""Ingestion: read -> detect -> map -> parse -> validate -> load -> lineage (DESIGN §3).

One module per step, each reading what the step before it produced:

    read.py      the file (unpacked, its encoding, delimiter, header; XLSX via xlsx.py)  -> Source
    detect.py    kind and vendor profile from the header names                          -> Candidates
    plan.py      the map step: the mapping (profile, --mapping, the app's editor)     -> Plan
                 applied to the headers (mapping.py: the Mapping value and its TOML)
    parse.py     one typed pass over the file into private staging                      -> Parsed
                 (relation.py: the file as SQL; values.py, dates.py: the value rules)
    validate.py  rejects, warnings and counts over the staging (never the file again)   -> Checked
    load.py      one transaction into the store: rows, rejects and ...
    lineage.py   ... the batch row; the ingest report                                   -> IngestReport

ingest_file(con, path, ...) -> IngestReport     # loads one file atomically, or raises IngestError
inspect_file(path, ...) -> FilePreview          # the same steps up to validate; nothing written
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb

from answerable.ingest.limits import IngestLimits
from answerable.ingest.lineage import loaded_before
from answerable.ingest.linkage import Linkage, linkage
from answerable.ingest.load import load_batch
from answerable.ingest.mapping import (
    DEFAULT_NULL_TOKENS,
    Mapping,
    dump_mapping,
    load_mapping,
    validate_mapping,
)
from answerable.ingest.parse import parse_file
from answerable.ingest.plan import resolve_plan
from answerable.ingest.preview import FilePreview, inspect_file
from answerable.ingest.read import open_source
from answerable.ingest.relation import staging_area
from answerable.ingest.report import IngestReport, Problem
from answerable.ingest.validate import refuse_if_too_many_rejects, validate_rows

__all__ = [
    "DEFAULT_NULL_TOKENS",
    "FilePreview",
    "IngestLimits",
    "IngestReport",
    "Linkage",
    "Mapping",
    "Problem",
    "dump_mapping",
    "ingest_file",
    "inspect_file",
    "load_mapping",
]


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
    replacing: int | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Load one file as one batch, atomically; IngestError (nothing loaded) when it is refused.

    `replacing`: the id of a batch to retract in the same transaction (a file loaded before, loaded
    again with another mapping). `progress(fraction, step)` is told as each step starts.
    """
    tell = progress or _silent
    lim = limits or IngestLimits.from_env()
    if mapping is not None:
        validate_mapping(mapping)
    delimiter = mapping.delimiter if mapping is not None else None  # a mapping's overrides the sniffed one
    tell(0.0, "Reading the file")
    with open_source(path, display_name=display_name, limits=lim, delimiter=delimiter) as src:
        plan = resolve_plan(
            src.headers, src.name, kind=kind, profile=profile, mapping=mapping, delimiter=src.delimiter,
            header_line=src.header_line,
        )
        if src.scan.done():  # small files: skip the work for a file loaded before
            before = loaded_before(con, src, plan, replacing=replacing)
            if before is not None:
                return before
        with staging_area(con) as stage:
            tell(0.1, f"Parsing every row as {plan.kind} ({plan.profile})")
            parsed = parse_file(con, stage, src, plan, lim)
            tell(0.7, f"Checking {parsed.rows_read:,} rows")
            checked = validate_rows(con, parsed)
            refuse_if_too_many_rejects(checked, lim)
            tell(0.8, f"Writing {checked.records:,} records to the store")
            report = load_batch(con, checked, loaded_by, is_demo, replacing=replacing)
    if report.kind in ("incidents", "ai_decisions"):  # the linkage check, measured at load (DESIGN §3)
        report = replace(report, linkage=linkage(con))
    tell(1.0, report.summary)
    return report


Progress = Callable[[float, str], None]


def _silent(fraction: float, step: str) -> None:
    """No progress reporting."""
