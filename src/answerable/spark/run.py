"""Open a Spark metric session from command-line style arguments (`--source DIR`, `--spark-table`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from answerable.errors import AnswerableError
from answerable.metrics.settings import Settings
from answerable.spark.session import SparkMetricSession, spark_session


@contextmanager
def open_spark_session(settings: Settings, source: str | Path | None = None,
                       tables: Mapping[str, str] | None = None) -> Iterator[SparkMetricSession]:
    """A metric session on Spark over an export directory and/or catalog tables (tables win per kind)."""
    from answerable.spark.source import from_export, from_tables

    if source is None and not tables:
        raise AnswerableError(
            "The Spark engine needs data: --source DIR (written by `answerable export --parquet DIR`) "
            "or --spark-table KIND=db.table (one per dataset)."
        )
    spark = spark_session()
    frames = from_export(spark, source) if source is not None else from_tables(spark, {})
    if tables:
        frames.update({k: v for k, v in from_tables(spark, tables).items() if k in tables})
    session = SparkMetricSession(spark, frames, settings)
    try:
        yield session
    finally:
        session.close()
