"""Real exports load as shipped (DESIGN §3, second edition): one small fixture per vendor shape.

Every expected number is counted by hand from the fixture (the arithmetic is in the comments).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.errors import IngestError
from answerable.ingest import dump_mapping, ingest_file, load_mapping
from tests.ingest.helpers import FIXTURES, current


def test_hpsm_incidents_with_trailing_unnamed_columns_blank_rows_and_multivalue(
    con: duckdb.DuckDBPyConnection,
) -> None:
    report = ingest_file(con, FIXTURES / "hpsm_incidents_shipped.csv")
    assert (report.kind, report.profile) == ("incidents", "hpsm")
    # 8 data lines: 3 of them are only ';' (lines 4, 7, 9) -> 5 rows read, 3 blank, none rejected
    assert (report.rows_read, report.rows_blank, report.rows_rejected, report.records) == (5, 3, 0, 5)
    # the header ends in ';;;': three columns without a name, empty in every row -> dropped
    assert report.columns_dropped == 3
    assert report.summary == (
        "5 records loaded; 3 blank rows skipped; 3 empty columns without a header dropped"
    )
    # IM0000006 and IM0000011 say #MULTIVALUE in Related Change: stored as empty, counted
    assert report.warning_counts["placeholder"] == 1  # one column holds it
    (ph,) = [w for w in report.warnings if w.rule == "placeholder"]
    assert ph.column == "Related Change" and ph.message.startswith("2 row(s) hold '#MULTIVALUE'")
    rows = current(con, "incidents", "incident_id", "caused_by_change, _line")
    assert rows["IM0000005"] == ("C00003151", 3)
    assert rows["IM0000006"] == (None, 5)
    assert rows["IM0000011"] == (None, 6)
    assert rows["IM0000004"][0] is None  # '#N/B' is a null token
    assert rows["IM0000012"][1] == 8  # line numbers count the blank lines before it
    assert report.to_json()["rows_blank"] == 3


def test_hpsm_change_export_one_row_per_change_and_ci(con: duckdb.DuckDBPyConnection) -> None:
    report = ingest_file(con, FIXTURES / "hpsm_changes_ci.csv")
    assert (report.kind, report.profile) == ("changes", "hpsm")
    # C00000001 x 3 CIs, C00000002 x 1, C00000003 x 2, C00000004 x 1 = 7 rows, 4 changes, 7 links
    assert (report.rows_read, report.records, report.links) == (7, 4, 7)
    assert report.summary == "7 rows: 4 changes with 7 CI links"
    links = con.execute("SELECT change_id, cmdb_ci FROM current_change_cis ORDER BY 1, 2").fetchall()
    assert [c for c, _ in links].count("C00000001") == 3
    assert {ci for c, ci in links if c == "C00000001"} == {"WBA000124", "WBA000125", "SUB000508"}
    assert {ci for c, ci in links if c == "C00000003"} == {"SBA000263", "SBA000264"}
    # the record keeps the last row of each change (no version orders them)
    assert current(con, "changes", "change_id", "cmdb_ci")["C00000001"] == ("SUB000508",)
    # C00000004 has no Actual End: loaded, with a warning counted per column
    assert report.warning_counts["required_empty"] == 1
    store.retract(con, report.batch_id)
    assert con.execute("SELECT count(*) FROM current_change_cis").fetchall() == [(0,)]


def test_servicenow_list_export_with_display_labels_and_month_first_dates(
    con: duckdb.DuckDBPyConnection,
) -> None:
    report = ingest_file(con, FIXTURES / "servicenow_list_incidents.csv")
    assert (report.kind, report.profile, report.records) == ("incidents", "servicenow", 3)
    assert "month-first" in report.date_formats["opened_at"]  # 02/13/2024: 13 is above 12
    columns = "opened_at, priority, cmdb_ci, caused_by_change, updated_at"
    rows = current(con, "incidents", "incident_id", columns)
    assert rows["INC0010001"] == (
        datetime(2024, 2, 13, 9, 15, 22),
        2,  # "2 - High"
        "vpn-gw-01",  # Configuration item
        "CHG0030001",  # Caused by Change
        datetime(2024, 2, 14, 10, 0),  # Updated
    )


def test_servicenow_change_list_saved_from_excel_with_a_trailing_comma(
    con: duckdb.DuckDBPyConnection,
) -> None:
    report = ingest_file(con, FIXTURES / "servicenow_changes_excel.csv")
    assert (report.kind, report.profile) == ("changes", "servicenow")
    assert (report.records, report.rows_rejected) == (4, 0)
    (w,) = [w for w in report.warnings if w.rule == "unnamed_column"]
    # column 14 has no header; rows CHG0030002 ("see ticket") and CHG0030004 ("x") hold values
    assert "Column 14 has no header but holds 2 value(s)" in w.message
    rows = current(con, "changes", "change_id", "approved, implemented_at")
    # Approval: Approved, Approved, Not Yet Requested, Rejected
    assert [rows[c][0] for c in sorted(rows)] == [True, True, False, False]
    assert rows["CHG0030001"][1] == datetime(2024, 2, 11, 1, 30)  # Actual end
    # CHG0030003 and CHG0030004 have no Actual end (lines 4 and 5)
    assert report.warning_counts["required_empty"] == 2
    (line,) = [s for s in report.rule_summaries() if "required_empty" in s]
    assert line.startswith("2 rows [required_empty]") and line.endswith("Lines 4, 5.")


def test_r_write_csv_row_names_column_is_ignored(con: duckdb.DuckDBPyConnection) -> None:
    report = ingest_file(con, FIXTURES / "r_write_csv_incidents.csv")
    assert (report.kind, report.records) == ("incidents", 3)
    assert [w.message for w in report.warnings if w.rule == "unnamed_column"] == [
        "Column 1 has no header but holds 3 value(s); it was ignored. If it matters, give it a header in "
        "the export and map it."
    ]


def test_unused_duplicate_headers_are_ignored_with_a_warning(con: duckdb.DuckDBPyConnection) -> None:
    report = ingest_file(con, FIXTURES / "duplicate_unused_headers.csv")
    assert report.records == 2
    (w,) = [w for w in report.warnings if w.rule == "duplicate_header_ignored"]
    assert "Columns 3 and 5" in w.message


def test_null_tokens_per_column_keep_a_real_none(con: duckdb.DuckDBPyConnection) -> None:
    mapping = load_mapping(FIXTURES / "impact_none_mapping.toml")
    assert mapping.null_tokens_by_column == {"impact": ("",)}
    assert load_mapping(dump_mapping(mapping)) == mapping
    ingest_file(con, FIXTURES / "impact_none.csv", mapping=mapping)
    rows = current(con, "incidents", "incident_id", "impact, urgency")
    # impact: only "" is null, so "None" survives; urgency keeps the default tokens (none, n/a)
    assert rows == {"INC1": ("None", None), "INC2": ("High", None), "INC3": (None, "Low")}


def test_a_file_of_blank_rows_is_refused_saying_so(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "blank.csv"
    f.write_text("incident_id,opened_at\n,\n , \n", encoding="utf-8")
    with pytest.raises(IngestError) as exc:
        ingest_file(con, f)
    assert exc.value.problems[0].rule == "no_data_rows"
    assert "only 2 blank rows" in str(exc.value)


def test_xlsx_with_an_unnamed_column_and_a_blank_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["incident_id", "opened_at", "priority"])
    ws.append(["INC1", "2024-01-02 10:00:00", 3, "stray"])  # a value right of the last header
    ws.append([None, None, None])  # a blank row between data rows
    ws.append(["INC2", "2024-01-03 10:00:00", 2])
    ws.append([None, None, None])  # trailing blank rows are not rows
    path = tmp_path / "book.xlsx"
    wb.save(path)
    report = ingest_file(con, path)
    assert (report.records, report.rows_blank) == (2, 1)
    assert [w.message.split(";")[0] for w in report.warnings if w.rule == "unnamed_column"] == [
        "Column 4 has no header but holds 1 value(s)"
    ]
    assert current(con, "incidents", "incident_id", "_line")["INC2"] == (4,)


def test_a_row_with_values_only_in_unmapped_columns_is_rejected_not_blank(
    con: duckdb.DuckDBPyConnection,
) -> None:
    report = ingest_file(con, FIXTURES / "keyless_rows.csv")
    # line 3 has only a note (an unmapped column): no key, so rejected; line 4 is ',,' -> blank
    assert (report.rows_read, report.rows_rejected, report.rows_blank, report.records) == (3, 1, 1, 2)
    assert [(p.line, p.rule) for p in report.problems] == [(3, "empty_key")]


def test_the_chain_of_a_change_names_every_ci_of_a_change_x_ci_export(con: duckdb.DuckDBPyConnection) -> None:
    from answerable.who import chain

    ingest_file(con, FIXTURES / "hpsm_changes_ci.csv")
    # C00000001 has 3 rows in the file (WBA000124, WBA000125, SUB000508); the record keeps SUB000508 only,
    # the chain names all three (sorted)
    facts = dict(chain(con, "C00000001").links[0].facts)
    assert facts["cis"] == "SUB000508, WBA000124, WBA000125"


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_empty_lines_count_as_rows_in_line_numbers_and_as_blank_rows(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, nl: str
) -> None:
    # DuckDB's reader skips empty lines; a spreadsheet shows each as a row. Lines (as a spreadsheet
    # numbers them): 1 header, 2 empty, 3 I1 (its quoted value spans 3 physical lines, one of them
    # empty: part of the value), 4 I2, 5-6 empty, 7 I3 (escaped quotes), 8 empty, 9 I4, then a trailing
    # empty line (not a row). Blank rows between data: lines 2, 5, 6, 8 = 4.
    text = nl.join([
        "incident_id,opened_at,category", "", 'I1,2026-01-01 10:00,"a', "", 'b"',
        "I2,2026-01-02 10:00,x", "", "", 'I3,2026-01-03 10:00,"he said ""hi"""', "",
        "I4,2026-01-04 10:00,y", "", "",
    ])
    path = tmp_path / "empty_lines.csv"
    path.write_bytes(text.encode())
    report = ingest_file(con, path, kind="incidents")
    assert (report.rows_read, report.rows_blank, report.records) == (4, 4, 4)
    lines = current(con, "incidents", "incident_id", "_line, category")
    assert lines == {
        "I1": (3, f"a{nl}{nl}b"), "I2": (4, "x"), "I3": (7, 'he said "hi"'), "I4": (9, "y"),
    }


