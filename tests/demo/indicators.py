"""An independent, plain-SQL reading of the demo CSVs: the DESIGN §4 indicators the story relies on.

Written from DESIGN §4 for the demo tests only (it does not use the metric registry), so that the demo
data is checked against the contract's definitions, not against the code that computes them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

PLACEHOLDERS = "('unassigned','none','n/a','null','-','?','unknown','tbd')"


def owner_present(col: str) -> str:
    return f"(nullif(trim({col}), '') IS NOT NULL AND lower(trim({col})) NOT IN {PLACEHOLDERS})"


def open_csvs(demo_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one all-VARCHAR table per CSV (types cast in the queries)."""
    con = duckdb.connect()
    for kind in ("incidents", "ai_decisions", "ai_systems", "changes", "knowledge_articles", "cmdb_items"):
        path = str(demo_dir / f"{kind}.csv")
        con.execute(
            f"CREATE TABLE {kind} AS SELECT * FROM read_csv(?, all_varchar=true, header=true, "
            "delim=',', quote='\"', nullstr='')",
            [path],
        )
    con.execute(
        """
        CREATE VIEW d AS
        SELECT x.*, x.decided_at::TIMESTAMP AS t, x.confidence::DOUBLE AS conf,
               replace(replace(lower(trim(x.autonomy)), ' ', '_'), '-', '_') AS aut,
               (x.escalated = 'true' OR x.escalated_at IS NOT NULL) AS esc,
               date_diff('second', x.decided_at::TIMESTAMP, x.escalated_at::TIMESTAMP) / 60.0 AS lat,
               date_diff('second', x.decided_at::TIMESTAMP, x.acknowledged_at::TIMESTAMP) / 60.0 AS takeover,
               s.ai_system IS NOT NULL AS in_inv, s.status AS sys_status, s.max_autonomy AS sys_max,
               coalesce(s.confidence_threshold::DOUBLE, 0.7) AS thr,
               coalesce(s.escalation_sla_minutes::DOUBLE, 30) AS sla,
               i.priority::INT AS inc_priority, i.category AS inc_category
        FROM ai_decisions x
        LEFT JOIN ai_systems s ON s.ai_system = x.ai_system
        LEFT JOIN incidents i ON i.incident_id = x.incident_id
        """
    )
    return con


AS_OF = "(SELECT greatest((SELECT max(opened_at::TIMESTAMP) FROM incidents), (SELECT max(t) FROM d)))"
LIVE = "(SELECT * FROM ai_systems WHERE status <> 'retired')"
CONTROLLED = (
    f"(access_scope = 'least_privilege' AND {AS_OF} - access_reviewed_at::TIMESTAMP <= INTERVAL 90 DAY "
    f"AND {AS_OF} - credentials_rotated_at::TIMESTAMP <= INTERVAL 90 DAY)"
)
LOW = "(conf IS NOT NULL AND conf < thr)"
HANDLED = f"(overridden = 'true' OR esc OR {owner_present('reviewed_by')} OR reviewed_at IS NOT NULL)"
MAJOR = "(major_incident = 'true' OR priority::INT = 1)"
DONE = "coalesce(resolved_at, closed_at)::TIMESTAMP"

