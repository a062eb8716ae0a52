"""Linkage between AI decisions and incidents (DESIGN §3): share linked and date-range overlap."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from answerable import store
from answerable.ingest.linkage import Linkage, from_row, linkage, linkage_sql
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


def test_the_loaded_check_gives_what_the_full_query_gives(tmp_path: Path) -> None:
    """`linkage` skips its query when either dataset has no current row; in every state (nothing,
    one of the two, both, either retracted) it says what the full query over the views says."""
    con = store.connect(tmp_path / "l.duckdb")

    def full() -> Linkage | None:
        sql = linkage_sql(store.current_view("ai_decisions"), store.current_view("incidents"))
        return from_row(con.execute(sql).fetchone())

    def same() -> Linkage | None:
        assert linkage(con) == full()
        return linkage(con)

    assert same() is None
    inc = load_rows(con, "incidents", [{"incident_id": "INC1", "opened_at": datetime(2026, 1, 2)}])
    assert same() is None  # incidents only
    dec = load_rows(con, "ai_decisions", [_decision(0, "INC1", 2026), _decision(1, None, 2026)])
    assert same() is not None  # both
    store.retract(con, inc)
    assert same() is None  # decisions only (the incidents retracted)
    inc2 = load_rows(con, "incidents", [{"incident_id": "INC2", "opened_at": datetime(2026, 1, 3)}])
    store.retract(con, dec)
    assert same() is None  # incidents only (the decisions retracted)
    load_rows(con, "ai_decisions", [_decision(2, "INC2", 2026)])
    link = same()
    assert link is not None and (link.decisions, link.linked) == (1, 1)
    store.retract(con, inc2)
    assert same() is None
    con.close()
