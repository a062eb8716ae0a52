"""Durability and concurrency: kill -9 during an ingest, two processes, two app sessions at once."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from answerable import security, store
from answerable.ingest import IngestReport, ingest_file
from tests.conftest import load_rows
from tests.hardening.state import consistency_problems

HEAD = "incident_id,opened_at,category,priority,assigned_to,reassignment_count,updated_at\n"
ROWS = 200_000


def _write_incidents(path: Path, rows: int, prefix: str = "INC") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEAD)
        for i in range(rows):
            # every 4th key repeats (event-log versions), so the ingest also collapses
            key = i - (i % 4 == 3)
            fh.write(
                f"{prefix}{key},2026-01-{1 + i % 28:02d} 10:{i % 60:02d}:00,Cat{i % 7},{1 + i % 5},"
                f"User{i % 97},{i % 3},2026-02-01 00:00:{i % 60:02d}\n"
            )
    return path


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_incidents(tmp_path_factory.mktemp("big") / "incidents_200k.csv", ROWS)


def current_digest(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """Count and digest of the current incidents, without batch ids (equal content = equal digest)."""
    h = hashlib.sha256()
    rows = con.execute(
        "SELECT * EXCLUDE (_batch_id, _line) FROM current_incidents ORDER BY incident_id"
    ).fetchall()
    for r in rows:
        h.update(repr(r).encode())
    return len(rows), h.hexdigest()


INGEST = """
import sys
from answerable import store
from answerable.ingest import ingest_file
con = store.connect(sys.argv[1])
print("started", flush=True)
report = ingest_file(con, sys.argv[2], kind="incidents", loaded_by=sys.argv[3])
con.close()
print("done", report.batch_id, report.records, flush=True)
"""


def _start_ingest(db: Path, csv: Path, who: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    p = subprocess.Popen(
        [sys.executable, "-c", INGEST, str(db), str(csv), who],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert p.stdout is not None
    return p


def test_kill_9_during_ingest_leaves_store_consistent(db_path: Path, big_csv: Path) -> None:
    con = store.connect(db_path)
    load_rows(con, "incidents", [{"incident_id": "OLD1", "opened_at": "2025-12-01 08:00:00"}])
    before = current_digest(con)
    con.close()

    # One complete run (in another store) gives "after" and the duration to aim the kills at.
    ref = db_path.with_name("reference.duckdb")
    con = store.connect(ref)
    load_rows(con, "incidents", [{"incident_id": "OLD1", "opened_at": "2025-12-01 08:00:00"}])
    con.close()
    p = _start_ingest(ref, big_csv, "ref")
    assert p.stdout is not None and p.stdout.readline().strip() == "started"
    started = time.monotonic()
    _out, err = p.communicate(timeout=300)
    full = time.monotonic() - started  # from "store open" to the process's exit after committing
    assert p.returncode == 0, err
    con = store.connect(ref)
    after = current_digest(con)
    con.close()
    # 200,000 rows, every 4th a second version of the key before it: 150,000 records + OLD1.
    assert after[0] == 150_001

    rnd = random.Random(20261123)
    outcomes = {"before": 0, "after": 0}
    for attempt in range(20):
        p = _start_ingest(db_path, big_csv, f"attempt {attempt}")
        assert p.stdout is not None and p.stdout.readline().strip() == "started"
        time.sleep(rnd.uniform(0, 1.1 * full))  # anywhere from "store just opened" to "committed"
        p.send_signal(signal.SIGKILL)
        p.wait()
        con = store.connect(db_path)  # opens fine (replays or discards the write-ahead log)
        try:
            assert consistency_problems(con) == [], f"attempt {attempt}"
            state = current_digest(con)
            assert state in (before, after), f"attempt {attempt}: {state[0]} current records"
            if state == after:
                outcomes["after"] += 1
                # Undo the committed batch so the next attempt starts from "before" again.
                last = store.list_batches(con)[-1]
                store.retract(con, last.batch_id)
                assert current_digest(con) == before
            else:
                outcomes["before"] += 1
        finally:
            con.close()
    assert sum(outcomes.values()) == 20
    assert outcomes["before"] >= 1, outcomes  # at least one kill really landed mid-ingest
    print(f"kill -9 outcomes over 20 attempts (full ingest {full:.1f} s): {outcomes}")


def test_two_processes_ingesting_at_once_both_land(tmp_path: Path, db_path: Path) -> None:
    a = _write_incidents(tmp_path / "a.csv", 30_000, prefix="A")
    b = _write_incidents(tmp_path / "b.csv", 30_000, prefix="B")
    store.connect(db_path).close()
    env = {store.BUSY_TIMEOUT_ENV: "120"}  # the second writer waits for the first instead of failing
    procs = [_start_ingest(db_path, a, "a", env), _start_ingest(db_path, b, "b", env)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    con = store.connect(db_path)
    try:
        batches = store.list_batches(con)
        assert sorted(x.loaded_by or "" for x in batches) == ["a", "b"]
        # each file: 30,000 rows, keys i - (i % 4 == 3) -> 22,500 distinct; two prefixes -> 45,000
        assert store.record_counts(con)["incidents"] == 45_000
        assert consistency_problems(con) == []
    finally:
        con.close()


def test_second_process_without_waiting_gets_store_busy(tmp_path: Path, db_path: Path, big_csv: Path) -> None:
    store.connect(db_path).close()
    first = _start_ingest(db_path, big_csv, "first")
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "started"
        small = _write_incidents(tmp_path / "small.csv", 10, prefix="S")
        second = _start_ingest(db_path, small, "second", {store.BUSY_TIMEOUT_ENV: "0"})
        _, err = second.communicate(timeout=120)
        assert second.returncode != 0
        assert "StoreBusyError" in err and "in use by another process" in err and "retry" in err
    finally:
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    con = store.connect(db_path)
    try:
        assert [b.loaded_by for b in store.list_batches(con)] == ["first"]
        assert consistency_problems(con) == []
    finally:
        con.close()


@pytest.mark.parametrize("locked", [False, True], ids=["plain", "locked-down like the app"])
def test_two_app_sessions_uploading_at_once_both_land(tmp_path: Path, db_path: Path, locked: bool) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    files = [_write_incidents(uploads / f"s{i}.csv", 20_000, prefix=f"S{i}-") for i in range(2)]
    con = store.connect(db_path)
    if locked:
        security.lock_down(con, [uploads])
    reports: dict[int, IngestReport] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def session(i: int) -> None:
        cur = con.cursor()  # each session: its own cursor on the shared app connection
        try:
            barrier.wait()
            reports[i] = ingest_file(cur, files[i], kind="incidents", loaded_by=f"session {i}")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            cur.close()

    threads = [threading.Thread(target=session, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    try:
        assert errors == []
        assert sorted(r.status for r in reports.values()) == ["loaded", "loaded"]
        # each file: 20,000 rows -> 15,000 distinct keys; disjoint prefixes -> 30,000 records
        assert store.record_counts(con)["incidents"] == 30_000
        assert len({r.batch_id for r in reports.values()}) == 2
        assert consistency_problems(con) == []
    finally:
        con.close()


def test_same_file_uploaded_by_two_sessions_at_once_loads_once(tmp_path: Path, db_path: Path) -> None:
    f = _write_incidents(tmp_path / "same.csv", 50_000)
    con = store.connect(db_path)
    statuses: list[str] = []
    barrier = threading.Barrier(2)

    def session() -> None:
        cur = con.cursor()
        try:
            barrier.wait()
            statuses.append(ingest_file(cur, f, kind="incidents").status)
        finally:
            cur.close()

    threads = [threading.Thread(target=session) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    try:
        assert sorted(statuses) == ["duplicate", "loaded"]
        assert len(store.list_batches(con)) == 1
    finally:
        con.close()
