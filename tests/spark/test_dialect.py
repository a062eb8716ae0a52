"""The DuckDB-to-Spark transpilation: each mapped function means the same on both engines.

Each case runs the same DuckDB-dialect statement on DuckDB and (transpiled) on Spark, with the
expected value worked out by hand beside it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import duckdb
import pytest

from answerable.metrics import REGISTRY
from answerable.metrics.session_base import base_sql


def _both(spark: Any, sql: str, params: dict[str, Any] | None = None) -> tuple[Any, Any]:
    from answerable.spark.dialect import to_spark
    from answerable.spark.session import _value

    params = params or {}
    duck = duckdb.connect().execute(sql, params).fetchall()[0]
    converted = to_spark(sql)
    on_spark = tuple(spark.sql(converted.text, args={k: _value(params[k]) for k in converted.parameters})
                     .collect()[0])
    return duck, on_spark


def test_continuous_percentile_is_exact_and_interpolated(spark: Any) -> None:
    # values 1, 2, 5: p90 sits at position (3 - 1) * 0.9 = 1.8, so 2 + 0.8 * (5 - 2) = 4.4;
    # the median is the middle value 2
    sql = ("SELECT quantile_cont(x, 0.9), quantile_cont(x, 0.5) "
           "FROM (VALUES (1.0::DOUBLE), (2.0::DOUBLE), (5.0::DOUBLE)) t(x)")
    duck, on_spark = _both(spark, sql)
    assert duck == pytest.approx((4.4, 2.0), abs=1e-12)
    assert on_spark == pytest.approx(duck, abs=1e-12)


def test_minutes_between_timestamps(spark: Any) -> None:
    # 10:00:00 -> 10:01:30 is 90 seconds = 1.5 minutes (fractional, not truncated)
    sql = ("SELECT (epoch_us($b::TIMESTAMP) - epoch_us($a::TIMESTAMP)) / 60000000.0, "
           "100.0 * 1 / 3")  # and a percent in DOUBLE: 33.333..., not a rounded DECIMAL
    duck, on_spark = _both(spark, sql, {"a": datetime(2026, 1, 1, 10), "b": datetime(2026, 1, 1, 10, 1, 30)})
    assert duck[0] == 1.5 and on_spark[0] == 1.5
    assert on_spark[1] == duck[1] == 100.0 / 3


def test_days_back_from_the_as_of_date(spark: Any) -> None:
    # 2026-03-31 12:00 minus 90 days = 2025-12-31 12:00 (a full interval, not calendar days)
    sql = "SELECT $as_of::TIMESTAMP - to_days($days::INTEGER)"
    duck, on_spark = _both(spark, sql, {"as_of": datetime(2026, 3, 31, 12), "days": 90})
    assert duck == on_spark == (datetime(2025, 12, 31, 12),)


def test_owner_placeholders_are_a_bound_list(spark: Any) -> None:
    sql = "SELECT list_contains($placeholders, lower(trim('  TBD '))), list_contains($placeholders, 'ann')"
    duck, on_spark = _both(spark, sql, {"placeholders": ["tbd", "none"]})
    assert duck == on_spark == (True, False)


def test_every_sql_file_transpiles_with_bound_parameters_only() -> None:
    """Base and population SQL alone (the scope's `* REPLACE` needs the session's schema: the parity
    tests run it); macros inlined as the Spark session does."""
    pytest.importorskip("sqlglot")
    from answerable.metrics.session_base import BASE_ORDER, SQL_MACROS
    from answerable.spark.dialect import to_spark

    texts = [base_sql(k) for k in BASE_ORDER] + [ind.sql for ind in REGISTRY.values()]
    for text in texts:
        converted = to_spark(text, SQL_MACROS)
        assert not re.search(r"\$[A-Za-z_]", converted.text)  # placeholders became :name, bound by Spark
        assert "PERCENTILE_APPROX" not in converted.text.upper()
        for name in converted.parameters:
            assert f":{name}" in converted.text