def test_a_rejected_row_after_empty_lines_names_its_spreadsheet_line(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # line 1 header, 2 I1, 3 empty, 4 a row without a key -> rejected as line 4 (not 3)
    path = tmp_path / "reject.csv"
    path.write_text("incident_id,opened_at\nI1,2026-01-01 10:00\n\n,2026-01-02 10:00\nI2,2026-01-03 10:00\n")
    report = ingest_file(con, path, kind="incidents")
    assert [(p.line, p.rule) for p in report.problems] == [(4, "empty_key")]
    assert current(con, "incidents", "incident_id", "_line") == {"I1": (2,), "I2": (5,)}


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # no newline at the end and one empty line: as many newlines (3) as a file with a final
        # newline and no empty line; line 1 header, 2 I1, 3 empty, 4 I2
        ("incident_id,opened_at\nI1,2026-01-01 10:00\n\nI2,2026-01-02 10:00", {"I1": 2, "I2": 4}),
        # one empty line above the header (read_csv's skip) and one between the rows: lines 2 header,
        # 3 I1, 4 empty, 5 I2
        ("\nincident_id,opened_at\nI1,2026-01-01 10:00\n\nI2,2026-01-02 10:00\n", {"I1": 3, "I2": 5}),
        # a value over two lines, no empty line: lines as a spreadsheet numbers its rows (the value
        # is one cell): 1 header, 2 I1, 3 I2
        ('incident_id,opened_at,category\nI1,2026-01-01 10:00,"a\nb"\nI2,2026-01-02 10:00,c\n',
         {"I1": 2, "I2": 3}),
        # every row on one line, no empty line (the count alone settles it): 1 header, 2 I1, 3 I2
        ("incident_id,opened_at\nI1,2026-01-01 10:00\nI2,2026-01-02 10:00\n", {"I1": 2, "I2": 3}),
    ],
)
def test_line_numbers_whether_or_not_the_line_count_leaves_room_for_an_empty_line(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, text: str, lines: dict[str, int]
) -> None:
    path = tmp_path / "lines.csv"
    path.write_bytes(text.encode())
    ingest_file(con, path, kind="incidents")
    assert {k: v[0] for k, v in current(con, "incidents", "incident_id", "_line").items()} == lines


