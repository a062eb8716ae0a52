"""Linkage between AI decisions and incidents (DESIGN §3): share linked and date-range overlap."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from answerable import store
from answerable.ingest.linkage import linkage
from tests.conftest import load_rows


def _decision(i: int, incident: str | None, year: int) -> dict[str, object]:
    return {"decision_id": f"D{i}", "decided_at": datetime(year, 1, 1 + i), "ai_system": "bot",
            "incident_id": incident}


def test_linkage_counts_decisions_that_reach_a_loaded_incident(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "l.duckdb")
    assert linkage(con) is None  # nothing loaded: nothing to say
    load_rows(con, "incidents", [{"incident_id": f"INC{i}", "opened_at": datetime(2026, 1, 2 + i)}
                                 for i in range(3)])
    # 4 decisions: INC0 and INC1 exist, INC9 does not, one names no incident -> 2 of 4 = 50% linked
    load_rows(con, "ai_decisions", [_decision(0, "INC0", 2026), _decision(1, " INC1 ", 2026),
                                    _decision(2, "INC9", 2026), _decision(3, None, 2026)])
    link = linkage(con)
    con.close()
    assert link is not None
    assert (link.decisions, link.with_reference, link.linked) == (4, 3, 2)
    assert link.share == 0.5 and link.overlap  # 1-4 Jan 2026 decisions, 2-4 Jan 2026 incidents
    assert not link.weak  # exactly half is not below half
    assert link.warning() is None
    assert link.summary().startswith("50.0% of 4 AI decisions link to a loaded incident")


def test_unrelated_logs_are_weak_and_say_why(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "l.duckdb")
    load_rows(con, "incidents", [{"incident_id": "INC1", "opened_at": datetime(2016, 3, 1)}])
    # 1 of 3 decisions links (33.3% < 50%) and 2025 decisions never overlap 2016 incidents
    load_rows(con, "ai_decisions", [_decision(0, "INC1", 2025), _decision(1, "X", 2025),
                                    _decision(2, "Y", 2025)])
    link = linkage(con)
    con.close()
    assert link is not None and link.weak and not link.overlap
    warning = link.warning()
    assert warning is not None
    assert "only 1 of 3 AI decisions (33.3%) link to a loaded incident" in warning
    assert ("(Jan 2025 to Jan 2025) and the incidents (Mar 2016 to Mar 2016) cover different periods"
            in warning)
