"""DESIGN §4 "Not assessed" by supplied columns, the same rule for every indicator and needed column:
not supplied by any current batch -> not assessed (the reason names the export, the column and the
fix); supplied but empty in every record -> assessed, with a warning naming the column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from answerable import store
from answerable.contract import DATASETS
from answerable.metrics import REGISTRY, compute
from answerable.results import Filters
from tests.conftest import load_rows
from tests.metrics.helpers import decision, incident, load, metric

EXPORT = {
    "incidents": "incident export", "ai_decisions": "AI decision log", "ai_systems": "AI inventory",
    "changes": "change export", "knowledge_articles": "knowledge base export", "cmdb_items": "CMDB export",
}
T = datetime(2026, 3, 2, 9, 0)
_VALUES = {"str": "x", "ts": T, "int": 1, "float": 0.5, "bool": True}
_ROW: dict[str, dict[str, Any]] = {  # one record per dataset with EVERY contract column filled
    kind: {c.name: _VALUES[c.type] for c in ds.columns} for kind, ds in DATASETS.items()
}
_ROW["incidents"].update(incident_id="INC1", caused_by_change="C1", cmdb_ci="CI1")
_ROW["ai_decisions"].update(decision_id="D1", ai_system="s", incident_id="INC1", decision_type="classify",
                            autonomy="autonomous", outcome="incorrect", identity="svc-s")
_ROW["ai_systems"].update(ai_system="s", identity="svc-s", access_scope="least_privilege",
                          max_autonomy="autonomous", status="approved")
_ROW["changes"].update(change_id="C1")
_ROW["knowledge_articles"].update(article_id="KB1", status="published")
_ROW["cmdb_items"].update(ci_id="CI1", status="live")

NEEDS = sorted({need for ind in REGISTRY.values() for need in ind.needs})


def _load_all(con, without: tuple[str, str] | None = None) -> None:
    for kind, row in _ROW.items():
        drop = set(without[1].split("|")) if without and without[0] == kind else set()
        load_rows(con, kind, [{k: v for k, v in row.items() if k not in drop}])


def test_every_indicator_is_assessable_when_every_column_is_supplied(con):
    _load_all(con)
    for r in compute(con):
        assert r.reason is None or (" has no " not in r.reason and " has neither " not in r.reason), r.id


@pytest.mark.parametrize("need", NEEDS, ids=[f"{k}.{c}" for k, c in NEEDS])
def test_every_indicator_x_every_needed_column_not_supplied(tmp_path, need: tuple[str, str]) -> None:
    kind, column = need
    con = store.connect(tmp_path / "s.duckdb")
    _load_all(con, without=need)
    alternatives = column.split("|")
    needing = [ind.id for ind in REGISTRY.values() if need in ind.needs]
    # also affected: indicators needing a column (or every alternative of one) among those dropped
    affected = [ind.id for ind in REGISTRY.values()
                if any(k == kind and set(c.split("|")) <= set(alternatives) for k, c in ind.needs)]
    results = {r.id: r for r in compute(con, ids=affected)}  # the others: see the test above
    for ind_id in affected:
        assert results[ind_id].status == "not_assessed", ind_id
    for ind_id in needing:
        r = results[ind_id]
        assert (r.status, r.value, r.numerator, r.denominator) == ("not_assessed", None, None, None), ind_id
        assert r.reason is not None and r.reason.startswith(f"The {EXPORT[kind]} has "), (ind_id, r.reason)
        assert f"add {' or '.join(alternatives) if len(alternatives) <= 2 else ''}" in r.reason or all(
            c in r.reason for c in alternatives
        ), (ind_id, r.reason)
        assert f"to your {EXPORT[kind]}" in r.reason, (ind_id, r.reason)
    con.close()


def test_reason_reads_like_the_design_example(con):
    _load_all(con)
    load_rows(con, "changes", [{"change_id": "C1", "implemented_at": T}])  # a later export without them
    r = metric(con, "unannounced_change_incident_rate")
    assert r.reason == (
        "The change export has no approved or communicated column: add approved and communicated to your "
        "change export (or map them when loading it) to assess this indicator."
    )
    esc = metric(con, "escalation_ack_rate")
    assert esc.status != "not_assessed"


def test_neither_alternative_reason(con):
    load_rows(con, "ai_decisions", [{"decision_id": "D1", "decided_at": T, "ai_system": "s",
                                     "acknowledged_at": T}])
    r = metric(con, "human_takeover_p90_min")
    assert r.reason == (
        "The AI decision log has neither escalated nor escalated_at: add escalated or escalated_at to your "
        "AI decision log (or map them when loading it) to assess this indicator."
    )


def test_na_owner_placeholder_everywhere_is_100_percent_unowned(con):
    # the null tokens turned every "N/A" owner into an empty value: the column is still supplied
    load(con, "ai_decisions", [decision(i, accountable_owner=None) for i in range(40)])
    r = metric(con, "unowned_decision_rate")
    # 40 of 40 decisions without an owner = 100%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 40, 40, pytest.approx(100.0))
    assert r.warnings == (
        "The AI decision log's accountable_owner column is empty in all 40 current records: the figure "
        "counts them as missing.",
    )


def test_placeholder_owner_is_not_empty_and_has_no_warning(con):
    load(con, "ai_decisions", [decision(i, accountable_owner="TBD") for i in range(40)])
    r = metric(con, "unowned_decision_rate")
    # 40 placeholders of 40 = 100% unowned; the column holds values, so no "empty" warning
    assert (r.numerator, r.denominator, r.warnings) == (40, 40, ())


def test_a_later_batch_supplying_the_column_makes_it_supplied(con):
    load_rows(con, "ai_decisions", [{"decision_id": f"D{i}", "decided_at": T, "ai_system": "s"}
                                    for i in range(40)])
    assert metric(con, "unowned_decision_rate").status == "not_assessed"
    load(con, "ai_decisions", [decision(100 + i, accountable_owner="alice") for i in range(10)])
    r = metric(con, "unowned_decision_rate")
    # 40 decisions from the first file count as unowned (their file had no owner column) + 10 owned
    # = 40 of 50 = 80%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 40, 50, pytest.approx(80.0))


def test_only_a_retracted_batch_supplied_it(con):
    load_rows(con, "ai_decisions", [{"decision_id": f"D{i}", "decided_at": T, "ai_system": "s"}
                                    for i in range(40)])
    owned = load(con, "ai_decisions", [decision(100 + i, accountable_owner="alice") for i in range(10)])
    store.retract(con, owned)
    assert metric(con, "unowned_decision_rate").status == "not_assessed"


def test_incident_data_gap_rate_over_the_supplied_fields(con):
    rows = [incident(i) for i in range(40)]
    for r in rows:
        del r["cmdb_ci"]  # the export has no cmdb_ci column
    rows[0]["category"] = None
    rows[1]["priority"] = None
    rows[2]["resolved_at"] = rows[2]["opened_at"] - rows[2]["opened_at"].resolution * 60
    load(con, "incidents", rows)
    r = metric(con, "incident_data_gap_rate")
    # cmdb_ci not checked (every incident would otherwise "miss" it): 3 gaps of 40 = 7.5%
    assert (r.status, r.numerator, r.denominator, r.value) == ("ok", 3, 40, pytest.approx(7.5))
    assert r.extra["fields_not_checked"] == ["cmdb_ci"] and r.extra["missing_cmdb_ci_pct"] is None
    assert r.warnings == ("Not checked, because the incident export does not supply it: cmdb_ci.",)


def test_incident_data_gap_rate_not_assessed_only_when_it_can_check_nothing(con):
    load_rows(con, "incidents", [{"incident_id": f"I{i}", "opened_at": T} for i in range(40)])
    r = metric(con, "incident_data_gap_rate")
    assert r.status == "not_assessed"
    assert r.reason == (
        "The incident export has neither category, assignment_group, priority, cmdb_ci nor resolved_at: "
        "add category, assignment_group, priority, cmdb_ci or resolved_at to your incident export (or map "
        "them when loading it) to assess this indicator."
    )


def test_batches_loaded_before_the_lineage_count_columns_holding_values(con):
    load(con, "ai_decisions", [decision(i) for i in range(40)])
    con.execute("UPDATE batches SET columns_supplied = NULL")  # as a schema-1 store migrated to 2
    assert metric(con, "unowned_decision_rate").status == "ok"  # accountable_owner holds values
    r = metric(con, "human_takeover_p90_min")  # no acknowledged_at value in the old batch
    assert r.status == "not_assessed" and "acknowledged_at" in (r.reason or "")


def test_filters_do_not_change_what_is_supplied(con):
    load(con, "ai_decisions", [decision(i, accountable_owner=None) for i in range(40)])
    r = metric(con, "unowned_decision_rate", Filters(ai_system="other"))
    assert r.status == "not_assessed" and r.reason == "No AI decisions in the selected data and filters."
