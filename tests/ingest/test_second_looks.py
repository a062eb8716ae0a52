"""The paths where ingestion looks at the file a second time: a wrong first format guess, and bytes
that are not UTF-8 beyond the first MiB."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from answerable import store
from answerable.ingest import ingest_file, load_mapping, parse, read
from tests.ingest.helpers import current

MONTH_FIRST_MAPPING = (
    'kind = "incidents"\n[columns]\nincident_id = "ticket"\nopened_at = "created"\n'
    "[parse]\ndayfirst = false\n"
)


def test_format_guess_from_the_first_rows_is_rechecked_on_every_row(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # 5,000 ambiguous dates first (01/02/2024: 1 Feb or 2 Jan), then one that proves day-first (25/02).
    rows = [f"I-{i},01/02/2024 10:00" for i in range(5000)] + ["I-LAST,25/02/2024 10:00"]
    f = tmp_path / "late_evidence.csv"
    f.write_text("ticket,created\n" + "\n".join(rows) + "\n", encoding="utf-8")
    # the mapping prefers month-first when ambiguous; the whole column proves day-first
    mapping = load_mapping(MONTH_FIRST_MAPPING)
    r = ingest_file(con, f, mapping=mapping)
    assert (r.rows_read, r.rows_rejected, r.records) == (5001, 0, 5001)
    assert "day-first" in r.date_formats["opened_at"]
    rows_now = current(con, "incidents", "incident_id", "opened_at")
    assert rows_now["I-0"] == (datetime(2024, 2, 1, 10, 0),)  # read day-first, like the rest of the column
    assert rows_now["I-LAST"] == (datetime(2024, 2, 25, 10, 0),)


def test_ambiguous_column_keeps_the_profile_setting(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "ambiguous.csv"
    f.write_text("ticket,created\nI-1,01/02/2024 10:00\nI-2,03/04/2024 11:00\n", encoding="utf-8")
    mapping = load_mapping(MONTH_FIRST_MAPPING)
    r = ingest_file(con, f, mapping=mapping)
    assert "month-first" in r.date_formats["opened_at"] and "ambiguous" in r.date_formats["opened_at"]
    assert current(con, "incidents", "incident_id", "opened_at")["I-1"] == (datetime(2024, 1, 2, 10, 0),)


def test_non_utf8_byte_after_the_first_mib(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    filler = "".join(f"I-{i},2024-01-01 10:00,plain\n" for i in range(60_000)).encode()  # about 1.6 MB
    assert len(filler) > 1 << 20
    f = tmp_path / "late_latin1.csv"
    f.write_bytes(b"incident_id,opened_at,category\n" + filler + b"I-X,2024-01-02 10:00,caf\xe9\n")
    r = ingest_file(con, f)
    assert (r.rows_read, r.rows_rejected) == (60_001, 0)
    assert current(con, "incidents", "incident_id", "category")["I-X"] == ("café",)  # 0xE9 = é in cp1252


def _load_all(db: Path, f: Path, mapping: str | None) -> tuple[Any, ...]:
    c = store.connect(db)
    try:
        r = ingest_file(c, f, mapping=load_mapping(mapping) if mapping else None)
        rows = c.execute("SELECT incident_id, opened_at, resolved_at FROM rows_incidents ORDER BY 1")
        stored = rows.fetchall()
        rejects = c.execute("SELECT line, column_name, rule, message FROM rejects ORDER BY 1, 2").fetchall()
        return (r.rows_read, r.rows_rejected, r.records, r.date_formats, stored, rejects)
    finally:
        c.close()


def test_a_guess_proved_wrong_stops_the_first_pass_and_ends_as_the_whole_pass_would(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # 3 ambiguous rows, then month-first (13th and later), a broken value and a day-first looking one:
    # the first rows guess day-first (the default); the value 1/13 proves that guess will be redone
    mdy = [f"I-{i},1/{d}/2024 9:05,2/{d}/2024 10:00" for i, d in enumerate(range(1, 30))]
    rows = ["I-A,1/2/2024 9:05,", "I-B,3/4/2024 9:05,", *mdy, "I-X,not a date,", "I-Y,12/12/2024 1:00,"]
    f = tmp_path / "us_dates.csv"
    f.write_text("ticket,created,resolved\n" + "\n".join(rows) + "\n", encoding="utf-8")
    mapping = (
        'kind = "incidents"\n[columns]\nincident_id = "ticket"\nopened_at = "created"\n'
        'resolved_at = "resolved"\n'
    )
    stops: list[str] = []
    original = parse.type_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        except parse.GuessDoomed:
            stops.append("stopped")
            raise

    monkeypatch.setattr(parse, "type_rows", spy)
    monkeypatch.setattr(read, "SAMPLE_ROWS", 2)  # the first guess sees I-A and I-B only
    fast = _load_all(tmp_path / "fast.duckdb", f, mapping)
    assert stops == ["stopped"]
    monkeypatch.setattr(parse, "doomed_by", lambda plan, formats, evidence: {})  # the pass runs to its end
    slow = _load_all(tmp_path / "slow.duckdb", f, mapping)
    assert len(stops) == 1 and fast == slow
    rows_read, rejected, records, formats, stored, rejects = fast
    assert (rows_read, rejected, records) == (33, 1, 32)  # 2 + 29 + 2 rows; I-X rejected
    assert "month-first" in formats["opened_at"] and "month-first" in formats["resolved_at"]
    assert ("I-A", datetime(2024, 1, 2, 9, 5), None) in stored  # read month-first, like the column
    assert [r[:2] for r in rejects] == [(33, "created")]  # header, I-A, I-B, 29 rows, then I-X


def test_long_value_across_a_read_buffer_boundary(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """The CSV reader's buffer is as small as a line may be long (relation.READ_BUFFER_BYTES, for a
    parallel typed pass): a 20 MiB value (ten times DuckDB's default line limit) that starts before the
    first buffer's end and finishes after it loads whole, and the rows around it too."""
    from answerable.ingest.relation import MAX_LINE_BYTES, READ_BUFFER_BYTES

    before = "".join(f"I-{i:07d},2024-01-01 10:00,plain\n" for i in range(900_000)).encode()  # 31.7 MB
    long_value = "x" * (20 << 20)
    f = tmp_path / "long_value.csv"
    with f.open("wb") as out:
        out.write(b"incident_id,opened_at,category\n" + before)
        out.write(f"I-LONG,2024-01-02 10:00,{long_value}\nI-AFTER,2024-01-03 10:00,after\n".encode())
    start = len(b"incident_id,opened_at,category\n" + before)
    assert start < READ_BUFFER_BYTES < start + len(long_value) < MAX_LINE_BYTES + start  # straddles it
    r = ingest_file(con, f)
    assert (r.rows_read, r.rows_rejected, r.records) == (900_002, 0, 900_002)  # 900,000 + I-LONG + I-AFTER
    got = dict(con.execute(
        "SELECT incident_id, length(category) FROM rows_incidents "
        "WHERE incident_id IN ('I-0000000', 'I-0899999', 'I-LONG', 'I-AFTER')"
    ).fetchall())
    assert got == {"I-0000000": 5, "I-0899999": 5, "I-LONG": 20 << 20, "I-AFTER": 5}  # "plain", "after"


def _month_first_file(tmp_path: Path, b_value: str) -> Path:
    """10,000 rows whose dates read both ways (the first-rows sample: read.SAMPLE_ROWS), then 50 whose
    opened_at proves month-first (1/13); updated_at is `b_value` on every row."""
    rows = [f"I-{i},1/{1 + i % 12}/2024 10:00,{b_value}" for i in range(10_000)]
    rows += [f"I-L{i},1/13/2024 10:{i:02d},{b_value}" for i in range(50)]
    f = tmp_path / "month_first_later.csv"
    f.write_text("incident_id,opened_at,updated_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return f


def _whole_column_reads(monkeypatch: Any) -> list[int]:
    """Counts the whole-column evidence passes (parse.choose_formats)."""
    calls: list[int] = []
    choose = parse.choose_formats

    def counted(con: Any, rd: Any) -> Any:
        calls.append(1)
        return choose(con, rd)

    monkeypatch.setattr(parse, "choose_formats", counted)
    return calls


def test_a_doomed_guess_turned_round_needs_no_whole_column_read(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # Both columns' first 10,000 values read both ways: the canonical profile guesses day-first.
    # opened_at's 1/13 dooms that guess; turned month-first, every value parses and opened_at holds a
    # day above 12 (13), updated_at too (1/20): month-first stands without a whole-column read.
    f = _month_first_file(tmp_path, "1/20/2024 08:00")
    calls = _whole_column_reads(monkeypatch)
    turned_db = tmp_path / "turned.duckdb"
    got = _load_all(turned_db, f, None)
    assert calls == []
    # the same file with the turn refused: the whole column decides (the path before the turn)
    monkeypatch.setattr(parse, "_other_way", lambda con, stage, rd, fmts, *_: (fmts, 0, True, True, False))
    whole = _load_all(tmp_path / "whole.duckdb", f, None)
    assert calls == [1]
    assert got == whole
    assert "month-first: a second field is above 12" in got[3]["opened_at"]  # the report's date_formats
    c = store.connect(turned_db)
    try:
        at = dict(c.execute("SELECT incident_id, updated_at FROM rows_incidents WHERE incident_id IN "
                            "('I-1', 'I-L7')").fetchall())
    finally:
        c.close()
    assert at == {"I-1": datetime(2024, 1, 20, 8, 0), "I-L7": datetime(2024, 1, 20, 8, 0)}  # 1/20
    assert got[4][:2] == [
        ("I-0", datetime(2024, 1, 1, 10, 0), None), ("I-1", datetime(2024, 1, 2, 10, 0), None)]


def test_a_turned_column_without_a_day_above_12_is_decided_by_the_whole_column(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: Any
) -> None:
    # updated_at is 1/12/2024 on every row: never proved either way, so the whole column decides it
    # (ambiguous: the profile's day-first, 1 December), while opened_at is proved month-first (1/13).
    f = _month_first_file(tmp_path, "1/12/2024 22:00")
    calls = _whole_column_reads(monkeypatch)
    r = ingest_file(con, f)
    assert calls == [1] and r.rows_rejected == 0
    assert "month-first: a second field" in r.date_formats["opened_at"]
    assert "day-first: ambiguous" in r.date_formats["updated_at"]
    got = current(con, "incidents", "incident_id", "opened_at, updated_at")
    assert got["I-L0"] == (datetime(2024, 1, 13, 10, 0), datetime(2024, 12, 1, 22, 0))


def test_the_day_that_proves_a_turn_is_the_day_as_written(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: Any
) -> None:
    # In New York, 1/12/2024 22:00 month-first is 13 Jan 03:00 UTC: the UTC day (13) is not a field
    # of the text, whose fields are 1 and 12. updated_at stays unproved: day-first, 1 Dec 2024 22:00
    # EST (UTC-5) = 2 Dec 2024 03:00 UTC.
    f = _month_first_file(tmp_path, "1/12/2024 22:00")
    mapping = load_mapping(
        'kind = "incidents"\n[columns]\nincident_id = "incident_id"\nopened_at = "opened_at"\n'
        'updated_at = "updated_at"\n[parse]\ntimezone = "America/New_York"\n'
    )
    calls = _whole_column_reads(monkeypatch)
    r = ingest_file(con, f, mapping=mapping)
    assert calls == [1] and "day-first: ambiguous" in r.date_formats["updated_at"]
    got = current(con, "incidents", "incident_id", "opened_at, updated_at")
    assert got["I-L0"] == (datetime(2024, 1, 13, 15, 0), datetime(2024, 12, 2, 3, 0))  # 10:00 EST = 15:00 UTC
