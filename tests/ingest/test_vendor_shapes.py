"""Vendor shapes met in public exports (Jira, ServiceNow's Excel list export, other tools' priorities).

Every expected number is counted by hand from the fixture (the arithmetic is in the comments).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable.errors import IngestError
from answerable.ingest import ingest_file
from tests.ingest.helpers import FIXTURES, current


def test_jira_repeats_a_multi_valued_field_s_header_once_per_value(con: duckdb.DuckDBPyConnection) -> None:
    # Jira's CSV export writes Component/s, Labels and Watchers once per value (columns 12-13, 14-15,
    # 16-17). The jsm profile reads assignment_group from Component/s (an optional column): the first of
    # its two columns, with a warning; Labels and Watchers are not mapped: ignored with a warning each.
    report = ingest_file(con, FIXTURES / "jsm_repeated_headers.csv")
    assert (report.kind, report.profile, report.records, report.rows_rejected) == ("incidents", "jsm", 2, 0)
    assert current(con, "incidents", "incident_id", "assignment_group") == {
        "ITSM-1": ("Network",),  # not VPN (column 13)
        "ITSM-2": ("Hardware",),
    }
    (rep,) = [w for w in report.warnings if w.rule == "repeated_header_first_used"]
    assert rep.column == "Component/s" and rep.line == 1
    assert rep.message.startswith("Columns 12 and 13 are both named 'Component/s'")
    assert "assignment_group was read from the first, column 12" in rep.message
    assert sorted(w.column or "" for w in report.warnings if w.rule == "duplicate_header_ignored") == [
        "Labels", "Watchers",
    ]


def test_a_repeated_header_the_user_maps_or_a_required_one_is_still_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from answerable.ingest.mapping import Mapping

    mapping = Mapping(kind="incidents", columns={
        "incident_id": "Issue key", "opened_at": "Created", "assignment_group": "Component/s",
    })
    with pytest.raises(IngestError) as exc:  # the user named it: which of the two is meant is unclear
        ingest_file(con, FIXTURES / "jsm_repeated_headers.csv", mapping=mapping)
    assert exc.value.problems[0].rule == "duplicate_header"
    path = tmp_path / "created_twice.csv"  # opened_at is required: never guessed
    path.write_text("Issue key,Created,Created\nITSM-1,12/Mar/24 10:15 AM,13/Mar/24 10:15 AM\n",
                    encoding="utf-8")
    with pytest.raises(IngestError) as exc:
        ingest_file(con, path, profile="jsm")
    assert exc.value.problems[0].rule == "duplicate_header"
    assert con.execute("SELECT count(*) FROM batches").fetchall() == [(0,)]


def test_jira_classic_priority_scheme_and_24_hour_times(con: duckdb.DuckDBPyConnection) -> None:
    # The column order and the first row are those of a public Apache Jira (YARN) export: 24-hour
    # times ("30/Jul/18 23:33") and the classic priorities Blocker, Critical, Major, Minor, Trivial,
    # which the jsm profile maps in that order to 1..5.
    report = ingest_file(con, FIXTURES / "jsm_classic_priorities.csv")
    assert (report.profile, report.records, report.rows_rejected) == ("jsm", 3, 0)
    assert current(con, "incidents", "incident_id", "priority, opened_at") == {
        "YARN-8605": (4, datetime(2018, 7, 30, 23, 33)),  # Minor
        "YARN-8606": (3, datetime(2018, 8, 1, 9, 5)),  # Major
        "YARN-8607": (1, datetime(2018, 8, 3, 12, 0)),  # Blocker
    }


def test_priorities_as_other_tools_write_them(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Each row: how a tool writes the priority -> the contract's 1..5 (1 = highest).
    shapes = {
        "P1": 1, "p2 - High": 2, "Sev 2": 2, "Severity 1": 1, "S3": 3, "PRIORITY 4": 4,  # prefixed digits
        "Critical": 1, "Urgent": 1, "High": 2, "Medium": 3, "Moderate": 3, "Normal": 3, "low": 4,
        "Planning": 5,  # words: ServiceNow, BMC, Freshservice, Zendesk
        "3 - Moderate": 3, "2": 2,  # as before
    }
    lines = [f"I{i},2026-01-01 10:00,{v},{v}" for i, v in enumerate(shapes)]
    path = tmp_path / "priorities.csv"
    path.write_text("incident_id,opened_at,priority,reassignment_count\n" + "\n".join(lines) + "\n")
    with pytest.raises(IngestError) as exc:  # reassignment_count is a count: "P1" or "High" is not one
        ingest_file(con, path, kind="incidents")
    assert "line 2, column 'reassignment_count', value 'P1'" in str(exc.value)
    assert "column 'priority'" not in str(exc.value)
    path.write_text("incident_id,opened_at,priority\n" + "\n".join(x.rsplit(",", 1)[0] for x in lines) + "\n")
    report = ingest_file(con, path, kind="incidents")
    assert (report.records, report.rows_rejected) == (len(shapes), 0)
    got = current(con, "incidents", "incident_id", "priority")
    assert {v: got[f"I{i}"][0] for i, v in enumerate(shapes)} == shapes
    # Jira's own scheme keeps its order: Critical is 2 there (Blocker is 1)
    jira = tmp_path / "jira.csv"
    jira.write_text("Issue key,Created,Priority\nJ-1,12/Mar/24 10:15 AM,Critical\n", encoding="utf-8")
    ingest_file(con, jira)
    assert current(con, "incidents", "incident_id", "priority")["J-1"] == (2,)


def test_servicenow_xlsx_list_export_with_impacted_configuration_item(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    # The column labels of a ServiceNow incident list exported to Excel (a public project's generated
    # type lists them: Number, Opened, ..., Impacted configuration item, Resolve time, Resolved, ...);
    # dates are real Excel date cells, the CI column is "Impacted configuration item".
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Number", "Opened", "Short description", "Assignment group", "Assigned to", "State",
               "Priority", "Category", "Impacted service", "Impacted configuration item", "Impact",
               "Resolved by", "Resolve time", "Resolved", "Created", "Updated"])
    ws.append(["INC0012345", datetime(2025, 12, 1, 8, 15, 22), "VPN down", "Network", "Jane Doe", "Resolved",
               "2 - High", "Network", "Remote Access", "vpn-gw-01", "2 - Medium", "Jane Doe", 7200,
               datetime(2025, 12, 1, 10, 15, 22), datetime(2025, 12, 1, 8, 15, 22),
               datetime(2025, 12, 1, 10, 20)])
    ws.append(["INC0012346", datetime(2025, 12, 2, 9), "Mail slow", "Messaging", None, "In Progress",
               "4 - Low", "Software", "Mail", "exch-01", "3 - Low", None, 0, None,
               datetime(2025, 12, 2, 9), datetime(2025, 12, 2, 9, 30)])
    path = tmp_path / "incident.xlsx"
    wb.save(path)
    report = ingest_file(con, path)
    counts = (report.kind, report.profile, report.records, report.rows_rejected)
    assert counts == ("incidents", "servicenow", 2, 0)
    assert current(con, "incidents", "incident_id", "cmdb_ci, priority, opened_at, resolved_at") == {
        "INC0012345": ("vpn-gw-01", 2, datetime(2025, 12, 1, 8, 15, 22), datetime(2025, 12, 1, 10, 15, 22)),
        "INC0012346": ("exch-01", 4, datetime(2025, 12, 2, 9), None),
    }


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_excel_s_sep_line_names_the_delimiter_and_is_not_the_header(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, nl: str
) -> None:
    # Some tools write Excel's "sep=;" hint as line 1. Lines: 1 sep=;, 2 header, 3 I1 (its category
    # holds a comma, which is not the delimiter), 4 a row without a key (rejected as line 4), 5 I2.
    text = nl.join(["sep=;", "incident_id;opened_at;category", "I1;2026-01-01 10:00;a, b",
                    ";2026-01-02 10:00;x", "I2;2026-01-03 10:00;c", ""])
    path = tmp_path / "with_sep.csv"
    path.write_bytes(text.encode())
    report = ingest_file(con, path, kind="incidents")
    assert (report.rows_read, report.rows_rejected, report.records) == (3, 1, 2)
    assert [(p.line, p.rule) for p in report.problems] == [(4, "empty_key")]
    assert current(con, "incidents", "incident_id", "_line, category") == {"I1": (3, "a, b"), "I2": (5, "c")}


DATE_SHAPES = [
    # (how a tool writes 12 March 2024 10:15 (or 22:15), what is stored)
    ("12-Mar-2024 10:15", datetime(2024, 3, 12, 10, 15)),  # Oracle / BMC Remedy style
    ("12-MAR-24 22:15:00", datetime(2024, 3, 12, 22, 15)),
    ("12 March 2024 10:15", datetime(2024, 3, 12, 10, 15)),  # a full month name needs %B
    ("12 Mar 2024 10:15", datetime(2024, 3, 12, 10, 15)),
    ("Mar 12, 2024 10:15 PM", datetime(2024, 3, 12, 22, 15)),  # US long date, month name first
    ("March 12 2024 10:15 AM", datetime(2024, 3, 12, 10, 15)),
    ("12/Mar/24 10:15 AM", datetime(2024, 3, 12, 10, 15)),  # Jira, as before
]


@pytest.mark.parametrize(("written", "stored"), DATE_SHAPES)
def test_month_name_dates_as_tools_write_them(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, written: str, stored: datetime
) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(f'incident_id,opened_at\nI1,"{written}"\nI2,"{written}"\n', encoding="utf-8")
    report = ingest_file(con, path, kind="incidents")
    assert (report.records, report.rows_rejected) == (2, 0)
    assert current(con, "incidents", "incident_id", "opened_at") == {"I1": (stored,), "I2": (stored,)}


def test_the_whole_column_evidence_in_sql_equals_the_first_rows_evidence_in_python() -> None:
    # The same regexes run in DuckDB (RE2, over the whole column) and in Python (the first rows):
    # both must count every shape alike, or the first guess and the whole-column decision differ.
    from answerable.ingest.dates import evidence_from_row, evidence_from_values
    from answerable.ingest.values import Params, evidence_match, evidence_sql

    values = [w for w, _ in DATE_SHAPES] + ["2024-03-12 10:15", "3/13/2024 10:15:00 AM", "13.03.2024 10:15",
                                            "1 June 2024 08:00", "12-03-2024 10:15", "1710238500",
                                            "1710238500.25", "1710238500123", "20240312"]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    for chosen in [[v] for v in values] + [values]:  # every single value, then all of them
        p = Params()
        match = evidence_match("v", p)
        exprs = evidence_sql("v", "m", "slow", p)
        sql = (
            f"SELECT {', '.join(exprs)} FROM (SELECT v, m, m.f = '' AS slow FROM "
            f"(SELECT v, {match} AS m FROM t WHERE list_contains(${len(p.values) + 1}, v)))"
        )
        row = con.execute(sql, [*p.values, chosen]).fetchall()[0]
        assert evidence_from_row(row) == evidence_from_values(chosen), chosen


@pytest.mark.parametrize(("written", "unit"), [("1710238500", "seconds"), ("1710238500000", "milliseconds")])
def test_unix_times_as_logging_pipelines_write_them(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, written: str, unit: str
) -> None:
    # 2024-03-12 00:00 UTC is day 19,794 since 1970-01-01: 19,794 x 86,400 = 1,710,201,600 s;
    # 1,710,238,500 - 1,710,201,600 = 36,900 s = 10 h 15 min: 2024-03-12 10:15 UTC.
    # The third row is 60 s (or 60,000 ms) later; the fourth is not a Unix time.
    later = str(int(written) + (60_000 if unit == "milliseconds" else 60))
    path = tmp_path / "log.csv"
    path.write_text(
        "decision_id,ai_system,decided_at\n"
        f"D1,triage,{written}\nD2,triage,{written}\nD3,triage,{later}\nD4,triage,2024-03-12 10:15\n",
        encoding="utf-8",
    )
    report = ingest_file(con, path, kind="ai_decisions")
    assert report.date_formats["decided_at"] == f"Unix time in {unit} (UTC)"
    assert [(p.line, p.column, p.rule) for p in report.problems] == [(5, "decided_at", "not_a_timestamp")]
    assert f"must be a Unix time in {unit}" in report.problems[0].message
    assert current(con, "ai_decisions", "decision_id", "decided_at") == {
        "D1": (datetime(2024, 3, 12, 10, 15),), "D2": (datetime(2024, 3, 12, 10, 15),),
        "D3": (datetime(2024, 3, 12, 10, 16),),
    }
