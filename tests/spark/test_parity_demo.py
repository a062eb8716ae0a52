"""DESIGN §10: on the demo data, every indicator and the score are the same on Spark as on DuckDB.

The demo data is loaded into a temporary store, exported with `export_parquet`, and read back by
Spark from the export directory; both engines then compute the whole registry under each filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from answerable import store
from answerable.demo.load import load_demo
from answerable.maturity import load_model
from answerable.metrics import REGISTRY, Session, compute_in, settings_for
from answerable.results import Filters
from tests.spark.conftest import assert_same_results, assert_same_score, both_engines

FILTERS = {
    "all": Filters(),
    "period": Filters(date_from=date(2026, 5, 1), date_to=date(2026, 11, 1)),
    "ai_system": Filters(ai_system="smart-router"),
    "assignment_group": Filters(assignment_group="Identity & Access"),
}


@pytest.fixture(scope="module")
def engines(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Any]]:
    work = tmp_path_factory.mktemp("demo")
    con = store.connect(work / "demo.duckdb")
    load_demo(con)
    with both_engines(spark, con, work, settings_for(load_model())) as pair:
        yield pair
    con.close()


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_indicator_is_the_same_on_spark(engines: tuple[Session, Any], name: str) -> None:
    duck, on_spark = engines
    filters = FILTERS[name]
    expected = compute_in(duck, filters)
    assert len(expected) == len(REGISTRY)
    assert any(r.status == "ok" for r in expected)  # a comparison of real figures, not of blanks
    assert_same_results(expected, compute_in(on_spark, filters))


@pytest.mark.parametrize("name", ["all", "ai_system"])
def test_the_score_is_the_same_on_spark(engines: tuple[Session, Any], name: str) -> None:
    duck, on_spark = engines
    expected = assert_same_score(duck, on_spark, FILTERS[name])
    assert expected["overall"]["level"] is not None


def test_the_as_of_date_is_the_same(engines: tuple[Session, Any]) -> None:
    duck, on_spark = engines
    assert on_spark.latest == duck.latest
    assert duck.latest is not None and duck.latest.year == 2026


def test_an_export_without_a_dataset_is_not_assessed_the_same_way(
    spark: Any, tmp_path: Path
) -> None:
    """Only incidents loaded: the AI indicators are not assessed, with the same reason on both."""
    con = store.connect(tmp_path / "s.duckdb")
    from answerable.demo.load import demo_dir
    from answerable.ingest import ingest_file

    ingest_file(con, demo_dir() / "incidents.csv", kind="incidents")
    with both_engines(spark, con, tmp_path, settings_for(None)) as (duck, on_spark):
        expected = compute_in(duck, Filters())
        assert REGISTRY["unowned_decision_rate"].id in {r.id for r in expected if r.status == "not_assessed"}
        assert_same_results(expected, compute_in(on_spark, Filters()))
    con.close()


def test_spark_reads_only_the_manifest_s_files(spark: Any, tmp_path: Path) -> None:
    from answerable.errors import AnswerableError
    from answerable.spark.source import from_export

    with pytest.raises(AnswerableError, match="manifest"):
        from_export(spark, tmp_path)  # no manifest.json: not an export directory


def test_a_second_inventory_snapshot_and_a_retraction_agree(spark: Any, tmp_path: Path) -> None:
    """Two inventory versions (the export carries every stored version) and a retracted batch."""
    from datetime import datetime

    from tests.conftest import load_rows

    con = store.connect(tmp_path / "s.duckdb")
    load_demo(con)
    rows = con.execute(
        "SELECT ai_system, business_owner, access_scope, status FROM current_ai_systems ORDER BY 1"
    ).fetchall()
    # a later snapshot: every system reviewed and rotated again, one loses its business owner
    later = [{"ai_system": s, "business_owner": None if i == 0 else owner, "access_scope": scope,
              "status": status, "access_reviewed_at": datetime(2026, 10, 1),
              "credentials_rotated_at": datetime(2026, 10, 2), "last_reviewed_at": datetime(2026, 10, 3)}
             for i, (s, owner, scope, status) in enumerate(rows)]
    load_rows(con, "ai_systems", later, file_name="inventory-2026-10.csv")
    retired = [{"ai_system": rows[1][0], "status": "retired"}]
    wrong = load_rows(con, "ai_systems", retired, file_name="bad.csv")
    store.retract(con, wrong)
    with both_engines(spark, con, tmp_path, settings_for(None)) as (duck, on_spark):
        for filters in (Filters(), Filters(date_to=date(2026, 6, 1))):
            assert_same_results(compute_in(duck, filters), compute_in(on_spark, filters))
    con.close()
