"""`answerable metrics|score --engine spark`: the same JSON as on the store, from an export or tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from answerable.cli import main
from tests.spark.conftest import close


@pytest.fixture(scope="module")
def exported(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("cli")
    db = work / "store.duckdb"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "export", "--parquet", str(work / "export")]) == 0
    return db, work / "export"


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Any:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_metrics_json_from_an_export(exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    db, export = exported
    period = ["--from", "2026-05-01", "--to", "2026-11-01"]
    expected = _json(capsys, ["--db", str(db), "metrics", *period, "--json"])
    got = _json(capsys, ["metrics", *period, "--engine", "spark", "--source", str(export), "--json"])
    assert [m["id"] for m in got] == [m["id"] for m in expected]
    assert close(expected, got)


def test_score_json_from_catalog_tables(spark: Any, exported: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from answerable.spark.source import from_export

    db, export = exported
    tables = []
    for kind, frame in from_export(spark, export).items():  # stand-ins for a lakehouse's tables
        frame.createOrReplaceTempView(f"lake_{kind}")
        tables += ["--spark-table", f"{kind}=lake_{kind}"]
    expected = _json(capsys, ["--db", str(db), "score", "--json"])
    got = _json(capsys, ["score", "--engine", "spark", *tables, "--json"])
    assert got["overall"]["level"] is not None
    assert close(expected, got)


def test_spark_engine_errors_say_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "--engine", "spark"]) == 2
    assert "--source DIR" in capsys.readouterr().err
    assert main(["metrics", "--engine", "spark", "--spark-table", "tickets=db.t"]) == 2
    assert "KIND=db.table" in capsys.readouterr().err
    assert main(["metrics", "--source", "somewhere"]) == 2  # --source without --engine spark
    assert "--engine spark" in capsys.readouterr().err
