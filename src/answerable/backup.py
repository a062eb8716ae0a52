"""Backup and restore of the store file: consistent copies, verified before they replace anything.

Backup holds the store's write lock (so no other process can write), checkpoints (so the main file
holds every committed transaction and the write-ahead log is empty), copies the file to a temporary
name next to the target, verifies the copy opens as an Answerable store with the same batches and
row counts, and only then renames it into place (an interrupted backup never leaves a half file
under the target name).

Restore refuses a store that another process holds, checks the backup the same way, keeps the store
it replaces as `<store>.before-restore-<UTC time>` (a hard link made before an atomic rename, so the
store's name always names a whole store), and moves aside a write-ahead log that would otherwise be
replayed onto the restored file.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from answerable import store
from answerable.contract import KINDS
from answerable.errors import StoreError, store_open_error


@dataclass(frozen=True)
class StoreSummary:
    """What a store holds: enough to check that a copy is faithful."""

    schema_version: int
    batches: int
    active_batches: int
    rows: dict[str, int]
    rejects: int

    def describe(self) -> str:
        total = sum(self.rows.values())
        return f"{self.batches} batches ({self.active_batches} active), {total:,} stored rows"


def summarize(con: duckdb.DuckDBPyConnection) -> StoreSummary:
    version = con.execute("SELECT max(version) FROM schema_version").fetchone()
    batches = con.execute("SELECT count(*), count(*) FILTER (retracted_at IS NULL) FROM batches").fetchone()
    rejects = con.execute("SELECT count(*) FROM rejects").fetchone()
    rows: dict[str, int] = {}
    for kind in KINDS:
        row = con.execute(f"SELECT count(*) FROM {store.rows_table(kind)}").fetchone()  # noqa: S608
        rows[kind] = int(row[0]) if row else 0
    assert version is not None and batches is not None and rejects is not None
    return StoreSummary(int(version[0] or 0), int(batches[0]), int(batches[1]), rows, int(rejects[0]))


# Every object a store holds, as DuckDB renders it. Views are compared by their SQL, tables by their
# full definition (columns, types, defaults, constraints), sequences without their counter (DuckDB
# stores it as the start value): a crafted backup whose view reads a local
# file, whose table has an extra column or default expression, or which adds a macro, is not a store.
_CATALOG = {
    "table": "SELECT schema_name, table_name, sql FROM duckdb_tables() "
    "WHERE database_name = current_database()",
    "view": "SELECT schema_name, view_name, sql FROM duckdb_views() "
    "WHERE NOT internal AND database_name = current_database()",
    "sequence": "SELECT schema_name, sequence_name, increment_by, min_value, max_value, cycle "
    "FROM duckdb_sequences() WHERE database_name = current_database()",
    "macro or function": "SELECT schema_name, function_name, function_type, macro_definition "
    "FROM duckdb_functions() WHERE NOT internal AND database_name = current_database()",
    "index": "SELECT schema_name, index_name, sql FROM duckdb_indexes() "
    "WHERE database_name = current_database()",
    "type": "SELECT schema_name, type_name, logical_type FROM duckdb_types() "
    "WHERE NOT internal AND database_name = current_database()",
    "schema": "SELECT schema_name, schema_name FROM duckdb_schemas() "
    "WHERE NOT internal AND database_name = current_database()",
}


def _catalog(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str, str], tuple[object, ...]]:
    out: dict[tuple[str, str, str], tuple[object, ...]] = {}
    for what, sql in _CATALOG.items():
        for row in con.execute(sql).fetchall():
            out[(what, str(row[0]), str(row[1]))] = tuple(row[2:])
    return out


_reference: dict[tuple[str, str, str], tuple[object, ...]] = {}


def _product_catalog() -> dict[tuple[str, str, str], tuple[object, ...]]:
    """The catalog of a store this version of Answerable creates (built once, in memory)."""
    if not _reference:
        con = duckdb.connect()
        try:
            store.migrate(con)
            _reference.update(_catalog(con))
        finally:
            con.close()
    return _reference


def schema_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """How the store's schema differs from the one Answerable creates (empty: identical)."""
    want, got = _product_catalog(), _catalog(con)
    problems = [f"{k[0]} {k[2]} is not one Answerable creates" for k in sorted(set(got) - set(want))]
    problems += [f"{k[0]} {k[2]} is missing" for k in sorted(set(want) - set(got))]
    problems += [
        f"{k[0]} {k[2]} is defined differently from Answerable's" for k in sorted(set(want) & set(got))
        if want[k] != got[k]
    ]
    if not problems:
        versions = con.execute("SELECT version FROM schema_version").fetchall()
        if versions != [(store.SCHEMA_VERSION,)]:
            shown = ", ".join(repr(v[0]) for v in versions[:3]) or "no row"
            problems.append(f"schema_version holds {shown}, not the single row {store.SCHEMA_VERSION}")
    return problems


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _open_exclusive(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a store read-write without migrating it; StoreBusyError when another process holds it."""
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise store_open_error(path, exc, busy_advice="Stop it, then retry.") from None


def _open_backup(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a file the user chose as a backup, read-only; a clear StoreError when DuckDB cannot."""
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(
            f"{path} is not a readable DuckDB file ({exc}). Choose an Answerable backup."
        ) from None


def verify_store_file(path: Path) -> StoreSummary:
    """Open a store file read-only in this process, check its schema is Answerable's, summarise it.

    A clear StoreError when it is not a DuckDB file, not an Answerable store, or a store whose tables,
    views, sequences or schema version differ from those this version of Answerable creates.
    """
    con = _open_backup(path)
    try:
        _check_schema(con, path)
        return summarize(con)
    finally:
        con.close()


def _check_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    try:
        names = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()}
        problems = schema_problems(con) if {"batches", "schema_version"} <= names else None
    except duckdb.Error as exc:
        raise StoreError(f"{path} cannot be checked as an Answerable store ({exc}).") from None
    if problems is None:
        raise StoreError(
            f"{path} is a DuckDB file but not an Answerable store (no batches/schema_version tables)."
        )
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise StoreError(
            f"{path} is not a store this version of Answerable wrote: {shown}. It was not used; "
            "restore only backups made with `answerable backup`."
        )


