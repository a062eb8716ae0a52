"""The DuckDB store: connection, schema migrations, append-only batches, current views, lineage.

Layout (all created by `migrate`):
- `rows_<kind>`: every accepted row of every batch, append-only, with `_batch_id`, `_line` (the row's
  line in its file) and `_version` (a version column such as sys_mod_count, when the file had one).
- `current_<kind>`: a view, the latest row per key across non-retracted batches, ordered by
  `updated_at` (nulls first, incidents only), `_version` (nulls first), batch order, then line.
SQL here formats identifiers only, each through `quote_ident` (hence the S608 waivers); values are
always bound parameters.

- `batches`: one row of lineage per loaded file, with the contract columns the file supplied
  (`columns_supplied`; NULL for batches loaded before schema 2); `rejects`: the rows a batch refused.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from answerable.contract import DATASETS, KINDS, Dataset
from answerable.errors import StoreError, store_open_error

SCHEMA_VERSION = 3  # 2: batches.columns_supplied; 3: rows_change_cis / current_change_cis
DEFAULT_DB = Path("data") / "answerable.duckdb"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_ident(name: str) -> str:
    """Quote an SQL identifier. The only way identifiers enter SQL; values are always parameters."""
    if not _IDENT.match(name):
        raise StoreError(f"Refusing to use {name!r} as an SQL identifier.")
    return '"' + name + '"'


def rows_table(kind: str) -> str:
    return quote_ident(f"rows_{DATASETS[kind].kind}")


def current_view(kind: str) -> str:
    return quote_ident(f"current_{DATASETS[kind].kind}")


def default_db_path() -> Path:
    env = os.environ.get("ANSWERABLE_DB")
    return Path(env) if env else DEFAULT_DB


BUSY_TIMEOUT_ENV = "ANSWERABLE_BUSY_TIMEOUT"


def _busy_timeout(value: float | None) -> float:
    if value is not None:
        return max(0.0, value)
    try:
        return max(0.0, float(os.environ.get(BUSY_TIMEOUT_ENV, "0") or 0))
    except ValueError:
        raise StoreError(f"{BUSY_TIMEOUT_ENV} must be a number of seconds.") from None


def _connect_waiting(db: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retrying for up to `timeout` seconds while another process holds the lock."""
    deadline = time.monotonic() + timeout
    pause = 0.05
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


