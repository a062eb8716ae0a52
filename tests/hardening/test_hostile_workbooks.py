"""Hostile workbooks and zips (issue 16): each is refused in bounded time with a clear message (file,
sheet, row, value, rule, what to do; no traceback, no server path) and the store unchanged, or, for
the hidden sheet, the visible sheet is read."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from answerable.ingest import ingest_file
from tests.conftest import load_rows
from tests.hardening.test_adversarial_ingest import refused
from tests.hardening.workbooks import GOOD_ROWS, NS, cell, patch_member, row, sheet, workbook


@pytest.fixture
def seeded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A store that already holds data, so "unchanged" is a real claim."""
    load_rows(con, "incidents", [{"incident_id": "OLD1", "opened_at": "2025-12-01 08:00:00"}])
    return con


HEAD = row(1, cell("A1", "incident_id"), cell("B1", "opened_at"))

# The worker ingests in a subprocess with a hard timeout: a reader that padded or expanded would blow it.
WORKER = """
import json, sys, time
from answerable import store
from answerable.errors import IngestError
from answerable.ingest import ingest_file
con = store.connect(sys.argv[1])
start = time.monotonic()
try:
    r = ingest_file(con, sys.argv[2], kind="incidents")
    out = {"status": "loaded", "records": r.records}
except IngestError as exc:
    out = {"status": "refused", "message": str(exc)}
out["seconds"] = time.monotonic() - start
print(json.dumps(out))
"""


def _in_subprocess(db: Path, path: Path, timeout: float = 180) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(db), str(path)], capture_output=True, text=True, timeout=timeout
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_a_sheet_declaring_a1_xfd1048576_is_refused_before_reading(tmp_path: Path) -> None:
    """(found) 1.6 KB, one cell in row 1,048,576: openpyxl padded a million rows x 16,384 cells (~40 min)."""
    rows = HEAD + row(1_048_576, cell("A1048576", "INC9"), cell("B1048576", "2026-01-06 10:00"))
    book = workbook(tmp_path / "padded.xlsx", [("Data", "visible", sheet(rows, "A1:XFD1048576"))])
    assert book.stat().st_size < 4096
    db = tmp_path / "store.duckdb"
    result = _in_subprocess(db, book, timeout=120)
    assert result["status"] == "refused"
    message = str(result["message"])
    assert message.startswith("padded.xlsx: Sheet 'Data' declares 1,048,576 rows x 16,384 columns"), message
    assert "[rule: too_large]" in message and "Delete the unused rows and columns" in message
    assert float(str(result["seconds"])) < 20


