"""Resource limits: upload size (also inflated size of .zip/.gz) and row count, with clear messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.errors import IngestError
from answerable.ingest import ingest_file
from tests.conftest import load_rows
from tests.hardening.bombs import gzip_bomb, xlsx_bomb, zip_bomb
from tests.hardening.state import open_and_check, snapshot

ROW = "INC{i},2026-01-05 10:00:00,Network\n"
HEAD = "incident_id,opened_at,category\n"

# Ingest one file in a fresh process; print the outcome as JSON. A bomb that were inflated in full
# (3 GiB or 20 GiB) would blow the subprocess timeout, so finishing in time is part of the proof.
RUNNER = """
import json, sys
from answerable import store
from answerable.errors import IngestError
from answerable.ingest import ingest_file
con = store.connect(sys.argv[1])
try:
    r = ingest_file(con, sys.argv[2], kind="incidents")
    print(json.dumps({"status": r.status, "records": r.records}))
except IngestError as exc:
    print(json.dumps({"refused": str(exc)}))
"""


def _ingest_in_subprocess(db: Path, path: Path, env_limit_mb: str, timeout: float = 120) -> dict[str, str]:
    import os

    env = {**os.environ, "ANSWERABLE_MAX_UPLOAD_MB": env_limit_mb}
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, str(db), str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.fixture
def seeded_db(db_path: Path) -> Path:
    con = store.connect(db_path)
    load_rows(con, "incidents", [{"incident_id": "OLD1", "opened_at": "2025-12-01 08:00:00"}])
    con.close()
    return db_path


def _refused_in_subprocess(db: Path, bomb: Path, limit_mb: str) -> str:
    before, _ = open_and_check(db)
    result = _ingest_in_subprocess(db, bomb, limit_mb)
    assert "refused" in result, result
    after, problems = open_and_check(db)
    assert after == before and problems == []
    return result["refused"]


def test_zip_bomb_is_refused_by_its_declared_size(seeded_db: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    inflated = zip_bomb(bomb, segments=50)  # 50 x 64 MiB = 3.2 GB of zeros in a ~3 MB file
    assert bomb.stat().st_size < 5 * 1024 * 1024 < 1024 * 1024 * 1024 < inflated
    message = _refused_in_subprocess(seeded_db, bomb, "1024")  # default-like limit: 1 GiB
    assert "ANSWERABLE_MAX_UPLOAD_MB" in message and "limit" in message


def test_zip_bomb_with_a_lying_header_is_capped_while_inflating(seeded_db: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "liar.zip"
    zip_bomb(bomb, segments=50, declared_size=1000)  # claims 1,000 bytes; would inflate to 3.2 GB
    message = _refused_in_subprocess(seeded_db, bomb, "64")
    # Python's zipfile stops at the declared size, then the checksum of those bytes fails: refused
    # as damaged after inflating 1,000 bytes (the subprocess finishing in time shows it went no further).
    assert "damaged" in message and "liar.zip" in message


def test_gzip_bomb_is_capped_while_inflating(seeded_db: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.csv.gz"
    inflated = gzip_bomb(bomb, segments=300)  # 300 x 64 MiB = 20 GB of zeros in a ~20 MB file
    assert inflated > 20 * 10**9
    message = _refused_in_subprocess(seeded_db, bomb, "64")
    assert "ANSWERABLE_MAX_UPLOAD_MB" in message and "64" in message


# (found) no inflated-size check: openpyxl scanned the whole 3 GB sheet (~3 MB/s); fixed in 265d47f.
def test_xlsx_bomb_is_refused_before_parsing(seeded_db: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    inflated = xlsx_bomb(bomb, segments=50)  # one sheet of 3.2 GB of rows, in an ~11 MB workbook
    assert bomb.stat().st_size < 16 * 1024 * 1024 < 64 * 1024 * 1024 < inflated
    before, _ = open_and_check(seeded_db)
    # openpyxl reads about 3 MB of sheet XML a second here: a refusal within 30 s proves it stopped early.
    result = _ingest_in_subprocess(seeded_db, bomb, "64", timeout=30)
    assert "ANSWERABLE_MAX_UPLOAD_MB" in result.get("refused", ""), result
    assert open_and_check(seeded_db) == (before, [])


def test_upload_size_limit(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "big.csv"
    p.write_text(HEAD + "".join(ROW.format(i=i) for i in range(40_000)), encoding="utf-8")
    assert p.stat().st_size > 1024 * 1024  # 40,000 rows of ~35 bytes: about 1.4 MB
    monkeypatch.setenv("ANSWERABLE_MAX_UPLOAD_MB", "1")
    before = snapshot(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, p, kind="incidents")
    message = str(info.value)
    assert "upload limit" in message and "ANSWERABLE_MAX_UPLOAD_MB" in message and "big.csv" in message
    assert snapshot(con) == before
    monkeypatch.setenv("ANSWERABLE_MAX_UPLOAD_MB", "2")
    assert ingest_file(con, p, kind="incidents").records == 40_000  # under a raised limit it loads


def test_row_limit(con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "rows.csv"
    p.write_text(HEAD + "".join(ROW.format(i=i) for i in range(101)), encoding="utf-8")
    monkeypatch.setenv("ANSWERABLE_MAX_ROWS", "100")
    before = snapshot(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, p, kind="incidents")
    message = str(info.value)
    assert "ANSWERABLE_MAX_ROWS" in message and "100" in message
    assert snapshot(con) == before
    monkeypatch.setenv("ANSWERABLE_MAX_ROWS", "101")
    assert ingest_file(con, p, kind="incidents").records == 101  # exactly at the limit: loads


def test_row_limit_counts_rows_not_newlines(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 50 rows whose category holds quoted newlines (3 physical lines each): 50 rows, 151 lines.
    p = tmp_path / "ml.csv"
    p.write_text(HEAD + "".join(f'INC{i},2026-01-05,"a\nb\nc"\n' for i in range(50)), encoding="utf-8")
    monkeypatch.setenv("ANSWERABLE_MAX_ROWS", "60")
    report = ingest_file(con, p, kind="incidents")
    assert report.rows_read == 50 and report.records == 50


def test_bad_limit_setting_is_a_clear_error(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = tmp_path / "ok.csv"
    p.write_text(HEAD + ROW.format(i=1), encoding="utf-8")
    monkeypatch.setenv("ANSWERABLE_MAX_UPLOAD_MB", "lots")
    with pytest.raises(IngestError, match="ANSWERABLE_MAX_UPLOAD_MB"):
        ingest_file(con, p, kind="incidents")
