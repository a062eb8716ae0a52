"""A metric session on Apache Spark (DESIGN §10): the same base tables and indicator SQL as DuckDB.

The session registers the current data as temp views `src_<kind>` (source.py), builds each base
table `m_<kind>` from its sql/_base file (transpiled by dialect.py, parameters bound by Spark) and
caches it, then answers the engine's queries (engine.compute_in, maturity score_in) like the DuckDB
session: every statement arrives in DuckDB's dialect and is transpiled here.

The Spark session itself comes from the usual configuration: `SPARK_REMOTE` (Spark Connect), else
`spark.master` from spark-defaults / spark-submit, else `ANSWERABLE_SPARK_MASTER`, else `local[*]`.
Its SQL time zone is set to UTC: stored timestamps are UTC wall-clock values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from answerable.contract import DATASETS
from answerable.errors import AnswerableError
from answerable.metrics.registry import Indicator
from answerable.metrics.session_base import BASE_ORDER, SCOPE_SQL, SQL_MACROS, MetricSession, base_sql
from answerable.metrics.settings import Settings
from answerable.spark.dialect import to_spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame
    from pyspark.sql import SparkSession as PySparkSession

MASTER_ENV = "ANSWERABLE_SPARK_MASTER"
MEMORY_ENV = "ANSWERABLE_SPARK_DRIVER_MEMORY"
LOCAL_SHUFFLE_PARTITIONS = "4"
SPARK_CONF = {
    "spark.sql.session.timeZone": "UTC",
}


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError:
        raise AnswerableError(
            "The Spark engine needs the spark extra: pip install 'answerable[spark]' (and Java 17)."
        ) from None
    return pyspark.sql


def spark_session(master: str | None = None) -> PySparkSession:
    """The Spark session from the usual configuration (see the module docstring), in UTC."""
    sql = _pyspark()
    builder = sql.SparkSession.builder.appName("answerable")
    if not os.environ.get("SPARK_REMOTE"):
        master = master or os.environ.get(MASTER_ENV)
        if master:
            builder = builder.master(master)
        if (master or "").startswith("local"):  # one machine: a few shuffle partitions, not 200,
            builder = builder.config("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
            # and no adaptive re-planning, which costs more than it saves on ~40 small queries
            builder = builder.config("spark.sql.adaptive.enabled", "false")
            builder = builder.config("spark.driver.memory", os.environ.get(MEMORY_ENV, "2g"))
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # Java missing, cluster unreachable: say what to check
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise AnswerableError(
            f"Cannot start or reach Spark ({type(exc).__name__}: {first}). "
            "Check Java 17 (java -version), SPARK_REMOTE or spark.master."
        ) from None
    for key, value in SPARK_CONF.items():
        spark.conf.set(key, value)
    return spark


def _value(v: Any) -> Any:
    """A parameter as Spark binds it: naive datetimes are UTC wall-clock values."""
    if isinstance(v, datetime) and v.tzinfo is None:
        return v.replace(tzinfo=UTC)
    return v


def _views(spark: PySparkSession, sources: Mapping[str, DataFrame],
           lineage: Mapping[str, DataFrame]) -> dict[str, DataFrame]:
    """The views the base SQL may read, named as in the store: `src_<kind>` (current records),
    `rows_<kind>` (every stored version; the current records when no history is given) and
    `batches` (the lineage; one active batch per `_batch_id` seen when none is given)."""
    from pyspark.sql import functions as F

    kinds = [k for k in BASE_ORDER if k in DATASETS]
    views = {f"src_{kind}": sources[kind] for kind in kinds}
    for kind in kinds:
        history = lineage.get(f"rows_{kind}")
        if history is None:
            history = sources[kind].withColumn("_version", F.lit(None).cast("bigint"))
        views[f"rows_{kind}"] = history
    batches = lineage.get("batches")
    if batches is None:
        seen = [sources[k].select(F.col("_batch_id").alias("batch_id"), F.lit(k).alias("kind")).distinct()
                for k in kinds]
        batches = seen[0]
        for frame in seen[1:]:
            batches = batches.unionByName(frame)
        batches = batches.withColumn("retracted_at", F.lit(None).cast("timestamp_ntz")).withColumn(
            "columns_supplied", F.lit(None).cast("array<string>"))  # unknown: judged by the values
    views["batches"] = batches
    return views


class SparkMetricSession(MetricSession):
    """Base tables `m_<kind>` cached on Spark, built from `sources` ({kind: DataFrame})."""

    def __init__(self, spark: PySparkSession, sources: Mapping[str, DataFrame], settings: Settings,
                 lineage: Mapping[str, DataFrame] | None = None) -> None:
        super().__init__(settings)
        self.spark = spark
        self._cached: list[DataFrame] = []
        model_params = settings.params()
        for key, value in SPARK_CONF.items():
            spark.conf.set(key, value)
        self._schema: dict[str, tuple[str, ...]] = {}
        for name, frame in _views(spark, sources, lineage or {}).items():
            frame.createOrReplaceTempView(name)
            self._schema[name] = tuple(frame.columns)
        for kind in BASE_ORDER:  # in order: decisions join the incident and inventory tables
            df = self._frame(base_sql(kind), model_params).cache()
            self._cached.append(df)
            df.createOrReplaceTempView(f"m_{kind}")
            self._schema[f"m_{kind}"] = tuple(df.columns)
        self.latest = self._latest()

    def _frame(self, sql: str, params: dict[str, Any]) -> DataFrame:
        spark_sql = to_spark(sql, SQL_MACROS, tuple(sorted(self._schema.items())))
        args = {name: _value(params[name]) for name in spark_sql.parameters}
        return self.spark.sql(spark_sql.text, args=args)

    def aggregates(self, requests: Sequence[tuple[Indicator, str]],
                   params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """All the one-row aggregates as ONE Spark job: a UNION ALL of each indicator's population
        query (its own WITH, over the shared filter scope), figures cast to DOUBLE to share a type.
        Spark's fixed cost per statement (planning, code generation, scheduling) is paid once."""
        if not requests:
            return []
        branches = []
        for k, (ind, tail) in enumerate(requests):
            branches.append(
                f"SELECT {k} AS k, CAST(a AS DOUBLE) AS a, CAST(b AS DOUBLE) AS b FROM ("  # noqa: S608
                f"WITH population AS (\n{ind.sql}\n)\n{tail}) AS agg{k}(a, b)"
            )
        _, rows = self.execute(f"{SCOPE_SQL}\n" + "\nUNION ALL\n".join(branches), params)
        by_k = {int(r[0]): tuple(r[1:]) for r in rows}
        return [by_k[k] for k in range(len(requests))]

    def execute(self, sql: str, params: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        df = self._frame(sql, params)
        return list(df.columns), [tuple(row) for row in df.collect()]

    def close(self) -> None:
        for df in self._cached:
            df.unpersist()
        self._cached.clear()

    def __enter__(self) -> SparkMetricSession:
        return self
