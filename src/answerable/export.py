"""`answerable export --parquet DIR`: the current data and its lineage as Parquet (DESIGN §10).

Layout of DIR (written into a sibling temporary directory, then renamed: nothing partial is left):
- `<kind>/month=YYYY-MM/*.parquet` for incidents, ai_decisions and changes, partitioned by the month
  of their period column (opened_at, decided_at, implemented_at); `<kind>/data.parquet` for the
  snapshot kinds (inventory, knowledge, CMDB), which have no month of their own. Columns: the
  contract's columns in contract order and types, then `_batch_id` and `_line` (the lineage of each
  row). Only current records (the `current_<kind>` views: latest version per key, retracted batches
  left out).
- `history/<kind>/...`: every stored version of the records in the active batches (the metric SQL
  takes dates of things done from earlier versions too), laid out like the current records; written
  only for a dataset where it differs from the current records (the manifest says `same_as_current`).
- `links/change_cis/data.parquet`: a change export's change x CI links of the current changes (the
  `current_change_cis` view: change_id, cmdb_ci, _batch_id; DESIGN §3), one row per link.
- `batches/batches.parquet`: the lineage, one row per loaded file (retracted ones included).
- `manifest.json`: the batches, and per dataset the record count and every file with its rows and
  sha256, so a reader can check that nothing was lost or altered on the way.

COPY does not take parameters, so the target path is written into the SQL as a quoted string
literal (`_path_literal`); identifiers come from the contract through `quote_ident`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from answerable import store
from answerable.contract import DATASETS, KINDS
from answerable.errors import AnswerableError
from answerable.store import current_view, quote_ident, rows_table

FORMAT = "answerable-parquet"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# The column whose month partitions each dataset (the period filter's column, DESIGN §4).
PERIOD_COLUMNS: dict[str, str] = {
    "incidents": "opened_at",
    "ai_decisions": "decided_at",
    "changes": "implemented_at",
}
PARTITION = "month"
HISTORY = "history"
LINKS = "links"
# Link tables beside the datasets: name -> (view of the current links, columns in order).
LINK_VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "change_cis": ("current_change_cis", ("change_id", "cmdb_ci", "_batch_id")),
}


@dataclass(frozen=True)
class ExportedFile:
    path: str  # relative to the export directory, '/'-separated
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class ExportedDataset:
    kind: str
    records: int
    partitioned_by: str | None  # "month of opened_at", or None for a snapshot kind
    files: tuple[ExportedFile, ...]


@dataclass(frozen=True)
class ExportManifest:
    directory: str
    datasets: tuple[ExportedDataset, ...]
    batches: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _path_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _select(kind: str, *, history: bool = False) -> str:
    """The current records of `kind`, or (history) every stored version in the active batches."""
    cols = ", ".join(quote_ident(c) for c in DATASETS[kind].names)
    period = PERIOD_COLUMNS.get(kind)
    month = f", strftime({quote_ident(period)}, '%Y-%m') AS {PARTITION}" if period else ""
    if history:
        return (
            f"SELECT {cols}, _batch_id, _line, _version{month} FROM {rows_table(kind)} "  # noqa: S608
            "WHERE _batch_id IN (SELECT batch_id FROM batches WHERE retracted_at IS NULL)"
        )
    return f"SELECT {cols}, _batch_id, _line{month} FROM {current_view(kind)}"  # noqa: S608


def _copy(cur: duckdb.DuckDBPyConnection, kind: str, select: str, target: Path, rows: int) -> None:
    """One dataset's Parquet files. An empty dataset still gets one (empty) file with its schema."""
    target.mkdir(parents=True)
    if kind in PERIOD_COLUMNS and rows:
        cur.execute(
            f"COPY ({select} ORDER BY {PARTITION}, _batch_id, _line) TO {_path_literal(target)} "
            f"(FORMAT PARQUET, PARTITION_BY ({PARTITION}), FILENAME_PATTERN 'part_{{i}}')"
        )
        return
    if kind in PERIOD_COLUMNS:  # keep the schema (without the partition column) for readers
        select = f"SELECT * EXCLUDE ({PARTITION}) FROM ({select})"  # noqa: S608
    cur.execute(f"COPY ({select} ORDER BY _batch_id, _line) TO {_path_literal(target / 'data.parquet')} "
                "(FORMAT PARQUET)")


def _count(cur: duckdb.DuckDBPyConnection, select: str) -> int:
    row = cur.execute(f"SELECT count(*) FROM ({select})").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def _files(cur: duckdb.DuckDBPyConnection, root: Path, folder: str) -> tuple[ExportedFile, ...]:
    out = []
    for path in sorted((root / folder).rglob("*.parquet")):
        row = cur.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
        out.append(ExportedFile(
            path=path.relative_to(root).as_posix(), rows=int(row[0]) if row else 0,
            bytes=path.stat().st_size, sha256=_sha256(path),
        ))
    return tuple(out)