def connect(
    path: str | Path | None = None, *, read_only: bool = False, busy_timeout: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (and create or migrate) the store. A store held by another process is a clear error.

    busy_timeout: seconds to keep retrying while another process holds the store (default:
    $ANSWERABLE_BUSY_TIMEOUT, else 0 = fail at once with StoreBusyError).
    """
    db = Path(path) if path is not None else default_db_path()
    if not read_only:
        db.parent.mkdir(parents=True, exist_ok=True)
    elif not db.exists():
        raise StoreError(f"No store at {db}. Load data first (answerable ingest FILE or answerable demo).")
    try:
        con = _connect_waiting(db, read_only, _busy_timeout(busy_timeout))
    except duckdb.Error as exc:
        wait = "Wait for it to finish, or stop it, then retry."
        raise store_open_error(db, exc, busy_advice=wait) from None
    try:
        _refuse_foreign(con, db, read_only)
    except BaseException:
        con.close()
        raise
    if not read_only:
        migrate(con)
    return con


def _refuse_foreign(con: duckdb.DuckDBPyConnection, db: Path, read_only: bool) -> None:
    """Refuse a DuckDB file that is not an Answerable store: never write our tables into someone's file.

    An empty database (a new file) is fine to create a store in; anything holding other objects
    without our `schema_version` table, or a `schema_version` that is not ours, is refused.
    """
    objects = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "UNION ALL SELECT view_name FROM duckdb_views() "
            "WHERE NOT internal AND database_name = current_database() "
            "UNION ALL SELECT sequence_name FROM duckdb_sequences() WHERE database_name = current_database() "
            "UNION ALL SELECT function_name FROM duckdb_functions() "
            "WHERE NOT internal AND database_name = current_database() ORDER BY 1"
        ).fetchall()
    ]
    fix = "Point --db or ANSWERABLE_DB at an Answerable store, or at a new file name."
    if not objects:
        if read_only:
            raise StoreError(
                f"{db} holds no Answerable data yet. Load data first (answerable ingest FILE or "
                f"answerable demo), or point --db or ANSWERABLE_DB at an Answerable store."
            )
        return
    if "schema_version" not in objects:
        shown = ", ".join(objects[:5]) + (", ..." if len(objects) > 5 else "")
        raise StoreError(
            f"{db} is a DuckDB database but not an Answerable store (it holds {shown}); "
            f"Answerable never writes into another database. {fix}"
        )
    version_type = con.execute(
        "SELECT data_type FROM duckdb_columns() WHERE database_name = current_database() "
        "AND table_name = 'schema_version' AND column_name = 'version'"
    ).fetchone()
    if version_type is None or version_type[0] != "INTEGER":
        raise StoreError(
            f"{db} has a schema_version table that Answerable did not write "
            f"(its version column is {version_type[0] if version_type else 'missing'}, not INTEGER). {fix}"
        )


def _column_defs(ds: Dataset) -> str:
    return ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in ds.columns)


def _order_desc(ds: Dataset) -> str:
    """Latest-first ordering of versions of one key (DESIGN §3), for row_number() = 1."""
    parts = []
    if ds.updated_column:
        parts.append(f"{quote_ident(ds.updated_column)} DESC NULLS LAST")
    parts += ["_version DESC NULLS LAST", "_batch_id DESC", "_line DESC"]
    return ", ".join(parts)


def _create_current_view(con: duckdb.DuckDBPyConnection, ds: Dataset) -> None:
    cols = ", ".join(f"r.{quote_ident(c)}" for c in ds.names)
    sql = f"""
        CREATE OR REPLACE VIEW {current_view(ds.kind)} AS
        SELECT {cols}, r._batch_id, r._line
        FROM {rows_table(ds.kind)} AS r
        JOIN batches AS b ON b.batch_id = r._batch_id AND b.retracted_at IS NULL
        QUALIFY row_number() OVER (PARTITION BY r.{quote_ident(ds.key)} ORDER BY {_order_desc(ds)}) = 1
        """  # noqa: S608
    con.execute(sql)


def _create_change_ci_links(con: duckdb.DuckDBPyConnection) -> None:
    """A change export's change x CI links (DESIGN §3); current: the batch of the change's current row."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS rows_change_cis "
        "(_batch_id INTEGER NOT NULL, change_id VARCHAR NOT NULL, cmdb_ci VARCHAR NOT NULL)"
    )
    con.execute(
        "CREATE OR REPLACE VIEW current_change_cis AS SELECT l.change_id, l.cmdb_ci, l._batch_id "  # noqa: S608
        f"FROM rows_change_cis AS l JOIN {current_view('changes')} AS c "
        "ON c.change_id = l.change_id AND c._batch_id = l._batch_id"
    )


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create or upgrade the schema to SCHEMA_VERSION; idempotent."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    current = row[0] if row and row[0] is not None else 0
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"This store was written by a newer Answerable (schema {current}); upgrade Answerable to open it."
        )
    if current == SCHEMA_VERSION:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE SEQUENCE IF NOT EXISTS batch_seq START 1")
        con.execute(
            """
            CREATE TABLE IF NOT EXISTS batches (
                batch_id INTEGER PRIMARY KEY,
                kind VARCHAR NOT NULL,
                file_name VARCHAR NOT NULL,
                sha256 VARCHAR NOT NULL,
                size_bytes BIGINT NOT NULL,
                profile VARCHAR,
                mapping VARCHAR,
                rows_read BIGINT NOT NULL,
                rows_loaded BIGINT NOT NULL,
                rows_rejected BIGINT NOT NULL,
                rows_collapsed BIGINT NOT NULL,
                records BIGINT NOT NULL,
                loaded_by VARCHAR,
                loaded_at TIMESTAMP NOT NULL,
                retracted_at TIMESTAMP,
                is_demo BOOLEAN NOT NULL DEFAULT false,
                report VARCHAR
            )
            """
        )
        # schema 2: which contract columns each file supplied (DESIGN §4 "Not assessed")
        con.execute("ALTER TABLE batches ADD COLUMN IF NOT EXISTS columns_supplied VARCHAR[]")
        con.execute(
            """
            CREATE TABLE IF NOT EXISTS rejects (
                batch_id INTEGER NOT NULL,
                line BIGINT,
                column_name VARCHAR,
                value VARCHAR,
                rule VARCHAR NOT NULL,
                message VARCHAR NOT NULL
            )
            """
        )
        for ds in DATASETS.values():
            con.execute(
                f"CREATE TABLE IF NOT EXISTS {rows_table(ds.kind)} "
                f"(_batch_id INTEGER NOT NULL, _line BIGINT NOT NULL, _version BIGINT, {_column_defs(ds)})"
            )
            _create_current_view(con, ds)
        _create_change_ci_links(con)
        con.execute("DELETE FROM schema_version")
        con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: commit when the block succeeds, roll back on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@dataclass(frozen=True)
