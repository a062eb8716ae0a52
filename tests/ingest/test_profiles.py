"""Each vendor profile and each canonical kind, from small fixtures; values worked out by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable.ingest import ingest_file, inspect_file, load_mapping
from tests.ingest.helpers import FIXTURES, current


def test_servicenow_profile_collapses_event_log(con: duckdb.DuckDBPyConnection) -> None:
    r = ingest_file(con, FIXTURES / "servicenow_incidents.csv")
    assert (r.kind, r.profile) == ("incidents", "servicenow")
    # 6 rows: INC001 x3, INC002 x2, INC003 x1 -> 3 records, 3 rows folded into later versions
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.records, r.rows_collapsed) == (6, 6, 0, 3, 3)
    assert r.summary == "6 rows collapsed into 3 records"
    rows = current(
        con,
        "incidents",
        "incident_id",
        "state, priority, category, initial_category, assigned_to, caused_by_change, resolved_at, made_sla",
    )
    # INC001 latest = sys_mod_count 2 (updated 1/3/2016 11:29); first version's category "Category 55"
    assert rows["INC001"] == (
        "Resolved",
        2,
        "Category 40",
        "Category 55",
        "Resolver 7",
        "CHG0001",
        datetime(2016, 3, 1, 11, 29),
        True,
    )
    version = con.execute(
        "SELECT _version, _line FROM rows_incidents WHERE incident_id = 'INC001'"
    ).fetchone()
    assert version == (2, 4)  # sys_mod_count 2, the file's 4th line (header = line 1)
    # INC002: earliest version's category is "?" (null) -> initial_category null, not the later value
    assert rows["INC002"][2:4] == ("Category 7", None)
    assert rows["INC002"][6] == datetime(2016, 3, 4, 17, 45)  # 4/3 day-first = 4 March
    # INC003 single version: initial_category = its own category (earliest version)
    assert rows["INC003"][1:4] == (1, "Category 9", "Category 9")  # "1 - Critical" -> 1


def test_jsm_profile_priority_names_and_month_names(con: duckdb.DuckDBPyConnection) -> None:
    r = ingest_file(con, FIXTURES / "jsm_incidents.csv")
    assert (r.kind, r.profile, r.records, r.rows_rejected) == ("incidents", "jsm", 5, 0)
    rows = current(con, "incidents", "incident_id", "priority, opened_at, resolved_at, assigned_to, category")
    # Highest=1, High=2, Medium=3, Low=4, Lowest=5
    assert {k: v[0] for k, v in rows.items()} == {
        "ITSM-1": 1,
        "ITSM-2": 4,
        "ITSM-3": 3,
        "ITSM-4": 5,
        "ITSM-5": 2,
    }
    # 12/Mar/24 10:15 AM; 4:40 PM = 16:40; 12:00 AM = 00:00; two-digit year 24 = 2024
    assert rows["ITSM-1"][1:3] == (datetime(2024, 3, 12, 10, 15), datetime(2024, 3, 12, 16, 40))
    assert rows["ITSM-5"][1] == datetime(2024, 3, 16, 0, 0)
    assert rows["ITSM-2"][3] is None and rows["ITSM-2"][2] is None  # empty Assignee / Resolved
    assert rows["ITSM-1"][4] == "Network"


def test_hpsm_profile_semicolon_day_first(con: duckdb.DuckDBPyConnection) -> None:
    r = ingest_file(con, FIXTURES / "hpsm_incidents.csv")
    assert (r.kind, r.profile, r.records, r.rows_rejected) == ("incidents", "hpsm", 4, 0)
    assert r.date_formats["opened_at"].startswith("%d-%m-%Y")
    rows = current(
        con,
        "incidents",
        "incident_id",
        "opened_at, closed_at, reassignment_count, knowledge_article, caused_by_change, cmdb_ci",
    )
    # 5-2-2013 13:51 is 5 February (29-3-2013 in the same column proves day-first)
    assert rows["IM0000004"] == (
        datetime(2013, 2, 5, 13, 51),
        datetime(2013, 11, 4, 13, 51),
        26,
        "KM0000553",
        None,
        "SUB000508",
    )  # "#N/B" is a null token
    assert rows["IM0000005"][4] == "C00003151"


def test_decimal_comma_via_mapping(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    f = tmp_path / "systems.csv"
    f.write_text("System;SLA;Threshold\nbot-a;12,5;0,75\nbot-b;1.234,5;85\n", encoding="utf-8")
    mapping = load_mapping(
        'kind = "ai_systems"\n[columns]\nai_system = "System"\nescalation_sla_minutes = "SLA"\n'
        'confidence_threshold = "Threshold"\n[parse]\ndelimiter = ";"\ndecimal = ","\n'
    )
    r = ingest_file(con, f, mapping=mapping)
    assert r.rows_rejected == 0 and r.profile == "mapping"
    rows = current(con, "ai_systems", "ai_system", "escalation_sla_minutes, confidence_threshold")
    # 85 > 1 so the whole threshold column is a percentage: 0,75 -> 0.0075, 85 -> 0.85
    assert rows["bot-a"] == (12.5, pytest.approx(0.0075))
    assert rows["bot-b"] == (1234.5, pytest.approx(0.85))


@pytest.mark.parametrize(
    ("file", "kind", "records"),
    [
        ("incidents.csv", "incidents", 4),
        ("ai_decisions.csv", "ai_decisions", 3),
        ("ai_systems.csv", "ai_systems", 2),
        ("changes.csv", "changes", 2),
        ("knowledge_articles.csv", "knowledge_articles", 2),
        ("cmdb_items.csv", "cmdb_items", 2),
    ],
)
def test_canonical_kinds_are_detected(
    con: duckdb.DuckDBPyConnection, file: str, kind: str, records: int
) -> None:
    r = ingest_file(con, FIXTURES / file)
    assert (r.kind, r.profile, r.records, r.rows_rejected) == (kind, "canonical", records, 0)


def test_canonical_incident_values_and_warnings(con: duckdb.DuckDBPyConnection) -> None:
    r = ingest_file(con, FIXTURES / "incidents.csv")
    rows = current(
        con, "incidents", "incident_id", "opened_at, resolved_at, made_sla, priority, pir_completed_at"
    )
    # Z = UTC; +02:00 -> 10:30 - 2h = 08:30 UTC
    assert rows["I-1"][:3] == (datetime(2024, 1, 5, 8, 0), datetime(2024, 1, 5, 8, 30), True)
    assert rows["I-2"][2] is False and rows["I-2"][4] == datetime(2024, 1, 9)  # "no"; date-only = midnight
    assert rows["I-4"][0] == datetime(2024, 1, 8, 12, 0, 0, 500000)  # fractional seconds kept
    # loaded with warnings: I-2 resolved 08:15 < opened 09:15, I-3 priority 7, I-3 reassignment_count -1
    assert r.warning_counts == {"resolved_before_opened": 1, "out_of_range": 1, "negative_count": 1}
    assert {(w.line, w.rule) for w in r.warnings} == {
        (3, "resolved_before_opened"),
        (4, "out_of_range"),
        (4, "negative_count"),
    }
    assert rows["I-3"][3] == 7  # loaded, not rejected


def test_ai_decisions_enums_and_percent_confidence(con: duckdb.DuckDBPyConnection) -> None:
    r = ingest_file(con, FIXTURES / "ai_decisions.csv")
    rows = current(
        con, "ai_decisions", "decision_id", "decision_type, confidence, autonomy, outcome, escalated"
    )
    # 85 / 42.5 / 100 -> a value above 1 exists, so all are divided by 100
    assert rows["D-1"] == ("classify", pytest.approx(0.85), "human_approval", "correct", False)
    assert rows["D-2"] == ("route", pytest.approx(0.425), "autonomous", "incorrect", True)
    assert rows["D-3"] == ("guess", pytest.approx(1.0), "full_auto", "unknown", False)
    # 'guess' and 'full_auto' are out of their enumerations: loaded, with 2 warnings
    assert r.warning_counts == {"out_of_enum": 2, "rescaled_percent": 1}


def test_mapping_file(con: duckdb.DuckDBPyConnection) -> None:
    mapping = load_mapping(FIXTURES / "custom_mapping.toml")
    r = ingest_file(con, FIXTURES / "custom_incidents.csv", mapping=mapping)
    assert (r.kind, r.records, r.rows_rejected) == ("incidents", 2, 0)
    assert r.date_formats["opened_at"].startswith("%d/%m/%Y %H:%M:%S")
    rows = current(con, "incidents", "incident_id", "opened_at, assigned_to, priority")
    assert rows == {
        "T-1": (datetime(2024, 4, 3, 10, 0), "x1", 2),
        "T-2": (datetime(2024, 4, 4, 11, 30), None, 1),
    }


def test_xlsx(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Empty"
    ws = wb.create_sheet("Incidents")
    ws.append(["incident_id", "opened_at", "priority", "made_sla", "category"])
    ws.append(["X-1", datetime(2024, 2, 29, 13, 45), 2.0, True, "network"])
    ws.append([None, None, None, None, None])  # blank row: skipped, not a record
    ws.append(["X-2", "2024-03-01 08:00", "1 - Critical", "no", None])
    ws.append(["X-3", "not a date", 3, "yes", "email"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    r = ingest_file(con, path)
    assert (r.kind, r.rows_read, r.rows_rejected, r.records) == ("incidents", 3, 1, 2)
    (p,) = r.problems
    assert (p.line, p.column, p.value, p.rule) == (
        5,
        "opened_at",
        "not a date",
        "not_a_timestamp",
    )  # sheet row 5
    rows = current(con, "incidents", "incident_id", "opened_at, priority, made_sla")
    assert rows == {
        "X-1": (datetime(2024, 2, 29, 13, 45), 2, True),
        "X-2": (datetime(2024, 3, 1, 8, 0), 1, False),
    }


def test_inspect_file_writes_nothing_and_previews(tmp_path: Path) -> None:
    preview = inspect_file(FIXTURES / "servicenow_incidents.csv", sample_rows=2)
    assert (preview.kind, preview.profile, preview.rows_read, preview.records) == (
        "incidents",
        "servicenow",
        6,
        3,
    )
    assert preview.mapping is not None and preview.mapping.columns["incident_id"] == "number"
    assert preview.candidates[0][:2] == ("servicenow", "incidents")
    assert len(preview.sample_rows) == 2 and preview.sample_rows[0]["incident_id"] == "INC001"
    assert preview.sample_rows[0]["priority"] == 3  # "3 - Moderate"
    assert preview.file_problems == ()
    bad = inspect_file(FIXTURES / "custom_incidents.csv")
    assert bad.file_problems and bad.file_problems[0].rule == "missing_required_column"