def _history(cur: duckdb.DuckDBPyConnection, work: Path, kind: str, records: int) -> dict[str, Any]:
    """Every stored version of `kind` in the active batches (metric SQL may read dates of earlier
    versions), written only when it differs from the current records: otherwise readers use those."""
    select = _select(kind, history=True)
    rows = _count(cur, select)
    if rows == records:
        return {"rows": rows, "same_as_current": True, "files": []}
    _copy(cur, kind, select, work / HISTORY / kind, rows)
    return {"rows": rows, "same_as_current": False,
            "files": [asdict(f) for f in _files(cur, work, f"{HISTORY}/{kind}")]}


def _links(cur: duckdb.DuckDBPyConnection, work: Path) -> dict[str, Any]:
    """The link tables of the current records (one file each, ordered so the bytes are stable)."""
    out: dict[str, Any] = {}
    for name, (view, cols) in LINK_VIEWS.items():
        folder = work / LINKS / name
        folder.mkdir(parents=True)
        names = ", ".join(quote_ident(c) for c in cols)
        cur.execute(
            f"COPY (SELECT {names} FROM {quote_ident(view)} ORDER BY {names}) "  # noqa: S608
            f"TO {_path_literal(folder / 'data.parquet')} (FORMAT PARQUET)"
        )
        files = _files(cur, work, f"{LINKS}/{name}")
        out[name] = {"view": view, "columns": list(cols), "rows": sum(f.rows for f in files),
                     "files": [asdict(f) for f in files]}
    return out


def _batches_json(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    out = []
    for b in store.list_batches(con):
        d = asdict(b)
        d["loaded_at"] = b.loaded_at.isoformat()
        d["retracted_at"] = b.retracted_at.isoformat() if b.retracted_at else None
        d["active"] = b.active
        out.append(d)
    return out


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise AnswerableError(
            f"{out_dir} exists and is not an empty directory: export into a new or empty directory "
            "(an export is never merged into another one)."
        )


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> ExportManifest:
    """Write the current views and the lineage under `out_dir` (new or empty) and its manifest."""
    out_dir = Path(out_dir)
    _check_target(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    cur = con.cursor()
    try:
        counts = store.record_counts(cur)
        datasets = []
        history = {}
        for kind in KINDS:
            _copy(cur, kind, _select(kind), work / kind, counts[kind])
            history[kind] = _history(cur, work, kind, counts[kind])
            period = PERIOD_COLUMNS.get(kind)
            datasets.append(ExportedDataset(
                kind=kind, records=counts[kind], partitioned_by=f"month of {period}" if period else None,
                files=_files(cur, work, kind),
            ))
        links = _links(cur, work)
        (work / "batches").mkdir()
        cur.execute(
            "COPY (SELECT * FROM batches ORDER BY batch_id) TO "  # noqa: S608
            f"{_path_literal(work / 'batches' / 'batches.parquet')} (FORMAT PARQUET)"
        )
        batches = _batches_json(cur)
        lineage = _files(cur, work, "batches")
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": store.SCHEMA_VERSION,
            "exported_at": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
            "partition_column": PARTITION,
            "datasets": {
                d.kind: {
                    "records": d.records, "partitioned_by": d.partitioned_by,
                    "columns": [{"name": c.name, "type": c.type} for c in DATASETS[d.kind].columns]
                    + [{"name": "_batch_id", "type": "int"}, {"name": "_line", "type": "int"}],
                    "files": [asdict(f) for f in d.files],
                    "history": history[d.kind],
                }
                for d in datasets
            },
            LINKS: links,
            "lineage": {"files": [asdict(f) for f in lineage], "rows": len(batches)},
            "batches": batches,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        if out_dir.exists():
            out_dir.rmdir()  # empty (checked above)
        os.replace(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        cur.close()
    return ExportManifest(str(out_dir), tuple(datasets), len(batches))


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of an export directory, or a clear error when DIR is not an export."""
    path = Path(directory) / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswerableError(
            f"{directory} has no {MANIFEST}: point --source at a directory written by "
            "`answerable export --parquet DIR`."
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise AnswerableError(f"{path} cannot be read ({exc}); export again.") from None
    return check_manifest(manifest, str(path))


def check_manifest(manifest: Any, where: str) -> dict[str, Any]:
    """The manifest if it is one this version reads, else a clear error."""
    if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
            or int(manifest.get("format_version", 0)) > FORMAT_VERSION):
        raise AnswerableError(
            f"{where} is not an Answerable Parquet export of version {FORMAT_VERSION} or older; "
            "export again with this version of Answerable."
        )
    return manifest
