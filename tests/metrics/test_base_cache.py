"""The metric base tables are built once per data version and shared; any data change rebuilds them."""

from __future__ import annotations

from pathlib import Path

from answerable import store
from answerable.metrics import base_cache
from tests.metrics.helpers import decision, load, metric


def _versions(con) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND starts_with(table_name, 'done_')",
        [base_cache.CACHE_DB],
    ).fetchall()
    return [r[0] for r in rows]


def test_sessions_on_the_same_data_share_one_build(con):
    load(con, "ai_decisions", [decision(i, accountable_owner=None if i < 3 else "al") for i in range(40)])
    first = metric(con, "unowned_decision_rate")
    second = metric(con, "unowned_decision_rate")
    # 3 unowned of 40 = 7.5%, both times, from one build
    assert (first.numerator, first.denominator) == (second.numerator, second.denominator) == (3, 40)
    assert len(_versions(con)) == 1


def test_a_new_batch_and_a_retraction_change_what_the_metrics_read(con):
    load(con, "ai_decisions", [decision(i, accountable_owner=None if i < 3 else "al") for i in range(40)])
    assert metric(con, "unowned_decision_rate").numerator == 3  # 3 of 40
    batch = load(con, "ai_decisions", [decision(i, accountable_owner=None) for i in range(40, 50)])
    r = metric(con, "unowned_decision_rate")
    # 3 + 10 unowned of 40 + 10 = 13 of 50
    assert (r.numerator, r.denominator) == (13, 50)
    store.retract(con, batch)
    r = metric(con, "unowned_decision_rate")
    assert (r.numerator, r.denominator) == (3, 40)  # back to the first batch alone
    assert len(_versions(con)) == base_cache.KEEP_VERSIONS  # older builds are dropped


def test_a_read_only_store_builds_per_session_and_computes_the_same(con, db_path: Path):
    load(con, "ai_decisions", [decision(i, accountable_owner=None if i < 3 else "al") for i in range(40)])
    con.close()
    ro = store.connect(db_path, read_only=True)
    try:
        r = metric(ro, "unowned_decision_rate")
        # 3 of 40 = 7.5%; a read-only store cannot attach the in-memory cache
        assert (r.numerator, r.denominator) == (3, 40)
        assert _versions(ro) == []
    finally:
        ro.close()


def test_as_of_reads_the_built_tables_and_follows_new_data(con):
    from datetime import timedelta

    from answerable.metrics import as_of
    from tests.metrics.helpers import T0

    load(con, "ai_decisions", [decision(i) for i in range(40)])
    # before any build: from the current view; decision 39 is the latest, at T0 + 39 h
    assert as_of(con) == T0 + timedelta(hours=39)
    metric(con, "unowned_decision_rate")  # builds the base tables
    assert base_cache.latest_timestamp(con.cursor()) == (True, T0 + timedelta(hours=39))
    assert as_of(con) == T0 + timedelta(hours=39)
    load(con, "ai_decisions", [decision(i) for i in range(40, 45)])
    # new data, nothing built for it yet: the current view again, now decision 44 at T0 + 44 h
    assert base_cache.latest_timestamp(con.cursor()) == (False, None)
    assert as_of(con) == T0 + timedelta(hours=44)
