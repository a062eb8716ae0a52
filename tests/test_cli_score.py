"""`answerable score`: JSON and table on a hand-built store, a user model, errors, and the demo story."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from answerable import store
from answerable.cli import main
from answerable.maturity import score_trend
from answerable.results import Filters
from tests.conftest import load_rows

START = datetime(2026, 3, 1)
AS_OF = START + timedelta(hours=39)  # the latest decision: 40 decisions one hour apart


def _systems() -> list[dict[str, Any]]:
    common = dict(
        business_owner="Ana Ruiz", technical_owner="Bo Chen", risk_tier="medium", max_autonomy="autonomous",
        escalation_path="Service desk L2", access_scope="least_privilege", status="approved",
        access_reviewed_at=AS_OF - timedelta(days=10), credentials_rotated_at=AS_OF - timedelta(days=10),
    )
    return [
        {**common, "ai_system": "alpha", "identity": "svc-alpha",
         "last_reviewed_at": AS_OF - timedelta(days=30)},
        {**common, "ai_system": "beta", "identity": "svc-beta",
         "last_reviewed_at": AS_OF - timedelta(days=200)},
    ]


def _decisions() -> list[dict[str, Any]]:
    owners = ["TBD", " unassigned ", "", None]  # 4 decisions without an accountable owner
    rows = []
    for i in range(40):
        rows.append(dict(
            decision_id=f"D{i:03d}", decided_at=START + timedelta(hours=i),
            ai_system="ghost" if i >= 38 else "alpha",  # 2 decisions by a system not in the inventory
            decision_type="route", confidence=0.95, autonomy="human_approval",
            accountable_owner=owners[i] if i < 4 else "Ana Ruiz", outcome="correct", escalated=False,
            identity="svc-alpha", overridden=False,
        ))
    return rows


@pytest.fixture
def small_store(db_path: Path) -> Path:
    con = store.connect(db_path)
    load_rows(con, "ai_systems", _systems())
    load_rows(con, "ai_decisions", _decisions())
    con.close()
    return db_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _dimension(doc: dict[str, Any], dim_id: str) -> dict[str, Any]:
    return next(d for d in doc["dimensions"] if d["id"] == dim_id)


def _indicator(doc: dict[str, Any], ind_id: str) -> dict[str, Any]:
    return next(i for d in doc["dimensions"] for i in d["indicators"] if i["id"] == ind_id)


def test_score_json_on_a_hand_built_store(small_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--db", str(small_store), "score", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"overall", "dimensions", "model_version", "as_of"}
    assert set(doc["overall"]) == {
        "level", "index", "provisional", "fully_embedded", "indicators_assessed", "indicators_total",
        "dimensions_assessed", "dimensions_total", "coverage",
    }
    assert doc["model_version"] == "answerable-default-2.0"
    assert doc["as_of"] == AS_OF.isoformat()

    unowned = _indicator(doc, "unowned_decision_rate")
    # 4 of 40 decisions without an owner (TBD, " unassigned ", "", null) = 10%: L3 (5 < 10 <= 15)
    assert (unowned["numerator"], unowned["denominator"], unowned["value"]) == (4, 40, pytest.approx(10))
    assert unowned["level"] == 3
    assert unowned["score"] == pytest.approx(50)  # 60 - (10-5)/(15-5) x 20
    coverage = _indicator(doc, "ai_system_owner_coverage")
    assert coverage["value"] == pytest.approx(100) and coverage["level"] == 5 and coverage["score"] == 100
    assert _indicator(doc, "unowned_incident_rate")["status"] == "not_assessed"  # no incidents loaded

    ownership = _dimension(doc, "ownership")
    assert ownership["level"] == 3  # min(3, 5); the incident indicator is not assessed
    assert ownership["score"] == pytest.approx(75)  # (50 + 100) / 2
    assert ownership["next_level_gaps"] == [
        # <= 5% of 40 allows 2 unowned: 4 - 2 = 2 to fix
        "assign an accountable owner to 2 more AI decisions (unowned 10% → ≤ 5%)"
    ]

    shadow = _indicator(doc, "shadow_ai_rate")
    # 2 of 40 decisions by "ghost", absent from the inventory = 5%: L3 (inclusive edge), score 40
    assert shadow["value"] == pytest.approx(5)
    assert shadow["level"] == 3 and shadow["score"] == pytest.approx(40)
    review = _indicator(doc, "inventory_review_rate")
    # alpha reviewed 30 days before as-of, beta 200 days (> 180): 1 of 2 = 50%: L2, score 20
    assert review["value"] == pytest.approx(50)
    assert review["level"] == 2 and review["score"] == pytest.approx(20)
    inventory = _dimension(doc, "inventory")
    assert inventory["level"] == 2 and inventory["score"] == pytest.approx(30)  # (40 + 20) / 2
    # next level 3: review needs >= 80% of 2 = 1.6 -> 2 reviewed: 1 more; shadow is already L3
    assert inventory["next_level_gaps"] == ["review 1 more AI system in the inventory (reviewed 50% → ≥ 80%)"]

    assert _dimension(doc, "incident_learning")["level"] is None  # needs incidents
    assert _dimension(doc, "data_quality")["level"] is None
    assessed = [d for d in doc["dimensions"] if d["level"] is not None]
    o = doc["overall"]
    oks = sum(i["status"] == "ok" for d in doc["dimensions"] for i in d["indicators"])
    assert (o["indicators_assessed"], o["dimensions_assessed"]) == (oks, len(assessed))
    assert o["coverage"] == f"{oks} of {o['indicators_total']} indicators assessed"
    # provisional: fewer than 5 of 7 dimensions, or fewer than two thirds of the indicators
    assert o["provisional"] is (len(assessed) < 5 or 3 * oks < 2 * o["indicators_total"])
    levels = [d["level"] for d in assessed]
    assert doc["overall"]["level"] == min(sum(levels) // len(levels), min(levels) + 1)
    assert doc["overall"]["fully_embedded"] is False


def test_score_table(small_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--db", str(small_store), "score")
    assert code == 0
    assert "Maturity (model answerable-default-2.0" in out
    assert "Inventory & visibility" in out
    assert "next level: review 1 more AI system in the inventory (reviewed 50% → ≥ 80%)" in out
    assert "unowned_incident_rate" in out and "not assessed" in out


def test_user_model_overrides_bands_and_version(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "strict.toml"
    model.write_text(
        'version = "strict-1"\n[indicators.shadow_ai_rate]\nbands = [0, 1, 4, 10]\n', encoding="utf-8"
    )
    code, out, _ = _run(capsys, "--db", str(small_store), "score", "--model", str(model), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["model_version"] == "strict-1"
    shadow = _indicator(doc, "shadow_ai_rate")
    # 5% is beyond the new L3 edge (4) and within L2 (10): 40 - (5-4)/(10-4) x 20 = 36.67
    assert shadow["level"] == 2 and shadow["score"] == pytest.approx(40 - 20 / 6)


def test_errors_go_to_stderr(small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--db", str(small_store), "score", "--model", str(tmp_path / "no.toml"))
    assert code == 2 and out == ""
    assert "does not exist" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("[indicators.shadow_ai_rate]\nbands = [10, 5, 1, 0]\n", encoding="utf-8")
    code, _, err = _run(capsys, "--db", str(small_store), "score", "--model", str(bad))
    assert code == 2 and "indicators.shadow_ai_rate.bands" in err
    code, _, err = _run(capsys, "--db", str(small_store), "score", "--from", "2026-13-01")
    assert code == 2 and "--from" in err


def test_empty_store_says_what_to_load(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store.connect(db_path).close()
    code, out, _ = _run(capsys, "--db", str(db_path), "score")
    assert code == 0
    assert "Overall: not assessed" in out and "[provisional]" in out
    assert "Nothing could be assessed yet: load incidents" in out
    code, out, _ = _run(capsys, "--db", str(db_path), "score", "--json")
    doc = json.loads(out)
    assert doc["overall"] == {
        "level": None, "index": None, "provisional": True, "fully_embedded": False,
        "indicators_assessed": 0, "indicators_total": 25, "dimensions_assessed": 0, "dimensions_total": 7,
        "coverage": "0 of 25 indicators assessed",  # DESIGN §4: 23 + the two takeover indicators
    }
    assert doc["as_of"] is None


# --- the demo story (loaded through `answerable demo`) ------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    assert main(["--db", str(db), "demo"]) == 0
    return db


def test_demo_scorecard_is_full(demo_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code, out, _ = _run(capsys, "--db", str(demo_store), "score", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["overall"]["provisional"] is False
    assert all(d["level"] is not None for d in doc["dimensions"])  # all seven dimensions assessed
    assert _indicator(doc, "shadow_ai_rate")["value"] > 0  # one system in use but not in the inventory
    # the unannounced 02:00 IAM change caused incidents
    assert _indicator(doc, "unannounced_change_incident_rate")["value"] > 0


def test_demo_ownership_improves_after_month_six(demo_store: Path) -> None:
    con = duckdb.connect(str(demo_store), read_only=True)
    try:
        months = score_trend(con, Filters())
    finally:
        con.close()
    assert len(months) == 12
    unowned = [
        next(i.value for d in s.dimensions for i in d.indicators if i.id == "unowned_decision_rate")
        for _, s in months
    ]
    assert all(v is not None for v in unowned)
    first, second = unowned[:6], unowned[6:]
    assert max(second) < min(first)  # every month of the second half beats every month of the first


def test_a_provisional_result_headlines_no_level(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No incidents: 9 of the 25 indicators are assessed (fewer than two thirds), so the result is
    # provisional (DESIGN §5): the level appears only beside "not enough evidence for a level".
    code, out, _ = _run(capsys, "--db", str(small_store), "score")
    assert code == 0
    headline = next(line for line in out.splitlines() if line.startswith("Overall:"))
    assert headline.startswith("Overall: not enough evidence for a level (provisional, from what is "
                               "assessed: Level 3 – Defined, index ")
    code, _, err = _run(capsys, "--db", str(small_store), "report", "--format", "html",
                        "--out", str(tmp_path / "r.html"))
    assert code == 0
    assert "; not enough evidence for a level; provisional: Level 3 – Defined, index " in err
    assert "9 of 25 indicators assessed)" in err
