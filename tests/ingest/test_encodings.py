"""Encodings, line endings, quoting, delimiters and containers (.zip, .gz)."""

from __future__ import annotations

import gzip
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable.errors import IngestError
from answerable.ingest import ingest_file
from answerable.ingest.encoding import EMPTY_LINE, count_newlines
from tests.ingest.helpers import FIXTURES, current

ROWS = (
    "incident_id,opened_at,assigned_to\r\nI-1,2024-01-01 10:00,Jürgen Müller\r\nI-2,2024-01-02 11:00,Zoë\r\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ROWS.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ROWS.encode("utf-8"), "utf-8"),  # BOM
        (ROWS.encode("latin-1"), "cp1252"),  # not valid UTF-8; cp1252 decodes it identically
        (ROWS.replace("Zoë", "Zoë \u20ac").encode("cp1252"), "cp1252"),  # euro sign 0x80
    ],
)
def test_encodings_and_crlf(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, data: bytes, encoding: str
) -> None:
    f = tmp_path / "enc.csv"
    f.write_bytes(data)
    r = ingest_file(con, f)
    assert (r.records, r.rows_rejected) == (2, 0)
    rows = current(con, "incidents", "incident_id", "opened_at, assigned_to")
    assert rows["I-1"] == (datetime(2024, 1, 1, 10, 0), "Jürgen Müller")  # CRLF not left in the value
    assert rows["I-2"][1].startswith("Zoë")


def test_latin1_only_bytes(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so the file is read as latin-1
    f = tmp_path / "l1.csv"
    f.write_bytes(b"incident_id,opened_at,category\nI-1,2024-01-01,caf\xe9\x81\n")
    ingest_file(con, f)
    assert current(con, "incidents", "incident_id", "category")["I-1"] == ("caf\xe9\x81",)


def test_quoted_newlines_and_delimiters(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "quoted.csv"
    f.write_text(
        'incident_id;opened_at;root_cause\nI-1;2024-01-01;"line one\nline two; with ""quotes"""\n'
        "I-2;2024-01-02;plain\n",
        encoding="utf-8",
    )
    r = ingest_file(con, f)
    assert (r.rows_read, r.records) == (2, 2)
    rows = current(con, "incidents", "incident_id", "root_cause")
    assert rows["I-1"] == ('line one\nline two; with "quotes"',)


@pytest.mark.parametrize("delim", ["\t", "|", ";", ","])
def test_delimiter_detection(con: duckdb.DuckDBPyConnection, tmp_path: Path, delim: str) -> None:
    f = tmp_path / "d.csv"
    f.write_text(
        delim.join(["incident_id", "opened_at", "category"])
        + "\n"
        + delim.join(["I-1", "2024-01-01", "a,b"])
        + "\n"
        if delim != ","
        else 'incident_id,opened_at,category\nI-1,2024-01-01,"a,b"\n',
        encoding="utf-8",
    )
    ingest_file(con, f)
    assert current(con, "incidents", "incident_id", "category")["I-1"] == ("a,b",)


def test_zip_and_gzip(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    data = (FIXTURES / "incidents.csv").read_bytes()
    z = tmp_path / "incidents.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export/incidents.csv", data)
    g = tmp_path / "incidents.csv.gz"
    g.write_bytes(gzip.compress(data))
    assert ingest_file(con, z).records == 4
    # same rows but different file bytes: a new batch, same records
    assert ingest_file(con, g, display_name="upload.csv.gz").records == 4
    names = [n for (n,) in con.execute("SELECT file_name FROM batches ORDER BY batch_id").fetchall()]
    assert names == ["incidents.zip", "upload.csv.gz"]


def test_zip_with_two_members_and_zip_bomb_are_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    z = tmp_path / "two.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.csv", "incident_id,opened_at\nI-1,2024-01-01\n")
        zf.writestr("b.csv", "incident_id,opened_at\nI-2,2024-01-01\n")
    with pytest.raises(IngestError, match="exactly one CSV"):
        ingest_file(con, z)
    bomb = tmp_path / "bomb.gz"
    bomb.write_bytes(gzip.compress(b"incident_id,opened_at\n" + b"0" * (3 << 20)))
    from answerable.ingest import IngestLimits

    with pytest.raises(IngestError) as info:
        ingest_file(con, bomb, limits=IngestLimits(max_bytes=1 << 20))
    assert info.value.problems[0].rule == "too_large"  # type: ignore[attr-defined]


def test_the_empty_line_search_finds_what_the_two_substring_tests_found() -> None:
    """The scan's one regex search for an empty line (LF LF or LF CR LF) is the old pair of tests."""
    cases = [b"", b"\n", b"\n\n", b"a\n\nb", b"a\r\n\r\nb", b"a\n\r\nb", b"\r\n", b"\n\r", b"\n\r\r\n",
             b"a\nb\n", b"\r\r", b"\n \n", b"\n\t\n", b"x\n\r\n", b"\r\n\n", b"a,b\r\nc,d\r\n"]
    for b in cases:
        assert (EMPTY_LINE.search(b) is not None) == (b"\n\n" in b or b"\n\r\n" in b), b


def test_newlines_are_counted_as_bytes_count_counts_them() -> None:
    chunks = [b"", b"\n", b"a\r\nb\n\n", "é\n€\n".encode(), bytes(range(256)) * 3, b"x" * 5000 + b"\n"]
    # by hand: 0, 1, 3 (the \r\n counts once), 2, 3 (one 0x0A per 256 bytes), 1
    assert [count_newlines(c) for c in chunks] == [0, 1, 3, 2, 3, 1]
