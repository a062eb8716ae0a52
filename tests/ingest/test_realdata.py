"""The real ServiceNow event log, straight from its zip, with the detected ServiceNow profile."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.ingest import ingest_file
from tests.ingest.helpers import snapshot

pytestmark = pytest.mark.realdata


def _independent_first_and_last(zip_path: Path, numbers: set[str]) -> dict[str, tuple[str, str, str]]:
    """Per incident, via the csv module: (earliest category, latest category, latest state).

    Order as DESIGN §3: sys_updated_at (day-first D/M/YYYY HH:MM), then sys_mod_count, then file order.
    """
    versions: dict[str, list[tuple[datetime, int, int, str, str]]] = {n: [] for n in numbers}
    with zipfile.ZipFile(zip_path) as z, z.open(z.namelist()[0]) as f:
        reader = csv.DictReader(io.TextIOWrapper(f, encoding="utf-8"))
        for i, row in enumerate(reader):
            if row["number"] in versions:
                updated = datetime.strptime(row["sys_updated_at"], "%d/%m/%Y %H:%M")
                versions[row["number"]].append(
                    (updated, int(row["sys_mod_count"]), i, row["category"], row["incident_state"])
                )
    out = {}
    for n, vs in versions.items():
        vs.sort()
        out[n] = (vs[0][3], vs[-1][3], vs[-1][4])
    return out


def test_servicenow_event_log_from_zip(con: duckdb.DuckDBPyConnection, servicenow_zip: Path) -> None:
    report = ingest_file(con, servicenow_zip)
    assert report.status == "loaded"
    assert (report.kind, report.profile) == ("incidents", "servicenow")
    # shared/data/README.md: 141,712 data rows, 24,918 distinct incidents (`number`)
    assert report.rows_read == 141_712
    assert report.rows_rejected == 0
    assert report.records == 24_918
    assert report.rows_collapsed == 141_712 - 24_918
    assert report.summary == "141,712 rows collapsed into 24,918 records"
    assert "day-first" in report.date_formats["opened_at"]

    # lineage row
    (batch,) = store.list_batches(con)
    assert batch.batch_id == report.batch_id
    assert batch.file_name == "servicenow_incident_event_log.zip"
    # sha256 and size published in shared/data/README.md
    assert batch.sha256 == "6294e29a311647306bfdfc85783f7df66517c197b9cd49aa5ee36ba9c525d1d6"
    assert batch.size_bytes == 2_400_214
    assert (batch.kind, batch.profile, batch.rows_read, batch.records) == (
        "incidents",
        "servicenow",
        141_712,
        24_918,
    )
    assert batch.rows_collapsed == 116_794  # 141,712 - 24,918
    assert batch.mapping is not None and 'incident_id = "number"' in batch.mapping
    assert batch.loaded_by and not batch.is_demo
    row = con.execute("SELECT count(*), count(DISTINCT incident_id) FROM current_incidents").fetchone()
    assert row == (24_918, 24_918)

    # initial_category from the earliest version, category from the latest: checked independently
    sample = {
        r[0]
        for r in con.execute(
            "SELECT incident_id FROM current_incidents WHERE initial_category IS DISTINCT FROM category "
            "ORDER BY incident_id LIMIT 3"
        ).fetchall()
    }
    sample |= {"INC0000045", "INC0000047"}
    expected = _independent_first_and_last(servicenow_zip, sample)
    for number, (first_cat, last_cat, last_state) in expected.items():
        got = con.execute(
            "SELECT initial_category, category, state FROM current_incidents WHERE incident_id = ?", [number]
        ).fetchone()
        want = tuple(None if v == "?" else v for v in (first_cat, last_cat, last_state))
        assert got == want, number

    # re-ingesting the same bytes changes nothing
    before = snapshot(con)
    again = ingest_file(con, servicenow_zip)
    assert again.status == "duplicate" and again.batch_id == report.batch_id
    assert snapshot(con) == before


def test_second_batch_then_retract_restores_previous_view(
    con: duckdb.DuckDBPyConnection, servicenow_zip: Path, tmp_path: Path
) -> None:
    first = ingest_file(con, servicenow_zip)
    before = con.execute(
        "SELECT state, _batch_id FROM current_incidents WHERE incident_id = 'INC0000045'"
    ).fetchone()
    assert before is not None and before[1] == first.batch_id
    update = tmp_path / "update.csv"
    with zipfile.ZipFile(servicenow_zip) as z, z.open(z.namelist()[0]) as f:
        header = io.TextIOWrapper(f, encoding="utf-8").readline()
    # one later version of INC0000045 (sys_updated_at after every row of the log, which ends in 2017)
    cols = header.strip().split(",")
    values = {c: "?" for c in cols}
    values.update(
        number="INC0000045",
        incident_state="Reopened",
        sys_mod_count="99",
        opened_at="29/2/2016 01:16",
        sys_updated_at="1/1/2018 00:00",
        category="Category 1",
    )
    update.write_text(header + ",".join(values[c] for c in cols) + "\n", encoding="utf-8")
    second = ingest_file(con, update)
    assert second.records == 1
    now = con.execute(
        "SELECT state, _batch_id FROM current_incidents WHERE incident_id = 'INC0000045'"
    ).fetchone()
    assert now == ("Reopened", second.batch_id)
    store.retract(con, second.batch_id)
    after = con.execute(
        "SELECT state, _batch_id FROM current_incidents WHERE incident_id = 'INC0000045'"
    ).fetchone()
    assert after == before
