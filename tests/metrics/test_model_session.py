"""A user model changes the engine's defaults; one session serves several views."""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable.maturity import load_model
from answerable.metrics import Session, breakdown_in, compute_in, records_in, settings_for, trends_in
from answerable.results import Filters
from tests.metrics.helpers import decision, load, metric, system


def test_user_model_overrides_placeholders_threshold_and_min_evidence(con, tmp_path: Path):
    owners = ["TBD", "nobody"] + ["alice"] * 8
    # reviewed_by supplied but empty: the review rule is assessed (0 reviewed), not "not supplied"
    rows = [decision(i, accountable_owner=o, confidence=0.75, reviewed_by=None) for i, o in enumerate(owners)]
    load(con, "ai_decisions", rows)
    load(con, "ai_systems", [system("triage")])
    # built-in model: "nobody" is an owner, 10 decisions < 30 records; confidence 0.75 is not low
    r = metric(con, "unowned_decision_rate")
    assert (r.status, r.numerator, r.denominator) == ("insufficient_evidence", 1, 10)
    user = tmp_path / "model.toml"
    user.write_text(
        '[defaults]\nowner_placeholders = ["tbd", "nobody"]\nconfidence_threshold = 0.8\n'
        '[indicators.unowned_decision_rate]\nmin_evidence = 5\n',
        encoding="utf-8",
    )
    model = load_model(user)
    with Session(con, settings_for(model)) as session:
        got = {m.id: m for m in compute_in(session, Filters(),
                                          ["unowned_decision_rate", "low_confidence_review_rate"])}
    # 2 unowned ("TBD", "nobody") of 10 = 20%, ok with min evidence 5
    unowned, low = got["unowned_decision_rate"], got["low_confidence_review_rate"]
    assert (unowned.status, unowned.value) == ("ok", pytest.approx(20.0))
    # every decision is now below the 0.8 default threshold: 10 low-confidence, none reviewed
    assert (low.numerator, low.denominator) == (0, 10)


def test_one_session_serves_compute_records_trends_breakdown(con):
    load(con, "ai_decisions", [decision(i, accountable_owner=None if i < 3 else "al") for i in range(40)])
    with Session(con, settings_for(None)) as session:
        [r] = compute_in(session, Filters(), ["unowned_decision_rate"])
        page = records_in(session, "unowned_decision_rate", Filters(), limit=2)
        trend = trends_in(session, Filters(), ids=["unowned_decision_rate"])
        rows = breakdown_in(session, "unowned_decision_rate", Filters(), "ai_system")
    # 3 of 40 = 7.5% everywhere: one month (March 2026), one system (triage)
    assert (r.numerator, r.denominator, r.value) == (3, 40, pytest.approx(7.5))
    assert (page.total, len(page.rows)) == (3, 2)
    assert [(p.numerator, p.denominator) for p in trend["unowned_decision_rate"]] == [(3, 40)]
    assert [(b.group, b.numerator, b.denominator) for b in rows] == [("triage", 3, 40)]


def test_locked_configuration_connection_computes_the_same(con):
    load(con, "ai_decisions", [decision(i, accountable_owner=None if i < 3 else "al") for i in range(40)])
    con.execute("SET lock_configuration = true")  # as the app locks its connection
    r = metric(con, "unowned_decision_rate")
    # 3 of 40 = 7.5%
    assert (r.status, r.numerator, r.denominator) == ("ok", 3, 40)