# id -> SQL giving one value (a fraction for rates, minutes or days for the two durations).
INDICATORS: dict[str, str] = {
    "unowned_decision_rate": f"SELECT avg(CASE WHEN {owner_present('accountable_owner')} "
    "THEN 0 ELSE 1 END) FROM d",
    "ai_system_owner_coverage": f"SELECT avg(CASE WHEN {owner_present('business_owner')} AND "
    f"{owner_present('technical_owner')} THEN 1 ELSE 0 END) FROM {LIVE}",
    "unowned_incident_rate": f"SELECT avg(CASE WHEN {owner_present('assigned_to')} THEN 0 ELSE 1 END) "
    "FROM incidents WHERE resolved_at IS NOT NULL OR closed_at IS NOT NULL",
    "autonomy_defined_rate": "SELECT avg(CASE WHEN aut IN ('autonomous','human_approval','recommend_only') "
    "THEN 1 ELSE 0 END) FROM d",
    "decision_rights_violation_rate": f"SELECT avg(CASE WHEN NOT in_inv OR sys_status = 'retired' OR "
    f"coalesce(sys_max, '') <> 'autonomous' OR coalesce(inc_priority, 9) <= 2 OR {LOW} THEN 1 ELSE 0 END) "
    "FROM d WHERE aut = 'autonomous'",
    "low_confidence_review_rate": f"SELECT avg(CASE WHEN {HANDLED} THEN 1 ELSE 0 END) FROM d WHERE {LOW}",
    "escalation_latency_p90_min": "SELECT quantile_cont(lat, 0.9) FROM d WHERE esc AND lat >= 0",
    "human_takeover_p90_min": "SELECT quantile_cont(takeover, 0.9) FROM d WHERE esc AND takeover >= 0",
    "unanswered_escalation_rate": "SELECT avg(CASE WHEN acknowledged_at IS NULL THEN 1 ELSE 0 END) FROM d "
    f"WHERE esc AND t + INTERVAL 1 SECOND * CAST(sla * 60 AS BIGINT) <= {AS_OF}",
    "late_escalation_rate": "SELECT avg(CASE WHEN lat > sla THEN 1 ELSE 0 END) FROM d WHERE esc AND lat >= 0",
    "missed_escalation_rate": f"SELECT avg(CASE WHEN {HANDLED} THEN 0 ELSE 1 END) FROM d "
    "WHERE lower(outcome) = 'incorrect'",
    "escalation_path_coverage": "SELECT avg(CASE WHEN nullif(trim(escalation_path), '') IS NOT NULL "
    f"THEN 1 ELSE 0 END) FROM {LIVE}",
    "access_control_coverage": f"SELECT avg(CASE WHEN {CONTROLLED} THEN 1 ELSE 0 END) FROM {LIVE}",
    "uncontrolled_identity_decision_rate": "SELECT avg(CASE WHEN x.identity IS NOT NULL AND x.identity IN "
    f"(SELECT identity FROM ai_systems WHERE {CONTROLLED}) THEN 0 ELSE 1 END) FROM d AS x",
    "privileged_ai_identity_rate": "SELECT avg(CASE WHEN access_scope IN ('admin','broad') "
    f"THEN 1 ELSE 0 END) FROM {LIVE}",
    "incident_data_gap_rate": "SELECT avg(CASE WHEN category IS NULL OR assignment_group IS NULL OR "
    "priority IS NULL OR cmdb_ci IS NULL OR resolved_at::TIMESTAMP < opened_at::TIMESTAMP THEN 1 ELSE 0 END) "
    "FROM incidents",
    "ai_misclassification_rate": "SELECT avg(CASE WHEN decision_value <> inc_category THEN 1 ELSE 0 END) "
    "FROM d WHERE decision_type = 'classify' AND inc_category IS NOT NULL",
    "reclassification_rate": "SELECT avg(CASE WHEN category <> initial_category THEN 1 ELSE 0 END) "
    "FROM incidents WHERE category IS NOT NULL AND initial_category IS NOT NULL",
    "stale_knowledge_rate": f"SELECT avg(CASE WHEN last_reviewed_at IS NULL OR {AS_OF} - "
    f"last_reviewed_at::TIMESTAMP > INTERVAL 365 DAY OR valid_to::TIMESTAMP < {AS_OF} THEN 1 ELSE 0 END) "
    "FROM knowledge_articles WHERE status IS NULL OR status = 'published'",
    "stale_cmdb_rate": f"SELECT avg(CASE WHEN last_verified_at IS NULL OR {AS_OF} - "
    "last_verified_at::TIMESTAMP > INTERVAL 90 DAY THEN 1 ELSE 0 END) FROM cmdb_items "
    "WHERE coalesce(status, '') <> 'retired'",
    "pir_coverage": f"SELECT avg(CASE WHEN pir_completed_at IS NOT NULL AND {owner_present('pir_owner')} "
    f"THEN 1 ELSE 0 END) FROM incidents WHERE {MAJOR} AND {DONE} <= {AS_OF} - INTERVAL 10 DAY",
    "pir_lead_time_days": f"SELECT median(date_diff('second', {DONE}, "
    f"pir_completed_at::TIMESTAMP) / 86400.0) FROM incidents "
    f"WHERE {MAJOR} AND pir_completed_at::TIMESTAMP >= {DONE}",
    "unannounced_change_incident_rate": "SELECT avg(CASE WHEN c.change_id IS NULL OR c.approved <> 'true' "
    "OR c.communicated <> 'true' THEN 1 ELSE 0 END) FROM incidents i LEFT JOIN changes c "
    "ON c.change_id = i.caused_by_change WHERE i.caused_by_change IS NOT NULL",
    "shadow_ai_rate": "SELECT avg(CASE WHEN NOT in_inv OR sys_status = 'retired' THEN 1 ELSE 0 END) FROM d",
    "inventory_review_rate": f"SELECT avg(CASE WHEN {AS_OF} - last_reviewed_at::TIMESTAMP "
    f"<= INTERVAL 180 DAY THEN 1 ELSE 0 END) FROM {LIVE}",
}