def backup(db: Path, out: Path, *, overwrite: bool = False) -> StoreSummary:
    """Write a consistent, verified copy of the store `db` to `out`."""
    db, out = Path(db), Path(out)
    if not db.is_file():
        raise StoreError(f"No store at {db}. Point --db or ANSWERABLE_DB at the store to back up.")
    if out.exists() and not overwrite:
        raise StoreError(f"{out} already exists. Choose another file name, or pass --force to replace it.")
    if out.resolve() == db.resolve():
        raise StoreError("The backup file must be a different file from the store.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    con = _open_exclusive(db)
    try:
        _check_schema(con, db)
        expected = summarize(con)
        con.execute("CHECKPOINT")  # every committed change is now in the main file
        shutil.copyfile(db, tmp)  # still holding the lock: nobody else can write meanwhile
    except duckdb.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Backup of {db} failed: {exc}") from None
    finally:
        con.close()
    try:
        got = verify_store_file(tmp)
        if got != expected:
            raise StoreError(
                f"The copy of {db} does not match it ({got.describe()} vs {expected.describe()})."
            )
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return got


def _keep_copy(src: Path, dest: Path) -> None:
    """A second name for the file (a hard link: instant, no space), else a copy."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _schema_version(path: Path) -> int:
    """The schema version a store file says it has (0 when it has none it can tell)."""
    con = _open_backup(path)
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and isinstance(row[0], int) else 0
    except duckdb.Error:
        return 0  # not an Answerable store: verify_store_file says so in full
    finally:
        con.close()


def _verify_as(copy: Path, original: Path) -> StoreSummary:
    """verify_store_file on a copy, its messages naming the file the user chose."""
    try:
        return verify_store_file(copy)
    except StoreError as exc:
        raise StoreError(str(exc).replace(str(copy), str(original))) from None


def _upgraded(copy: Path, backup_file: Path, version: int) -> StoreSummary:
    """Upgrade the copy of an older backup in place (the backup itself is never written), then hold it to
    exactly what this version creates: anything the product would not have made is still refused, and
    the upgrade keeps every batch, row and reject."""
    if version < 1:
        _verify_as(copy, backup_file)  # raises: it says what is missing
    con = duckdb.connect(str(copy))
    try:
        extra = sorted(set(_catalog(con)) - set(_product_catalog()))  # before anything reads its tables
        if extra:
            shown = "; ".join(f"{k[0]} {k[2]}" for k in extra[:5])
            raise StoreError(
                f"{backup_file} is not a store an Answerable wrote: {shown} is not one Answerable creates. "
                "It was not used; restore only backups made with `answerable backup`."
            )
        before = summarize(con)
        store.migrate(con)
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise StoreError(
            f"{backup_file} (schema {version}) cannot be upgraded ({exc}); the store was not changed."
        ) from None
    finally:
        con.close()
    after = _verify_as(copy, backup_file)
    if (after.batches, after.active_batches, after.rows, after.rejects) != (
        before.batches, before.active_batches, before.rows, before.rejects
    ):
        raise StoreError(f"Upgrading {backup_file} changed its contents; the store was not changed.")
    return after


def restore(backup_file: Path, db: Path) -> tuple[StoreSummary, Path | None]:
    """Replace the store `db` with a backup. Returns the restored summary and where the old store went."""
    backup_file, db = Path(backup_file), Path(db)
    if not backup_file.is_file():
        raise StoreError(f"No backup at {backup_file}.")
    if db.exists() and backup_file.resolve() == db.resolve():
        raise StoreError("The backup file is the store itself; nothing to restore.")
    version = _schema_version(backup_file)
    if version > store.SCHEMA_VERSION:
        raise StoreError(
            f"{backup_file} was written by a newer Answerable (schema {version}); "
            "upgrade Answerable to restore it."
        )
    summary = verify_store_file(backup_file) if version == store.SCHEMA_VERSION else None
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.restoring-{os.getpid()}")
    shutil.copyfile(backup_file, tmp)
    kept: Path | None = None
    try:
        if summary is None:  # an older Answerable's backup: upgraded on the copy, then judged as a whole
            summary = _upgraded(tmp, backup_file, version)
        elif verify_store_file(tmp) != summary:
            raise StoreError(f"The copy of {backup_file} does not match it; the store was not changed.")
        if db.exists():
            # Holding the store proves nobody else uses it; closing it checkpoints its log.
            _open_exclusive(db).close()
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = db.with_name(f"{db.name}.before-restore-{stamp}")
            _keep_copy(db, kept)  # the store's name never points at nothing, even if we are killed
            if _wal(db).exists():  # would be replayed onto the restored file: it belongs to the old one
                os.replace(_wal(db), _wal(kept))
        os.replace(tmp, db)  # atomic: the old store or the restored one, never a half file
    finally:
        tmp.unlink(missing_ok=True)
    return summary, kept
