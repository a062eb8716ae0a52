"""`answerable export --parquet DIR`: current views and lineage as Parquet, with a manifest (DESIGN §10)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.cli import main
from answerable.errors import AnswerableError
from answerable.export import export_parquet, read_manifest
from tests.conftest import load_rows


def _incident(i: int, opened: datetime, **fields: object) -> dict[str, object]:
    return {"incident_id": f"INC{i}", "opened_at": opened, "assigned_to": "bob", **fields}


@pytest.fixture
def loaded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    # 3 incidents in two months; INC2 is loaded twice, the second batch is the current version
    load_rows(con, "incidents", [
        _incident(1, datetime(2026, 1, 5, 10)),
        _incident(2, datetime(2026, 1, 20, 8), assigned_to="old"),
        _incident(3, datetime(2026, 2, 1, 0)),
    ])
    newer = [_incident(2, datetime(2026, 1, 20, 8), assigned_to="new")]
    load_rows(con, "incidents", newer, file_name="b.csv")
    load_rows(con, "ai_systems", [{"ai_system": "triage", "status": "approved"}], file_name="inv.csv")
    retracted = load_rows(con, "changes", [{"change_id": "CHG1", "implemented_at": datetime(2026, 1, 1)}],
                          file_name="chg.csv")
    store.retract(con, retracted)
    return con


def test_export_writes_current_records_partitioned_by_month(loaded: duckdb.DuckDBPyConnection,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = export_parquet(loaded, out)
    counts = {d.kind: d.records for d in result.datasets}
    assert counts == {"incidents": 3, "ai_decisions": 0, "ai_systems": 1, "changes": 0,
                      "knowledge_articles": 0, "cmdb_items": 0}  # CHG1's batch is retracted
    months = sorted(p.name for p in (out / "incidents").iterdir())
    assert months == ["month=2026-01", "month=2026-02"]  # INC1 and INC2 in January, INC3 in February
    rows = loaded.execute(
        "SELECT incident_id, assigned_to, _batch_id FROM read_parquet(?, hive_partitioning = true) "
        "ORDER BY 1",
        [str(out / "incidents" / "**" / "*.parquet")],
    ).fetchall()
    assert rows == [("INC1", "bob", 1), ("INC2", "new", 2), ("INC3", "bob", 1)]  # the latest INC2 only


def test_export_columns_are_the_contract_s_in_order(loaded: duckdb.DuckDBPyConnection,
                                                    tmp_path: Path) -> None:
    from answerable.contract import DATASETS

    export_parquet(loaded, tmp_path / "x")
    for kind in ("ai_systems", "ai_decisions"):  # a snapshot kind and an empty kind
        cols = [r[0] for r in loaded.execute(
            "DESCRIBE SELECT * FROM read_parquet(?)", [str(tmp_path / "x" / kind / "data.parquet")]
        ).fetchall()]
        assert cols == [*DATASETS[kind].names, "_batch_id", "_line"]


def test_manifest_lists_files_rows_sha256_and_batches(loaded: duckdb.DuckDBPyConnection,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_parquet(loaded, out)
    manifest = read_manifest(out)
    incidents = manifest["datasets"]["incidents"]
    assert incidents["records"] == 3 and incidents["partitioned_by"] == "month of opened_at"
    assert sum(f["rows"] for f in incidents["files"]) == 3  # January 2 + February 1
    for f in incidents["files"]:
        assert hashlib.sha256((out / f["path"]).read_bytes()).hexdigest() == f["sha256"]
    assert [b["batch_id"] for b in manifest["batches"]] == [1, 2, 3, 4]
    assert [b["active"] for b in manifest["batches"]] == [True, True, True, False]
    lineage = loaded.execute("SELECT count(*) FROM read_parquet(?)",
                             [str(out / "batches" / "batches.parquet")]).fetchone()
    assert lineage == (4,) and manifest["lineage"]["rows"] == 4


def test_export_refuses_a_non_empty_directory_and_leaves_nothing_partial(
    loaded: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(AnswerableError, match="not an empty directory"):
        export_parquet(loaded, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export")]  # no temporary left


def test_read_manifest_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(AnswerableError, match="answerable export --parquet DIR"):
        read_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(AnswerableError, match="not an Answerable Parquet export"):
        read_manifest(tmp_path)


def test_cli_export(loaded: duckdb.DuckDBPyConnection, db_path: Path, tmp_path: Path,
                    capsys: pytest.CaptureFixture[str]) -> None:
    loaded.close()
    assert main(["--db", str(db_path), "export", "--parquet", str(tmp_path / "e"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {d["kind"]: d["records"] for d in out["datasets"]}["incidents"] == 3
    assert main(["--db", str(db_path), "export", "--parquet", str(tmp_path / "e")]) == 2  # not empty now
    assert "not an empty directory" in capsys.readouterr().err


def test_history_holds_every_version_of_the_active_batches(loaded: duckdb.DuckDBPyConnection,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_parquet(loaded, out)
    manifest = read_manifest(out)
    # incidents: INC1, INC2 (old), INC3 from batch 1 and INC2 (new) from batch 2 = 4 versions of 3 records
    history = manifest["datasets"]["incidents"]["history"]
    assert history["rows"] == 4 and not history["same_as_current"]
    rows = loaded.execute(
        "SELECT incident_id, assigned_to FROM read_parquet(?) ORDER BY 1, 2",
        [str(out / "history" / "incidents" / "**" / "*.parquet")],
    ).fetchall()
    assert rows == [("INC1", "bob"), ("INC2", "new"), ("INC2", "old"), ("INC3", "bob")]
    # one inventory row, one version: readers use the current records; changes' only batch is retracted
    assert manifest["datasets"]["ai_systems"]["history"] == {"rows": 1, "same_as_current": True, "files": []}
    assert manifest["datasets"]["changes"]["history"]["rows"] == 0


def test_export_writes_the_change_ci_links_of_current_changes(con: duckdb.DuckDBPyConnection,
                                                               tmp_path: Path) -> None:
    from answerable.ingest import ingest_file
    from tests.ingest.helpers import FIXTURES

    report = ingest_file(con, FIXTURES / "hpsm_changes_ci.csv")
    # the fixture: C00000001 x 3 CIs, C00000002 x 1, C00000003 x 2, C00000004 x 1 = 7 links
    out = tmp_path / "export"
    export_parquet(con, out)
    rows = con.execute(
        "SELECT change_id, cmdb_ci, _batch_id FROM read_parquet(?) ORDER BY 1, 2",
        [str(out / "links" / "change_cis" / "data.parquet")],
    ).fetchall()
    assert len(rows) == 7
    assert {ci for c, ci, _ in rows if c == "C00000001"} == {"WBA000124", "WBA000125", "SUB000508"}
    assert {b for _, _, b in rows} == {report.batch_id}
    manifest = read_manifest(out)
    (f,) = manifest["links"]["change_cis"]["files"]
    assert manifest["links"]["change_cis"]["rows"] == 7 and f["rows"] == 7
    assert f["sha256"] == hashlib.sha256((out / f["path"]).read_bytes()).hexdigest()

    store.retract(con, report.batch_id)  # retracted changes take their links with them
    again = tmp_path / "again"
    export_parquet(con, again)
    assert read_manifest(again)["links"]["change_cis"]["rows"] == 0
    assert con.execute("SELECT count(*) FROM read_parquet(?)",
                       [str(again / "links" / "change_cis" / "data.parquet")]).fetchall() == [(0,)]
