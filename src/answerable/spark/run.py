"""Open a Spark metric session from command-line style arguments (`--source DIR`, `--spark-table`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from answerable.errors import AnswerableError
from answerable.metrics.settings import Settings
from answerable.spark.session import SparkMetricSession, spark_session

if TYPE_CHECKING:
    from pyspark.sql import SparkSession as PySparkSession


@contextmanager
def open_spark_session(settings: Settings, source: str | Path | None = None,
                       tables: Mapping[str, str] | None = None) -> Iterator[SparkMetricSession]:
    """A metric session on Spark over an export directory and/or catalog tables (tables win per kind)."""
    from answerable.spark.source import from_export, from_tables, lineage_views

    if source is None and not tables:
        raise AnswerableError(
            "The Spark engine needs data: --source DIR (written by `answerable export --parquet DIR`) "
            "or --spark-table KIND=db.table (one per dataset)."
        )
    spark = spark_session()
    frames = from_export(spark, source) if source is not None else from_tables(spark, {})
    if tables:
        frames.update({k: v for k, v in from_tables(spark, tables).items() if k in tables})
    lineage = lineage_views(spark, source) if source is not None and not tables else None
    session = SparkMetricSession(spark, frames, settings, lineage)
    try:
        yield session
    finally:
        session.close()


def export_session(spark: PySparkSession, location: str | Path, settings: Settings) -> SparkMetricSession:
    """A metric session over an `answerable export --parquet` directory: its current records and lineage."""
    from answerable.spark.source import from_export, lineage_views

    return SparkMetricSession(spark, from_export(spark, location), settings, lineage_views(spark, location))
