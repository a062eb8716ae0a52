"""Headline accountability metrics written in plain pandas: the comparison for the DuckDB registry.

Same definitions as DESIGN §4 (owner present, escalations, SLA, inventory look-ups), no filters.
The frames are read from the store's current views once (`load_frames`, timed separately); `headline`
then computes on in-memory frames, which is the most favourable setting for pandas.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

PLACEHOLDERS = {"unassigned", "none", "n/a", "null", "-", "?", "unknown", "tbd"}
AUTONOMY_RANK = {"recommend_only": 0, "human_approval": 1, "autonomous": 2}


def load_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {
        kind: con.execute(f"SELECT * FROM current_{kind}").df()  # fixed kind names, no values
        for kind in ("incidents", "ai_decisions", "ai_systems")
    }


def _owner_present(s: pd.Series) -> pd.Series:
    text = s.astype("string").str.strip()
    return (text.notna() & (text != "") & ~text.str.lower().isin(PLACEHOLDERS)).fillna(False).astype(bool)


def _enum(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip().str.lower().str.replace(r"[ -]", "_", regex=True)


def _pct(num: int, den: int) -> float | None:
    return 100.0 * num / den if den else None


def headline(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    inc, dec, sysf = frames["incidents"], frames["ai_decisions"], frames["ai_systems"]
    out: dict[str, Any] = {}

    out["unowned_decision_rate"] = _pct(int((~_owner_present(dec["accountable_owner"])).sum()), len(dec))

    resolved = inc["resolved_at"].notna() | inc["closed_at"].notna()
    unowned = resolved & ~_owner_present(inc["assigned_to"])
    out["unowned_incident_rate"] = _pct(int(unowned.sum()), int(resolved.sum()))

    inv = sysf.assign(status_n=_enum(sysf["status"]), max_aut=_enum(sysf["max_autonomy"]))
    d = dec.merge(
        inv[["ai_system", "status_n", "max_aut", "confidence_threshold", "escalation_sla_minutes"]],
        on="ai_system", how="left", indicator=True,
    )
    in_inventory = d["_merge"] == "both"

    escalated = d["escalated"].fillna(False).astype(bool) | d["escalated_at"].notna()
    latency = (d["escalated_at"] - d["decided_at"]).dt.total_seconds() / 60
    timed = escalated & latency.notna() & (latency >= 0)
    lat = latency[timed]
    out["escalation_latency_p90_min"] = float(lat.quantile(0.9)) if len(lat) else None
    sla = d["escalation_sla_minutes"].fillna(30)
    out["late_escalation_rate"] = _pct(int((timed & (latency > sla)).sum()), int(timed.sum()))

    retired = d["status_n"] == "retired"
    out["shadow_ai_rate"] = _pct(int((~in_inventory | retired.fillna(False)).sum()), len(d))

    prio = inc[["incident_id", "priority"]].rename(columns={"priority": "inc_priority"})
    d = d.merge(prio, on="incident_id", how="left")
    autonomous = (_enum(d["autonomy"]) == "autonomous").fillna(False).astype(bool)
    threshold = d["confidence_threshold"].fillna(0.7)
    low_conf = (d["confidence"] < threshold).fillna(False).astype(bool)
    max_rank = d["max_aut"].map(AUTONOMY_RANK)
    violation = (
        ~in_inventory
        | retired.fillna(False).astype(bool)
        | ~(max_rank >= AUTONOMY_RANK["autonomous"]).fillna(False).astype(bool)
        | (d["inc_priority"] <= 2).fillna(False).astype(bool)
        | low_conf
    )
    out["decision_rights_violation_rate"] = _pct(int((autonomous & violation).sum()), int(autonomous.sum()))

    def missing(col: str) -> pd.Series:
        s = inc[col]
        if s.dtype.kind in "iuf":
            return s.isna()
        text = s.astype("string").str.strip()
        return (text.isna() | (text == "")).fillna(True).astype(bool)

    gap = missing("category") | missing("assignment_group") | missing("priority") | missing("cmdb_ci")
    gap = gap | (inc["resolved_at"] < inc["opened_at"]).fillna(False).astype(bool)
    out["incident_data_gap_rate"] = _pct(int(gap.sum()), len(inc))
    return out