def test_hpsm_exports_with_every_column_of_the_public_bpi2014_export(con: duckdb.DuckDBPyConnection) -> None:
    # The 28 incident headers and 21 change headers of the public HP SM (BPI Challenge 2014) export,
    # the incident file with its 50 trailing ';' columns; values shaped like the real ones ("3871,69"
    # handle hours, d-m-yyyy times, #MULTIVALUE, a line of 77 ';' between records).
    inc = ingest_file(con, FIXTURES / "hpsm_incidents_bpi2014_header.csv")
    assert (inc.kind, inc.profile) == ("incidents", "hpsm")
    # 4 data lines: IM0000004, IM0000005, a line of only ';' (line 4), IM0000006 -> 3 rows, 1 blank
    counts = (inc.rows_read, inc.rows_blank, inc.rows_rejected, inc.records, inc.columns_dropped)
    assert counts == (3, 1, 0, 3, 50)
    assert inc.warning_counts["placeholder"] == 1  # IM0000005's Related Change
    rows = current(con, "incidents", "incident_id", "_line, opened_at, caused_by_change, reassignment_count")
    assert rows["IM0000004"] == (2, datetime(2012, 2, 5, 13, 32), None, 26)
    assert rows["IM0000005"][2] is None
    assert rows["IM0000006"] == (5, datetime(2012, 3, 29, 12, 36), "C00003151", 3)
    chg = ingest_file(con, FIXTURES / "hpsm_changes_bpi2014_header.csv")
    # C00000001 x 2 CIs + C00003151 x 1 = 3 rows, 2 changes, 3 links
    assert (chg.kind, chg.records, chg.links) == ("changes", 2, 3)


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_blank_lines_above_the_header_are_skipped_not_refused_or_counted(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, nl: str
) -> None:
    # Some reports write a few lines above the table. Lines: 1 empty, 2 ';;' (only delimiters),
    # 3 empty, 4 the header, 5 I1, 6 empty (a blank row between data rows), 7 a row without a key
    # (rejected as line 7), 8 I2. Rows read: I1, the keyless row, I2 = 3; blank rows: line 6 only = 1
    # (the three lines above the header are not rows).
    text = nl.join([
        "", ";;", "", "incident_id;opened_at;category", "I1;2026-01-01 10:00;a", "",
        ";2026-01-02 10:00;b", "I2;2026-01-03 10:00;c", "",
    ])
    path = tmp_path / "report_with_lines_above.csv"
    path.write_bytes(text.encode())
    report = ingest_file(con, path, kind="incidents")
    assert (report.rows_read, report.rows_blank, report.rows_rejected, report.records) == (3, 1, 1, 2)
    assert [(p.line, p.rule) for p in report.problems] == [(7, "empty_key")]
    assert current(con, "incidents", "incident_id", "_line, category") == {"I1": (5, "a"), "I2": (8, "c")}


def test_a_header_problem_below_blank_lines_names_the_header_s_line(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # 2 empty lines, then the header on line 3 without an opened_at column
    path = tmp_path / "no_opened.csv"
    path.write_text("\n\nincident_id,category\nI1,a\n", encoding="utf-8")
    with pytest.raises(IngestError) as exc:
        ingest_file(con, path, kind="incidents")
    assert [(p.line, p.rule) for p in exc.value.problems] == [(3, "missing_required_column")]
    assert con.execute("SELECT count(*) FROM batches").fetchall() == [(0,)]


def test_a_file_of_only_blank_lines_is_still_refused_as_empty(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = tmp_path / "nothing.csv"
    path.write_text("\n,,\n\n", encoding="utf-8")
    with pytest.raises(IngestError) as exc:
        ingest_file(con, path, kind="incidents")
    assert exc.value.problems[0].rule == "empty_file"

