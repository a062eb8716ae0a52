"""DuckDB SQL (the sql/ files, the engine's aggregate tails) to Spark SQL, with sqlglot.

The SQL files stay the one source of truth: sqlglot transpiles them (`read="duckdb"`,
`write="spark"`, which also rewrites QUALIFY, `::` casts, `list_contains` and `$name` placeholders).
The few DuckDB functions whose Spark spelling sqlglot does not know are mapped here, each to the
Spark function with the same meaning:

- `quantile_cont(x, q)` -> `percentile(x, q)`: both continuous, linearly interpolated and exact
  (Spark's `percentile_approx` is neither, so it is never used);
- `epoch_us(ts)` -> `unix_micros(ts)`: microseconds since the epoch (timestamps are UTC wall-clock
  values on both engines: the Spark session runs in UTC, see session.py);
- `to_days(n)` -> `make_dt_interval(n)`: an interval of n days;
- a decimal literal such as `60000000.0` -> `CAST(60000000.0 AS DOUBLE)`: DuckDB divides decimals
  in DOUBLE while Spark would keep DECIMAL with a bounded scale, which rounds minutes and percents.

Placeholders are kept as placeholders (`$name` -> `:name`); values are bound by Spark, never
formatted into the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from answerable.errors import AnswerableError

_FUNCTIONS = {"EPOCH_US": "UNIX_MICROS"}


@dataclass(frozen=True)
class SparkSql:
    text: str
    parameters: tuple[str, ...]  # the named parameters the text uses, without the colon


def _rewrite(node: Any) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.PercentileCont):
        return exp.Anonymous(this="PERCENTILE", expressions=[node.this, node.expression])
    if isinstance(node, exp.ToDays):
        return exp.Anonymous(this="MAKE_DT_INTERVAL", expressions=[node.this])
    if isinstance(node, exp.Anonymous) and str(node.this).upper() in _FUNCTIONS:
        return exp.Anonymous(this=_FUNCTIONS[str(node.this).upper()], expressions=node.expressions)
    if (isinstance(node, exp.Literal) and node.is_number and "." in node.this
            and "e" not in node.this.lower()):
        return exp.Cast(this=node.copy(), to=exp.DataType.build("DOUBLE"))
    return node


@lru_cache(maxsize=512)
def to_spark(sql: str) -> SparkSql:
    """One DuckDB statement as Spark SQL, with the names of its parameters."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except SqlglotError as exc:
        raise AnswerableError(f"sqlglot cannot parse this metric SQL for Spark ({exc}).") from None
    if len(statements) != 1:
        raise AnswerableError(f"Expected one SQL statement to run on Spark, got {len(statements)}.")
    tree = statements[0].transform(_rewrite)
    names = tuple(sorted({str(p.this) for p in tree.find_all(exp.Placeholder) if p.this}))
    text = tree.sql(dialect="spark", comments=False)
    return SparkSql(text, names)
