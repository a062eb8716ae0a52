"""Connection lock-down for the app (DESIGN §10; CONVENTIONS: DuckDB 2.x facts).

The app's DuckDB connection reads uploaded files with `read_csv`. Locked down, it can read and
write only the store itself and the directories given here (the upload directory): no other file,
no network, no extension install, and no SQL statement can undo the settings. Values never reach SQL
as text anyway (they are bound parameters); this is the second wall, for the day a bug lets one
through.

Order matters: `allowed_directories` must be set while external access is still on, then
`enable_external_access=false`, then `lock_configuration=true` (verified on DuckDB 2.0; temp tables,
spilling to the store's `.tmp` directory, inserts and checkpoints keep working).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb

from answerable.errors import StoreError

UPLOAD_DIR_ENV = "ANSWERABLE_UPLOAD_DIR"


def _directory(path: str | Path) -> str:
    p = Path(path).resolve()  # DuckDB refuses paths through symlinks: give it the real path
    if not p.is_dir():
        raise StoreError(
            f"Cannot allow reads from {path}: it is not an existing directory. Create it or fix the setting."
        )
    return str(p) + os.sep


def lock_down(con: duckdb.DuckDBPyConnection, allowed_dirs: Iterable[str | Path]) -> None:
    """Restrict the connection's file access to `allowed_dirs` (plus the store) and freeze its settings.

    Irreversible for this database instance: every connection or cursor on the same file in this
    process shares it. Call it once, after `store.connect` (which migrates the schema).
    """
    dirs = sorted({_directory(d) for d in allowed_dirs})
    try:
        con.execute("SET allowed_directories = ?", [dirs])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        raise StoreError(
            f"Could not lock down the store connection ({exc}). Open the store in a fresh process and retry."
        ) from None


def is_locked_down(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT current_setting('enable_external_access'), current_setting('lock_configuration')"
    ).fetchone()
    return row is not None and row[0] is False and row[1] is True


def upload_dir() -> Path:
    """The directory where the app writes uploads before ingesting them (private to this user).

    $ANSWERABLE_UPLOAD_DIR when set, else `answerable-uploads-<uid>` in the system temp directory,
    created with mode 0700. Pass it to `lock_down` so the locked connection can read the uploads.
    """
    env = os.environ.get(UPLOAD_DIR_ENV, "").strip()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    path = Path(env) if env else Path(tempfile.gettempdir()) / f"answerable-uploads-{uid}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not env and hasattr(os, "getuid") and path.stat().st_uid != uid:
        raise StoreError(
            f"The upload directory {path} belongs to another user. "
            f"Set {UPLOAD_DIR_ENV} to a private directory."
        )
    return path.resolve()
