"""File-level refusals load nothing; row-level problems are listed while good rows load."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from answerable.errors import IngestError
from answerable.ingest import IngestLimits, Problem, ingest_file
from tests.ingest.helpers import FIXTURES, snapshot


def _refused(con: duckdb.DuckDBPyConnection, path: Path, **kw: object) -> Problem:
    ingest_file(con, FIXTURES / "changes.csv")  # something already in the store, which must survive
    before = snapshot(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, path, **kw)  # type: ignore[arg-type]
    assert snapshot(con) == before
    (problem,) = info.value.problems
    assert isinstance(problem, Problem) and problem.file == path.name
    assert path.name in str(info.value)
    return problem


def test_missing_required_column(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "no_opened.csv"
    f.write_text("incident_id,priority,category\nI-1,1,x\n", encoding="utf-8")
    p = _refused(con, f)
    assert p.rule == "missing_required_column"
    assert "opened_at" in p.message and "'priority'" in p.message and "--mapping" in p.message


def test_duplicate_headers(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "dup.csv"
    f.write_text("incident_id,opened_at,Category,category\nI-1,2024-01-01,a,b\n", encoding="utf-8")
    p = _refused(con, f)
    assert (p.rule, p.line, p.column) == ("duplicate_header", 1, "category")
    assert "Columns 3 and 4" in p.message


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"", "empty_file"),
        (b"   \n\n", "empty_file"),
        (b"incident_id,opened_at\n", "no_data_rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_empty_header_only_binary(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, content: bytes, rule: str
) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    assert _refused(con, f).rule == rule


def test_all_rows_rejected(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "all_bad.csv"
    f.write_text("incident_id,opened_at\nI-1,yesterday\n,2024-01-01\n", encoding="utf-8")
    p = _refused(con, f)
    assert p.rule == "all_rows_rejected" and "2 rows" in p.message


def test_reject_share_limit(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "mostly_bad.csv"
    f.write_text("incident_id,opened_at\nI-1,2024-01-01\nI-2,soon\nI-3,later\n", encoding="utf-8")
    # 2 of 3 rejected = 67% > 50% default
    assert _refused(con, f).rule == "too_many_rejects"
    # allowed with a higher share: 1 row loads
    r = ingest_file(con, f, limits=IngestLimits(max_reject_share=0.9))
    assert (r.rows_read, r.rows_rejected, r.records) == (3, 2, 1)


@pytest.mark.parametrize(
    ("content", "rule", "line"),
    [
        ("incident_id,opened_at\nI-1,2024-01-01\nI-2\nI-3,2024-01-03\n", "ragged_row", 3),
        ("incident_id,opened_at\nI-1,2024-01-01,extra\n", "ragged_row", 2),
        ('incident_id,opened_at\nI-1,"2024-01-01\nI-2,2024-01-02\n', "unterminated_quote", None),
    ],
)
def test_malformed_csv_is_refused_not_shifted(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, content: str, rule: str, line: int | None
) -> None:
    f = tmp_path / "ragged.csv"
    f.write_text(content, encoding="utf-8")
    p = _refused(con, f)
    assert p.rule == rule
    if line is not None:
        assert p.line == line


def test_limits(con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "three.csv"
    f.write_text("incident_id,opened_at\nI-1,2024-01-01\nI-2,2024-01-02\nI-3,2024-01-03\n", encoding="utf-8")
    assert _refused(con, f, limits=IngestLimits(max_rows=2)).rule == "too_many_rows"
    assert _refused(con, f, limits=IngestLimits(max_bytes=10)).rule == "too_large"
    monkeypatch.setenv("ANSWERABLE_MAX_ROWS", "2")
    assert IngestLimits.from_env().max_rows == 2
    with pytest.raises(IngestError):
        ingest_file(con, f)
    monkeypatch.setenv("ANSWERABLE_MAX_UPLOAD_MB", "0.00001")  # about 10 bytes
    assert IngestLimits.from_env().max_bytes == 10


def test_row_level_problems_listed_while_good_rows_load(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    f = tmp_path / "some_bad.csv"
    f.write_text(
        "incident_id,opened_at,priority,made_sla,reassignment_count\n"
        "I-1,2024-01-01 10:00,1,true,0\n"  # line 2 ok
        ",2024-01-02 10:00,2,false,0\n"  # line 3 empty key
        "I-3,2024-13-45 10:00,2,false,0\n"  # line 4 bad date
        "I-4,2024-01-04 10:00,highish,maybe,1.5\n"  # line 5: three bad values, one row
        "I-5,2024-01-05 10:00,?,N/A,\n"  # line 6 nulls only: ok
        "I-6,2024-01-06 10:00,5,no,3\n",  # line 7 ok
        encoding="utf-8",
    )
    r = ingest_file(con, f)
    # 6 rows read, rows on lines 3, 4, 5 rejected -> 3 loaded
    assert (r.rows_read, r.rows_rejected, r.rows_loaded, r.records) == (6, 3, 3, 3)
    got = {(p.line, p.column, p.value, p.rule) for p in r.problems}
    assert got == {
        (3, "incident_id", None, "empty_key"),
        (4, "opened_at", "2024-13-45 10:00", "not_a_timestamp"),
        (5, "priority", "highish", "not_an_integer"),
        (5, "made_sla", "maybe", "not_a_boolean"),
        (5, "reassignment_count", "1.5", "not_an_integer"),
    }
    assert r.reject_counts == {"empty_key": 1, "not_a_timestamp": 1, "not_an_integer": 2, "not_a_boolean": 1}
    stored = con.execute(
        "SELECT line, column_name, rule FROM rejects WHERE batch_id = ? ORDER BY line, column_name",
        [r.batch_id],
    ).fetchall()
    assert len(stored) == 5 and stored[0] == (3, "incident_id", "empty_key")
    assert all("Row rejected" in p.message for p in r.problems)
    loaded = {k for (k,) in con.execute("SELECT incident_id FROM current_incidents").fetchall()}
    assert loaded == {"I-1", "I-5", "I-6"}
