"""The real ServiceNow event log: incident indicators are computed, AI indicators are not assessed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from answerable.ingest import ingest_file
from answerable.metrics import compute

pytestmark = pytest.mark.realdata


def test_servicenow_log(con: duckdb.DuckDBPyConnection, servicenow_zip: Path) -> None:
    ingest_file(con, servicenow_zip)
    got = {r.id: r for r in compute(con)}
    # 24,918 incidents after collapsing the event log (the data set's documented count)
    assert (got["incident_volume"].status, got["incident_volume"].value) == ("ok", 24918)
    for ind in ("unowned_incident_rate", "incident_data_gap_rate", "reclassification_rate",
                "sla_compliance_rate", "mttr_median_hours"):
        assert got[ind].status == "ok", (ind, got[ind].reason)
    # unowned resolved incidents, counted independently of the engine on the current view
    row = con.execute(
        "SELECT count(*) FILTER (WHERE assigned_to IS NULL OR trim(assigned_to) = '' "
        "OR lower(trim(assigned_to)) IN ('unassigned','none','n/a','null','-','?','unknown','tbd')), "
        "count(*) FROM current_incidents "
        "WHERE resolved_at IS NOT NULL OR closed_at IS NOT NULL"
    ).fetchone()
    assert (got["unowned_incident_rate"].numerator, got["unowned_incident_rate"].denominator) == row
    for ind in ("unowned_decision_rate", "escalation_latency_p90_min", "shadow_ai_rate"):
        assert got[ind].status == "not_assessed"
        assert "ai_decisions dataset is not loaded" in (got[ind].reason or "")
    assert got["ai_system_owner_coverage"].reason.startswith("The ai_systems dataset is not loaded")
    # the log has no post-incident reviews: not assessed, not 0%
    assert got["pir_coverage"].status == "not_assessed"
    assert "pir_completed_at" in (got["pir_coverage"].reason or "")
