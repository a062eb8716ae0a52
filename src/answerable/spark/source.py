"""Where the Spark engine reads the current data: an export directory or tables in a catalog.

Either way each dataset becomes a DataFrame with exactly the contract's columns in the contract's
types (a column the source lacks is NULL, so it counts as not supplied, DESIGN §4), plus `_batch_id`
and `_line` (0 and 0 when the source has no lineage). A dataset with no source is empty (not
loaded). A catalog table must hold the current records, one row per key, as `current_<kind>` does.
An export also carries its lineage (`lineage_views`): the batches and the stored versions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from answerable.contract import DATASETS, KINDS
from answerable.errors import AnswerableError
from answerable.export import HISTORY, MANIFEST, check_manifest, read_manifest

if TYPE_CHECKING:
    from pyspark.sql import DataFrame
    from pyspark.sql import SparkSession as PySparkSession

# Contract type -> Spark SQL type. DuckDB's TIMESTAMP has no time zone: TIMESTAMP_NTZ is the same.
SPARK_TYPES = {"ts": "timestamp_ntz", "str": "string", "int": "bigint", "float": "double", "bool": "boolean"}
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$")


def parse_table_args(values: Sequence[str]) -> dict[str, str]:
    """`KIND=db.table` arguments as {kind: table}, with errors that say what to write."""
    out: dict[str, str] = {}
    for value in values:
        kind, sep, table = value.partition("=")
        kind, table = kind.strip(), table.strip()
        if not sep or kind not in DATASETS or not _TABLE.match(table):
            raise AnswerableError(
                f"--spark-table {value!r}: write KIND=db.table with KIND one of {', '.join(KINDS)} "
                "and a table name of letters, digits and underscores (catalog.db.table at most)."
            )
        if kind in out:
            raise AnswerableError(f"--spark-table names {kind} twice; give one table per dataset.")
        out[kind] = table
    return out


def conform(df: DataFrame, kind: str, *, version: bool = False) -> DataFrame:
    """The contract's columns of `kind`, in order and type, then `_batch_id` and `_line` (and, for
    stored versions, `_version`)."""
    from pyspark.sql import functions as F

    present = {c.lower(): c for c in df.columns}
    cols = []
    for column in DATASETS[kind].columns:
        spark_type = SPARK_TYPES[column.type]
        source = present.get(column.name.lower())
        value = F.col(f"`{source}`") if source else F.lit(None)
        cols.append(value.cast(spark_type).alias(column.name))
    batch = F.col(f"`{present['_batch_id']}`") if "_batch_id" in present else F.lit(0)
    line = F.col(f"`{present['_line']}`") if "_line" in present else F.lit(0)
    cols += [batch.cast("int").alias("_batch_id"), line.cast("bigint").alias("_line")]
    if version:
        stored = F.col(f"`{present['_version']}`") if "_version" in present else F.lit(None)
        cols.append(stored.cast("bigint").alias("_version"))
    return df.select(*cols)


def _empty(spark: PySparkSession, kind: str) -> DataFrame:
    fields = ", ".join(f"`{c.name}` {SPARK_TYPES[c.type]}" for c in DATASETS[kind].columns)
    return spark.createDataFrame([], f"{fields}, `_batch_id` int, `_line` bigint")


def _is_uri(location: str) -> bool:
    return "://" in location


def _manifest(spark: PySparkSession, location: str) -> dict[str, Any]:
    """The export's manifest: read locally, or through Spark for a URI (s3a://, abfss://, hdfs://)."""
    if not _is_uri(location):
        return read_manifest(Path(location))
    try:
        rows = spark.read.text(f"{location.rstrip('/')}/{MANIFEST}", wholetext=True).collect()
    except Exception as exc:  # the storage's own error (missing file, no credentials)
        raise AnswerableError(
            f"Spark cannot read {location}/{MANIFEST} ({type(exc).__name__}): point --source at a "
            "directory written by `answerable export --parquet DIR` that your Spark can reach."
        ) from None
    return check_manifest(json.loads(rows[0][0]), location)


def from_export(spark: PySparkSession, location: str | Path) -> dict[str, DataFrame]:
    """The datasets of an `answerable export --parquet DIR` directory, local or a URI that Spark
    reads (the manifest says which datasets and files it holds)."""
    location = str(location)
    manifest = _manifest(spark, location)
    frames = {}
    for kind in KINDS:
        listed = manifest.get("datasets", {}).get(kind)
        if not listed or not listed.get("files"):
            frames[kind] = _empty(spark, kind)
            continue
        if not _is_uri(location):
            missing = [f["path"] for f in listed["files"] if not (Path(location) / f["path"]).is_file()]
            if missing:
                raise AnswerableError(
                    f"{location}: the manifest lists {missing[0]} but the file is missing; export again."
                )
        frames[kind] = conform(spark.read.parquet(f"{location.rstrip('/')}/{kind}"), kind)
    return frames


def lineage_views(spark: PySparkSession, location: str | Path) -> dict[str, DataFrame]:
    """The export's lineage as Spark views: `batches`, and `rows_<kind>` (every stored version in the
    active batches) for each dataset whose history differs from its current records."""
    location = str(location).rstrip("/")
    manifest = _manifest(spark, location)
    views = {"batches": spark.read.parquet(f"{location}/batches/batches.parquet")}
    for kind in KINDS:
        history = manifest.get("datasets", {}).get(kind, {}).get("history") or {}
        if history.get("files"):
            frame = spark.read.parquet(f"{location}/{HISTORY}/{kind}")
            views[f"rows_{kind}"] = conform(frame, kind, version=True)
    return views


def from_tables(spark: PySparkSession, tables: Mapping[str, str]) -> dict[str, DataFrame]:
    """The datasets from catalog tables ({kind: "db.table"}); kinds not named are empty."""
    frames = {}
    for kind in KINDS:
        table = tables.get(kind)
        if table is None:
            frames[kind] = _empty(spark, kind)
            continue
        if not spark.catalog.tableExists(table):
            raise AnswerableError(
                f"Spark has no table {table} (for {kind}): check the name and the catalog your "
                "Spark configuration points at (spark.sql.catalog.*, SPARK_REMOTE)."
            )
        frames[kind] = conform(spark.table(table), kind)
    return frames