class Batch:
    batch_id: int
    kind: str
    file_name: str
    sha256: str
    size_bytes: int
    profile: str | None
    mapping: str | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_collapsed: int
    records: int
    loaded_by: str | None
    loaded_at: datetime
    retracted_at: datetime | None
    is_demo: bool
    columns_supplied: tuple[str, ...] | None = None  # contract columns the file had (None: not recorded)

    def __post_init__(self) -> None:
        if isinstance(self.columns_supplied, list):  # as read back from DuckDB
            object.__setattr__(self, "columns_supplied", tuple(self.columns_supplied))

    @property
    def active(self) -> bool:
        return self.retracted_at is None


_BATCH_FIELDS = (
    "batch_id, kind, file_name, sha256, size_bytes, profile, mapping, rows_read, rows_loaded, "
    "rows_rejected, rows_collapsed, records, loaded_by, loaded_at, retracted_at, is_demo, columns_supplied"
)


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT nextval('batch_seq')").fetchone()
    assert row is not None
    return int(row[0])


def record_batch(con: duckdb.DuckDBPyConnection, batch: Batch, report_json: str | None = None) -> None:
    """Write a batch's lineage row (inside the caller's transaction)."""
    con.execute(
        f"INSERT INTO batches ({_BATCH_FIELDS}, report) VALUES ({', '.join('?' * 18)})",  # noqa: S608
        [
            batch.batch_id, batch.kind, batch.file_name, batch.sha256, batch.size_bytes, batch.profile,
            batch.mapping, batch.rows_read, batch.rows_loaded, batch.rows_rejected, batch.rows_collapsed,
            batch.records, batch.loaded_by, batch.loaded_at, batch.retracted_at, batch.is_demo,
            list(batch.columns_supplied) if batch.columns_supplied is not None else None, report_json,
        ],
    )


def list_batches(con: duckdb.DuckDBPyConnection, *, kind: str | None = None) -> list[Batch]:
    sql = f"SELECT {_BATCH_FIELDS} FROM batches"  # noqa: S608
    params: list[object] = []
    if kind is not None:
        sql += " WHERE kind = ?"
        params.append(kind)
    rows = con.execute(sql + " ORDER BY batch_id", params).fetchall()
    return [Batch(*row) for row in rows]


def get_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> Batch | None:
    row = con.execute(f"SELECT {_BATCH_FIELDS} FROM batches WHERE batch_id = ?", [batch_id]).fetchone()  # noqa: S608
    return Batch(*row) if row else None


def find_active_batch_by_sha(con: duckdb.DuckDBPyConnection, kind: str, sha256: str) -> Batch | None:
    row = con.execute(
        f"SELECT {_BATCH_FIELDS} FROM batches WHERE kind = ? AND sha256 = ? AND retracted_at IS NULL "  # noqa: S608
        "ORDER BY batch_id LIMIT 1",
        [kind, sha256],
    ).fetchone()
    return Batch(*row) if row else None


def retract(con: duckdb.DuckDBPyConnection, batch_id: int, *, when: datetime | None = None) -> Batch:
    """Retract a batch: its rows stay stored but leave the current views (restoring the previous ones)."""
    batch = get_batch(con, batch_id)
    if batch is None:
        raise StoreError(f"There is no batch {batch_id}. List batches with `answerable batches`.")
    if batch.retracted_at is not None:
        raise StoreError(f"Batch {batch_id} was already retracted at {batch.retracted_at:%Y-%m-%d %H:%M}.")
    con.execute(
        "UPDATE batches SET retracted_at = coalesce(?, now()::TIMESTAMP) WHERE batch_id = ?", [when, batch_id]
    )
    result = get_batch(con, batch_id)
    assert result is not None
    return result


def clear(con: duckdb.DuckDBPyConnection) -> None:
    """Remove every batch, row and reject (the store is empty afterwards)."""
    with transaction(con):
        for kind in KINDS:
            con.execute(f"DELETE FROM {rows_table(kind)}")  # noqa: S608
        con.execute("DELETE FROM rows_change_cis")
        con.execute("DELETE FROM rejects")
        con.execute("DELETE FROM batches")


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever a batch is loaded, retracted or cleared: a cache key for query results."""
    row = con.execute(
        "SELECT count(*), coalesce(max(batch_id), 0), count(retracted_at), "
        "coalesce(max(retracted_at)::VARCHAR, '') FROM batches"
    ).fetchone()
    assert row is not None
    return "-".join(str(x) for x in row)


def record_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Records in the current view of each kind."""
    out: dict[str, int] = {}
    for kind in KINDS:
        row = con.execute(f"SELECT count(*) FROM {current_view(kind)}").fetchone()  # noqa: S608
        out[kind] = int(row[0]) if row else 0
    return out


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM batches WHERE retracted_at IS NULL").fetchone()
    return not row or int(row[0]) == 0