# DESIGN §4 bands: (L5, L4, L3, L2) edges and whether higher is better. Rates are fractions here.
BANDS: dict[str, tuple[tuple[float, float, float, float], bool]] = {
    "unowned_decision_rate": ((0.01, 0.05, 0.15, 0.30), False),
    "ai_system_owner_coverage": ((1.0, 0.95, 0.80, 0.50), True),
    "unowned_incident_rate": ((0.01, 0.05, 0.15, 0.30), False),
    "autonomy_defined_rate": ((1.0, 0.98, 0.90, 0.70), True),
    "decision_rights_violation_rate": ((0.005, 0.02, 0.05, 0.15), False),
    "low_confidence_review_rate": ((0.99, 0.95, 0.80, 0.50), True),
    "escalation_latency_p90_min": ((15, 30, 60, 240), False),
    "human_takeover_p90_min": ((15, 30, 60, 240), False),
    "unanswered_escalation_rate": ((0.01, 0.05, 0.15, 0.30), False),
    "late_escalation_rate": ((0.02, 0.05, 0.15, 0.30), False),
    "missed_escalation_rate": ((0.02, 0.05, 0.15, 0.30), False),
    "escalation_path_coverage": ((1.0, 0.95, 0.80, 0.50), True),
    "access_control_coverage": ((1.0, 0.95, 0.80, 0.50), True),
    "uncontrolled_identity_decision_rate": ((0.005, 0.02, 0.10, 0.25), False),
    "privileged_ai_identity_rate": ((0.0, 0.05, 0.15, 0.30), False),
    "incident_data_gap_rate": ((0.02, 0.05, 0.15, 0.30), False),
    "ai_misclassification_rate": ((0.05, 0.10, 0.20, 0.35), False),
    "reclassification_rate": ((0.02, 0.05, 0.10, 0.20), False),
    "stale_knowledge_rate": ((0.05, 0.10, 0.25, 0.50), False),
    "stale_cmdb_rate": ((0.05, 0.10, 0.25, 0.50), False),
    "pir_coverage": ((1.0, 0.90, 0.75, 0.50), True),
    "pir_lead_time_days": ((5, 10, 20, 40), False),
    "unannounced_change_incident_rate": ((0.02, 0.05, 0.15, 0.30), False),
    "shadow_ai_rate": ((0.0, 0.01, 0.05, 0.15), False),
    "inventory_review_rate": ((1.0, 0.95, 0.80, 0.50), True),
}


def level(indicator: str, value: float) -> int:
    """The DESIGN §4 level of a value; bands are inclusive on the better side; beyond L2 is L1."""
    edges, higher = BANDS[indicator]
    for lvl, edge in zip((5, 4, 3, 2), edges, strict=True):
        if (value >= edge) if higher else (value <= edge):
            return lvl
    return 1


def _with_count(sql: str) -> str:
    """Add `count(*)` (the records the value is computed over) beside the value of an indicator query."""
    depth, last = 0, -1
    for i, ch in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and sql.startswith(" FROM ", i):
            last = i
    assert last > 0, sql
    return sql[:last] + ", count(*)" + sql[last:]


def evaluate(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, int]]:
    """Each indicator's value and the number of records (or AI systems) behind it."""
    out: dict[str, tuple[float, int]] = {}
    for name, sql in INDICATORS.items():
        row = con.execute(_with_count(sql)).fetchone()
        assert row is not None and row[0] is not None, name
        out[name] = (float(row[0]), int(row[1]))
    return out


if __name__ == "__main__":
    import sys

    c = open_csvs(Path(sys.argv[1]))
    for k, (v, n) in evaluate(c).items():
        print(f"{k:<36} {v:10.4f} n={n:<6} L{level(k, v)}")
