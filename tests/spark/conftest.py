"""One local Spark session (local[2]) for every Spark test, and the DuckDB-vs-Spark comparison.

The tests need the spark extra and Java 17. Without them they are skipped with the reason, except
where ANSWERABLE_REQUIRE_SPARK=1 (set by .ci/run): there a missing Spark fails the run.
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from answerable.export import export_parquet
from answerable.maturity import load_model, score_to_json
from answerable.maturity.score import score_in
from answerable.metrics import Session
from answerable.metrics.settings import Settings
from answerable.results import Filters, MetricResult

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

TOLERANCE = 1e-9


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.spark)
            item.add_marker(pytest.mark.xdist_group("spark"))  # one worker, one JVM


def _unavailable() -> str | None:
    for module in ("pyspark", "sqlglot"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java on PATH (install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    why = _unavailable()
    if why is not None:
        if os.environ.get("ANSWERABLE_REQUIRE_SPARK") == "1":
            pytest.fail(f"Spark parity tests are required here but {why}")
        pytest.skip(why)
    from answerable.spark.session import spark_session

    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def close(a: Any, b: Any) -> bool:
    """Equal, with floats equal to 1e-9 (relative, or absolute near zero)."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return False
        return math.isclose(float(a), float(b), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def assert_same_results(duck: list[MetricResult], spark: list[MetricResult]) -> None:
    """Every indicator: the same status, value, numerator, denominator, reason, side figures, lineage."""
    assert [r.id for r in spark] == [r.id for r in duck]
    differences = []
    for d, s in zip(duck, spark, strict=True):
        for field in ("status", "value", "numerator", "denominator", "reason", "extra", "batches", "warnings",
                      "scope"):
            if not close(getattr(d, field), getattr(s, field)):
                duck_value, spark_value = getattr(d, field), getattr(s, field)
                differences.append(f"{d.id}.{field}: DuckDB {duck_value!r}, Spark {spark_value!r}")
    assert not differences, "\n".join(differences)


@contextmanager
def both_engines(
    spark: SparkSession, con: duckdb.DuckDBPyConnection, work: Path, settings: Settings
) -> Iterator[tuple[Session, Any]]:
    """The store exported with `export_parquet` to WORK/export, then open on DuckDB (the store) and on
    Spark (read back from the export), with the same settings."""
    from answerable.spark.run import export_session

    export_parquet(con, work / "export")
    with Session(con, settings) as duck, export_session(spark, work / "export", settings) as on_spark:
        yield duck, on_spark


def assert_same_score(duck: Session, on_spark: Any, filters: Filters) -> dict[str, Any]:
    """The maturity score under FILTERS is the same on both engines; returns DuckDB's (as JSON)."""
    model = load_model()
    expected = score_to_json(score_in(duck, filters, model))
    got = score_to_json(score_in(on_spark, filters, model))
    assert close(expected, got), (expected, got)
    return expected
