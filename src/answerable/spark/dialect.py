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

DuckDB macros the SQL calls (`CREATE MACRO name(args) AS expression`, passed as `macros`) are
inlined: each call becomes the macro's expression with the arguments substituted, so the definition
stays the one the DuckDB session installs. A `* REPLACE (...)` (DuckDB only) is expanded into the
column list from `schema` (the columns of the tables the SQL reads) by sqlglot's qualifier.

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


Schema = tuple[tuple[str, tuple[str, ...]], ...]  # (table, its columns), hashable for the cache


@lru_cache(maxsize=16)
def _macros(ddls: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], Any]]:
    """name -> (parameter names, expression) of each `CREATE ... MACRO` statement."""
    import sqlglot
    from sqlglot import exp

    out = {}
    for ddl in ddls:
        tree = sqlglot.parse_one(ddl, read="duckdb")
        if not isinstance(tree, exp.Create) or str(tree.args.get("kind", "")).upper() != "MACRO":
            raise AnswerableError(f"Not a DuckDB macro definition: {ddl[:80]!r}.")
        udf = tree.this
        out[udf.this.name.lower()] = (tuple(p.name for p in udf.expressions), tree.expression)
    return out


def _inline(tree: Any, macros: dict[str, tuple[tuple[str, ...], Any]]) -> Any:
    from sqlglot import exp

    def call(node: Any) -> Any:
        if not isinstance(node, exp.Anonymous) or str(node.this).lower() not in macros:
            return node
        params, body = macros[str(node.this).lower()]
        if len(params) != len(node.expressions):
            n = len(node.expressions)
            raise AnswerableError(f"Macro {node.this} takes {len(params)} arguments, got {n}.")
        args = dict(zip(params, node.expressions, strict=True))

        def substitute(n: Any) -> Any:
            if isinstance(n, exp.Column) and not n.table and n.name in args:
                return args[n.name].copy()
            return n

        return exp.Paren(this=body.copy().transform(substitute))

    for _ in range(10):  # macros may call macros
        before = tree.sql(dialect="duckdb")
        tree = tree.transform(call)
        if tree.sql(dialect="duckdb") == before:
            return tree
    raise AnswerableError("Macros nest more than 10 deep (or recursively): cannot inline them for Spark.")


def _expand_replace(tree: Any, schema: Schema) -> Any:
    from sqlglot import exp
    from sqlglot.optimizer.qualify import qualify

    if not any(s.args.get("replace") or s.args.get("except") for s in tree.find_all(exp.Star)):
        return tree
    return qualify(tree, schema={t: dict.fromkeys(cols, "TEXT") for t, cols in schema}, dialect="duckdb",
                   expand_stars=True, validate_qualify_columns=False, quote_identifiers=False,
                   identify=False)


@lru_cache(maxsize=1024)
def to_spark(sql: str, macros: tuple[str, ...] = (), schema: Schema = ()) -> SparkSql:
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
    tree = statements[0]
    if macros:
        tree = _inline(tree, _macros(macros))
    tree = _expand_replace(tree, schema).transform(_rewrite)
    names = tuple(sorted({str(p.this) for p in tree.find_all(exp.Placeholder) if p.this}))
    text = tree.sql(dialect="spark", comments=False)
    return SparkSql(text, names)
