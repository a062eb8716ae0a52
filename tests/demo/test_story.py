"""The story of DESIGN §9, read from the committed CSVs with independent SQL (not the metric registry)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.demo.indicators import BANDS, evaluate, level, open_csvs, owner_present

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
SYSTEM_INDICATORS = {  # counted over AI systems: minimum evidence 1 (DESIGN §4)
    "ai_system_owner_coverage", "escalation_path_coverage", "access_control_coverage",
    "privileged_ai_identity_rate", "inventory_review_rate",
}


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = open_csvs(DEMO_DIR)
    yield c
    c.close()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:  # type: ignore[type-arg]
    row = con.execute(sql).fetchone()
    assert row is not None
    return row


def test_unowned_decisions_drop_clearly_after_month_6(con: duckdb.DuckDBPyConnection) -> None:
    before, after = one(con, f"""
        SELECT avg(CASE WHEN {owner_present('accountable_owner')} THEN 0 ELSE 1 END)
                 FILTER (WHERE t < TIMESTAMP '2026-05-01'),
               avg(CASE WHEN {owner_present('accountable_owner')} THEN 0 ELSE 1 END)
                 FILTER (WHERE t >= TIMESTAMP '2026-05-01')
        FROM d""")
    # Months 1-6 (Nov-Apr): about a fifth unowned (Level 2); months 7-12: under 5% (Level 4).
    assert before > 0.15 and after < 0.05, (before, after)


def test_every_month_after_the_programme_beats_every_month_before(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(f"""
        SELECT date_trunc('month', t) AS m,
               avg(CASE WHEN {owner_present('accountable_owner')} THEN 0 ELSE 1 END) AS unowned
        FROM d GROUP BY m ORDER BY m""").fetchall()
    assert len(rows) == 12
    assert max(r[1] for r in rows[6:]) < min(r[1] for r in rows[:6])


def test_unowned_incidents_drop_clearly_after_month_6(con: duckdb.DuckDBPyConnection) -> None:
    before, after = one(con, f"""
        SELECT avg(CASE WHEN {owner_present('assigned_to')} THEN 0 ELSE 1 END)
                 FILTER (WHERE opened_at::TIMESTAMP < TIMESTAMP '2026-05-01'),
               avg(CASE WHEN {owner_present('assigned_to')} THEN 0 ELSE 1 END)
                 FILTER (WHERE opened_at::TIMESTAMP >= TIMESTAMP '2026-05-01')
        FROM incidents WHERE resolved_at IS NOT NULL OR closed_at IS NOT NULL""")
    assert before > 0.15 and after < 0.05, (before, after)


def test_placeholder_owners_are_spelled_like_real_exports(con: duckdb.DuckDBPyConnection) -> None:
    spellings = {r[0] for r in con.execute("SELECT DISTINCT accountable_owner FROM d").fetchall()}
    assert {"unassigned", "TBD", None} <= spellings


def test_the_0200_iam_change_is_unannounced_and_causes_a_403_burst(con: duckdb.DuckDBPyConnection) -> None:
    changes = con.execute("""
        SELECT change_id FROM changes
        WHERE strftime(implemented_at::TIMESTAMP, '%H:%M:%S') = '02:00:00'
          AND (approved = 'false' OR communicated = 'false')""").fetchall()
    burst = {}
    for (change_id,) in changes:
        row = con.execute("""
            SELECT count(*), count(DISTINCT assignment_group),
                   count(*) FILTER (WHERE subcategory = 'access denied')
            FROM incidents WHERE caused_by_change = ?""", [change_id]).fetchone()
        assert row is not None
        burst[change_id] = row
    assert "CHG0042" in burst
    incidents, groups, denied = burst["CHG0042"]
    assert incidents >= 20 and groups >= 3 and denied == incidents, burst["CHG0042"]


def test_one_burst_incident_is_major_with_a_thorough_review(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(f"""
        SELECT incident_id,
               date_diff('second', resolved_at::TIMESTAMP, pir_completed_at::TIMESTAMP) / 86400.0 AS days,
               root_cause
        FROM incidents
        WHERE caused_by_change = 'CHG0042' AND (major_incident = 'true' OR priority = '1')
          AND {owner_present('pir_owner')}""").fetchall()
    assert len(rows) == 1
    _, days, root_cause = rows[0]
    assert 0 < days <= 5 and "CHG0042" in root_cause and len(root_cause) > 100


def test_the_automation_identity_keeps_broad_access(con: duckdb.DuckDBPyConnection) -> None:
    scope, decisions = one(con, """
        SELECT s.access_scope, count(x.decision_id) FROM ai_systems s
        JOIN ai_decisions x ON x.identity = s.identity
        WHERE s.identity = 'svc-autoremediate' GROUP BY s.access_scope""")
    assert scope == "broad" and decisions >= 30


def test_a_shadow_system_decides_but_is_missing_from_the_inventory(con: duckdb.DuckDBPyConnection) -> None:
    shadow = con.execute("""
        SELECT ai_system, count(*) FROM ai_decisions
        WHERE ai_system NOT IN (SELECT ai_system FROM ai_systems) GROUP BY ai_system""").fetchall()
    assert len(shadow) == 1 and shadow[0][1] >= 30, shadow


def test_a_retired_system_still_makes_a_few_decisions(con: duckdb.DuckDBPyConnection) -> None:
    (count,) = one(con, "SELECT count(*) FROM d WHERE sys_status = 'retired'")
    assert 1 <= count <= 100


def test_autonomy_is_spelled_variously(con: duckdb.DuckDBPyConnection) -> None:
    raw = {r[0] for r in con.execute("SELECT DISTINCT autonomy FROM ai_decisions").fetchall()}
    assert {"autonomous", "Autonomous", "Human approval", "human-approval", "recommend_only"} <= raw
    assert raw & {None, "auto", "manual"}, "some autonomy values should be missing or invalid"


def test_escalations_include_untimed_and_negative_latencies(con: duckdb.DuckDBPyConnection) -> None:
    untimed, negative, late = one(con, """
        SELECT count(*) FILTER (WHERE esc AND lat IS NULL), count(*) FILTER (WHERE lat < 0),
               count(*) FILTER (WHERE lat > sla) FROM d""")
    assert untimed >= 5 and 1 <= negative <= 2 and late >= 30, (untimed, negative, late)


def test_autonomous_decisions_on_p1_p2_incidents_exist(con: duckdb.DuckDBPyConnection) -> None:
    (count,) = one(con, "SELECT count(*) FROM d WHERE aut = 'autonomous' AND inc_priority <= 2")
    assert count >= 30


def test_majors_with_and_without_review_and_stale_reference_data(con: duckdb.DuckDBPyConnection) -> None:
    with_pir, without = one(con, """
        SELECT count(*) FILTER (WHERE pir_completed_at IS NOT NULL),
               count(*) FILTER (WHERE pir_completed_at IS NULL)
        FROM incidents WHERE major_incident = 'true' OR priority = '1'""")
    assert with_pir >= 30 and without >= 5


def test_every_indicator_has_evidence_and_a_mixed_level(con: duckdb.DuckDBPyConnection) -> None:
    """Each DESIGN §4 indicator: enough records, and a level between 2 and 4 (none trivially perfect)."""
    results = evaluate(con)
    assert set(results) == set(BANDS)
    levels = {}
    for name, (value, records) in results.items():
        assert records >= (1 if name in SYSTEM_INDICATORS else 30), (name, records)
        levels[name] = level(name, value)
        assert 2 <= levels[name] <= 4, (name, value, levels[name])
    # The story's weak spots show: broad automation access and change-induced incidents.
    assert levels["access_control_coverage"] == 2
    assert levels["unannounced_change_incident_rate"] == 2


def test_change_control_tightens_after_the_review(con: duckdb.DuckDBPyConnection) -> None:
    before, after = one(con, """
        SELECT avg(CASE WHEN c.change_id IS NULL OR c.approved <> 'true' OR c.communicated <> 'true'
                   THEN 1 ELSE 0 END) FILTER (WHERE i.opened_at::TIMESTAMP < TIMESTAMP '2026-05-01'),
               avg(CASE WHEN c.change_id IS NULL OR c.approved <> 'true' OR c.communicated <> 'true'
                   THEN 1 ELSE 0 END) FILTER (WHERE i.opened_at::TIMESTAMP >= TIMESTAMP '2026-05-01')
        FROM incidents i LEFT JOIN changes c ON c.change_id = i.caused_by_change
        WHERE i.caused_by_change IS NOT NULL""")
    # Nov-Apr includes CHG0042's 64 incidents (Level 1, > 30%); May-Oct falls to Level 3 (5-15%).
    assert before > 0.30 and 0.05 < after <= 0.15, (before, after)


def test_smart_router_takeover_is_slow_then_improves(con: duckdb.DuckDBPyConnection) -> None:
    """DESIGN §4 human takeover (decided_at -> acknowledged_at) of the smart-router's escalations."""
    rows = con.execute("""
        SELECT t >= TIMESTAMP '2026-05-01' AS after,
               quantile_cont(takeover, 0.9) FILTER (WHERE takeover >= 0) AS p90,
               avg(CASE WHEN acknowledged_at IS NULL THEN 1 ELSE 0 END) AS never
        FROM d WHERE esc AND ai_system = 'smart-router' GROUP BY after ORDER BY after""").fetchall()
    (_, p90_before, never_before), (_, p90_after, never_after) = rows
    # Nov-Apr: hours (Level 2: 60 < p90 <= 240) and a quarter never taken over; May-Oct: under an hour
    assert 60 < p90_before <= 240 and p90_after <= 60, (p90_before, p90_after)
    assert never_before > 0.25 and never_after < 0.20, (never_before, never_after)
    others = one(con, """
        SELECT quantile_cont(takeover, 0.9) FROM d
        WHERE esc AND takeover >= 0 AND ai_system <> 'smart-router' AND t < TIMESTAMP '2026-05-01'""")
    assert p90_before > 2 * others[0]  # more than twice the other systems' takeover: one system's story