def test_one_cell_far_below_the_data_costs_only_the_rows_between(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """Without a declared size the rows are read as stored (never padded to 16,384 columns) and the
    million empty rows between are skipped: loaded in seconds, not after 40 minutes."""
    rows = (
        HEAD
        + row(2, cell("A2", "INC1"), cell("B2", "2026-01-05 10:00"))
        + row(1_048_576, cell("A1048576", "INC9"), cell("B1048576", "2026-01-06 10:00"))
    )
    book = workbook(tmp_path / "gap.xlsx", [("Data", "visible", sheet(rows))])
    start = time.monotonic()
    report = ingest_file(seeded, book, kind="incidents")
    assert time.monotonic() - start < 120
    assert (report.rows_read, report.records) == (2, 2)
    lines = seeded.execute("SELECT incident_id, _line FROM current_incidents ORDER BY 1").fetchall()
    assert lines == [("INC1", 2), ("INC9", 1_048_576), ("OLD1", 2)]  # sheet row numbers kept


FAR = {  # every row (or the header) reaches column XFD: openpyxl builds 16,384 cells per row
    "a value in XFD on every row": (
        HEAD + "".join(row(i, cell(f"A{i}", f"INC{i}"), cell(f"XFD{i}", "x")) for i in range(2, 4000)),
        # 3,998 rows x 16,384 cells as openpyxl builds them = 65.5M cells: the budget stops it
        "wide.xlsx: Sheet 'Data' holds more than 50,000,000 cells",
    ),
    "a styled empty cell in XFD on every row": (
        HEAD
        + "".join(
            row(i, cell(f"A{i}", f"INC{i}"), cell(f"B{i}", "2026-01-05 10:00"), f'<c r="XFD{i}"/>')
            for i in range(2, 4000)
        ),
        "wide.xlsx: Sheet 'Data' holds more than 50,000,000 cells",  # openpyxl pads: the budget stops it
    ),
    "a header cell in XFD": (
        row(1, cell("A1", "incident_id"), cell("B1", "opened_at"), cell("XFD1", "far"))
        + "".join(row(i, cell(f"A{i}", f"INC{i}")) for i in range(2, 4000)),
        None,  # loads (DESIGN §3): 16,381 unnamed empty columns are never materialised, "far" is unused
    ),
}


@pytest.mark.parametrize("case", sorted(FAR))
def test_cells_far_to_the_right_cost_nothing_per_row(tmp_path: Path, case: str) -> None:
    rows, message = FAR[case]
    book = workbook(tmp_path / "wide.xlsx", [("Data", "visible", sheet(rows))])
    result = _in_subprocess(tmp_path / "store.duckdb", book, timeout=120)
    if message is None:
        # rows 2..3999 load
        assert result == {"status": "loaded", "records": 3998, "seconds": result["seconds"]}, result
    else:
        assert result["status"] == "refused" and message in str(result["message"]), result
    assert float(str(result["seconds"])) < 60


def test_shared_strings_expanding_past_the_limit_are_refused(tmp_path: Path) -> None:
    """(found) 20 KB, 1,200 cells pointing at one 1 MiB shared string: 1.2 GiB, then out of memory."""
    rows = HEAD.replace("opened_at", "category") + "".join(
        row(i, cell(f"A{i}", f"INC{i}"), f'<c r="B{i}" t="s"><v>0</v></c>') for i in range(2, 1202)
    )
    book = workbook(
        tmp_path / "expands.xlsx", [("Data", "visible", sheet(rows))], shared_strings=["x" * (1 << 20)]
    )
    assert book.stat().st_size < 64 * 1024
    result = _in_subprocess(tmp_path / "store.duckdb", book, timeout=120)
    assert result["status"] == "refused"
    message = str(result["message"])
    assert "Sheet 'Data' expands to more than 1,024 MB of text" in message and "[rule: too_large]" in message


def test_the_hidden_first_sheet_is_not_read(seeded: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """(found) the hidden first sheet was loaded instead of the one the user sees."""
    hidden = sheet(HEAD + row(2, cell("A2", "HIDDEN1"), cell("B2", "2026-01-05 10:00")))
    very = sheet(HEAD + row(2, cell("A2", "VERYHIDDEN1"), cell("B2", "2026-01-05 10:00")))
    book = workbook(
        tmp_path / "hidden.xlsx",
        [("Secret", "hidden", hidden), ("Macro", "veryHidden", very), ("Data", "visible", sheet(GOOD_ROWS))],
    )
    report = ingest_file(seeded, book, kind="incidents")
    assert report.records == 1
    keys = [r[0] for r in seeded.execute("SELECT incident_id FROM current_incidents ORDER BY 1").fetchall()]
    assert keys == ["INC1", "OLD1"]


def test_a_workbook_with_only_hidden_sheets_is_refused(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "allhidden.xlsx", [("Secret", "hidden", sheet(GOOD_ROWS))])
    refused(seeded, book, r"allhidden\.xlsx: The workbook has no visible sheet with data", kind="incidents")


MALFORMED_STYLES = {
    "unclosed XML": "<styleSheet><cellXfs><xf numFmtId='abc'/></cellXfs",
    "wrong types": f"<styleSheet {NS}><cellXfs count='1'><xf numFmtId='zz' fontId='x'/></cellXfs>"
    + "</styleSheet>",
}


@pytest.mark.parametrize("case", sorted(MALFORMED_STYLES))
def test_malformed_styles_xml_is_refused(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path, case: str
) -> None:
    book = workbook(
        tmp_path / "styles.xlsx", [("Data", "visible", sheet(GOOD_ROWS))], styles=MALFORMED_STYLES[case]
    )
    refused(
        seeded,
        book,
        r"^styles\.xlsx: The workbook cannot be read \(.+\)\. Save it again as \.xlsx",
        kind="incidents",
    )


@pytest.mark.parametrize("value", ["abc", "NaN", "inf"])
def test_a_number_cell_holding_text_is_refused(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path, value: str
) -> None:
    rows = (
        HEAD
        + row(2, cell("A2", "INC1"), cell("B2", "2026-01-05 10:00"))
        + row(3, cell("A3", "INC2"), f'<c r="B3" t="n"><v>{value}</v></c>')
    )
    book = workbook(tmp_path / "numbers.xlsx", [("Data", "visible", sheet(rows))])
    refused(
        seeded,
        book,
        rf"numbers\.xlsx: Sheet 'Data', the row after row 2: a cell cannot be read "
        rf"\(ValueError: .*'{value}'\).*a cell marked as a number that holds text.*\[rule: unreadable\]",
        kind="incidents",
    )


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("data.csv", "incident_id,opened_at\nINC1,2026-01-05 10:00\n")
    return path


@pytest.mark.parametrize("what", ["zip", "workbook"])
def test_a_password_protected_member_is_refused(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path, what: str
) -> None:
    if what == "zip":
        path, member = patch_member(_zip(tmp_path / "locked.zip"), "data.csv", flags=1), "data.csv"
    else:
        book = workbook(tmp_path / "locked.xlsx", [("Data", "visible", sheet(GOOD_ROWS))])
        member = "xl/worksheets/sheet1.xml"
        path = patch_member(book, member, flags=1)
    refused(
        seeded,
        path,
        rf"{path.name}: {member} in the {what} is password-protected\. Save it again without "
        r"a password.*\[rule: encrypted\]",
        kind="incidents",
    )


@pytest.mark.parametrize("what", ["zip", "workbook"])
def test_an_unsupported_compression_method_is_refused(
    seeded: duckdb.DuckDBPyConnection, tmp_path: Path, what: str
) -> None:
    if what == "zip":
        path, member = patch_member(_zip(tmp_path / "ppmd.zip"), "data.csv", method=98), "data.csv"
    else:
        member = "xl/worksheets/sheet1.xml"
        path = patch_member(
            workbook(tmp_path / "ppmd.xlsx", [("Data", "visible", sheet(GOOD_ROWS))]), member, method=98
        )
    refused(
        seeded,
        path,
        rf"{path.name}: {member} in the {what} uses compression method 98, which Answerable "
        r"does not read\. Zip it again.*\[rule: unsupported_compression\]",
        kind="incidents",
    )
