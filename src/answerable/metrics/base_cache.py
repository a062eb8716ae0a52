"""The materialised metric base tables, shared by every session on the same store and data version.

Building `m_<kind>` (the current data with its derived flags and look-ups) is most of a metric
session's cost at scale (about 80% at 1M incidents + 1M decisions), and a page computes several
sessions per run (score, trend, previous period, breakdowns). The tables are therefore built once per
(data version, model settings) into a private in-memory database attached to the store's database
instance, which every cursor of that instance can read; each session then only creates temp views
`m_<kind>` over them. A load, retraction or clear changes the batches fingerprint, so the next
session rebuilds; the two most recent versions are kept so that a session started just before a
change can finish.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

import duckdb

from answerable.store import quote_ident

CACHE_DB = "answerable_metric_cache"
KEEP_VERSIONS = 2
_LOCK = threading.Lock()  # one build at a time; sessions of a built version never wait on it
_SHARED: OrderedDict[str, dict[str, Any]] = OrderedDict()  # version -> facts sessions may share


def shared_state(version: str) -> dict[str, Any]:
    """A dict the sessions of one version share (e.g. column availability counts), last 8 versions."""
    with _LOCK:
        state = _SHARED.pop(version, None) or {}
        _SHARED[version] = state
        while len(_SHARED) > 8:
            _SHARED.popitem(last=False)
        return state


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def data_fingerprint(cur: duckdb.DuckDBPyConnection) -> str:
    """The store file and its batches: any load, retraction or clear changes it."""
    row = cur.execute(
        "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()), count(*), "
        "coalesce(string_agg(concat_ws(':', batch_id, kind, sha256, rows_loaded, retracted_at), ',' "
        "ORDER BY batch_id), '') FROM batches"
    ).fetchone()
    return _digest(repr(row))


def fingerprint(cur: duckdb.DuckDBPyConnection, model_params: dict[str, Any]) -> str:
    """`<data>_<settings>`: the data fingerprint and the model settings the tables were built with."""
    return f"{data_fingerprint(cur)}_{_digest(repr(sorted((k, repr(v)) for k, v in model_params.items())))}"


def latest_timestamp(cur: duckdb.DuckDBPyConnection) -> tuple[bool, datetime | None]:
    """(True, latest opened_at / decided_at) read from base tables already built for the current data
    (any model settings: the timestamps do not depend on them); (False, None) when none are built."""
    prefix = data_fingerprint(cur) + "_"
    with _LOCK:  # a build cannot drop the version while it is read
        attached = cur.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?", [CACHE_DB])
        row = attached.fetchone()
        if not row or not row[0]:
            return False, None
        built = [v for v in _built_versions(cur) if v.startswith(prefix)]
        if not built:
            return False, None
        version = built[-1]
        latest = cur.execute(
            f"SELECT greatest((SELECT max(opened_at) FROM {_table('incidents', version)}), "  # noqa: S608
            f"(SELECT max(decided_at) FROM {_table('ai_decisions', version)}))"
        ).fetchone()
    return True, latest[0] if latest else None


def _table(kind: str, version: str) -> str:
    return f"{quote_ident(CACHE_DB)}.{quote_ident(f'm_{kind}_{version}')}"


def _marker(version: str) -> str:
    return f"done_{version}"


def _built_versions(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Complete versions, oldest first (a version is complete once its marker table exists)."""
    rows = cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND starts_with(table_name, 'done_')",
        [CACHE_DB],
    ).fetchall()
    versions = [name.removeprefix("done_") for (name,) in rows]
    return sorted(versions, key=lambda v: _stamp(cur, v))


def attach_views(
    cur: duckdb.DuckDBPyConnection,
    kinds: tuple[str, ...],
    model_params: dict[str, Any],
    build_one: Callable[[str, str], None],
) -> str | None:
    """Point `m_<kind>` temp views of `cur` at the shared tables of the current version, building them
    first if needed: `build_one(kind, target)` must create the table `target` for `kind` (it may read
    the `m_<kind>` views of the kinds before it). Returns the version, or None, with nothing done, when
    the connection cannot hold the cache (a read-only store cannot attach an in-memory database)."""
    version = fingerprint(cur, model_params)
    with _LOCK:
        try:
            cur.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {quote_ident(CACHE_DB)}")
        except duckdb.Error:
            return None
        built = _built_versions(cur)
        if version not in built:
            for kind in kinds:
                cur.execute(f"DROP TABLE IF EXISTS {_table(kind, version)}")
                build_one(kind, _table(kind, version))
                _view(cur, kind, version)
            stamp = len(built) and max(_stamp(cur, v) for v in built)
            cur.execute(
                f"CREATE OR REPLACE TABLE {quote_ident(CACHE_DB)}.{quote_ident(_marker(version))} AS "
                "SELECT ?::BIGINT AS n",
                [stamp + 1],
            )
            for old in built[: max(0, len(built) + 1 - KEEP_VERSIONS)]:
                for kind in kinds:
                    cur.execute(f"DROP TABLE IF EXISTS {_table(kind, old)}")
                cur.execute(f"DROP TABLE IF EXISTS {quote_ident(CACHE_DB)}.{quote_ident(_marker(old))}")
        else:
            for kind in kinds:
                _view(cur, kind, version)
    return version


def _stamp(cur: duckdb.DuckDBPyConnection, version: str) -> int:
    row = cur.execute(f"SELECT n FROM {quote_ident(CACHE_DB)}.{quote_ident(_marker(version))}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def _view(cur: duckdb.DuckDBPyConnection, kind: str, version: str) -> None:
    cur.execute(
        f"CREATE OR REPLACE TEMP VIEW {quote_ident(f'm_{kind}')} AS SELECT * FROM {_table(kind, version)}"  # noqa: S608
    )
