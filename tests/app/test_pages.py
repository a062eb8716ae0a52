"""AppTest of every page: empty store (guidance), demo store (figures equal the core's and the CLI's),
and filters that change the figures."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from answerable import maturity, metrics, store
from answerable.present import MISSING, format_value, level_text, ratio_text
from answerable.results import Filters
from tests.app.conftest import run_page, texts

DASHBOARDS = [
    "1_Overview.py",
    "2_Ownership_and_decision_rights.py",
    "3_Escalation.py",
    "4_Access_control.py",
    "5_Data_quality.py",
    "6_Incident_learning.py",
    "7_Maturity.py",
]
ALL_PAGES = [*DASHBOARDS, "8_Data.py"]


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_pages_on_an_empty_store_say_what_to_upload(empty_db: Path, name: str) -> None:
    at = run_page(name)
    text = texts(at)
    assert "No data loaded yet" in text
    assert "incident export (incidents)" in text and "AI decision log (ai_decisions)" in text
    assert "Loaded: nothing yet" in text  # the sidebar's data-status line


def test_data_page_on_an_empty_store_offers_upload_templates_and_demo(empty_db: Path) -> None:
    at = run_page("8_Data.py")
    assert len(at.get("file_uploader")) == 1
    assert "No batch loaded yet" in texts(at)
    assert {"Load the demo data", "Clear the store"} <= {b.label for b in at.button}
    assert len(at.get("download_button")) == 6  # one CSV template per dataset kind


@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_renders_on_demo_data_with_the_demo_banner(demo_db: Path, name: str) -> None:
    at = run_page(name)
    text = texts(at)
    assert "Demo data: these figures describe a fictional organisation" in text
    assert "Source: DEMO data" in text


def _metric(at: object, label: str) -> list[str]:
    return [str(m.value) for m in at.metric if m.label == label]  # type: ignore[attr-defined]


def test_overview_shows_the_cores_level_and_index(demo_db: Path) -> None:
    con = store.connect(demo_db)
    expected = maturity.score(con, Filters())
    con.close()
    at = run_page("1_Overview.py")
    assert _metric(at, "Overall maturity") == [level_text(expected.overall.level)]
    assert expected.overall.index is not None
    assert _metric(at, "Governance index") == [f"{expected.overall.index:.0f} / 100"]
    assert _metric(at, "Dimensions assessed") == ["7 of 7"]
    assert "Top risks and who answers for them" in texts(at)
    rated = [m for m in expected.metrics if m.status == "ok" and m.score is not None]
    worst = min(rated, key=lambda m: m.score or 0.0)
    assert worst.score is not None and worst.score < 60
    # the top risks are wrapped text rows (a table cut the names): the worst indicator heads them
    assert metrics.REGISTRY[worst.id].title in texts(at)


def _cli_metrics(db: Path, *args: str) -> dict[str, dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "answerable", "--db", str(db), "metrics", "--json", *args],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return {m["id"]: m for m in json.loads(proc.stdout)}


@pytest.mark.parametrize(
    ("name", "dimensions"),
    [
        ("2_Ownership_and_decision_rights.py", ["ownership", "decision_rights", "inventory"]),
        ("3_Escalation.py", ["escalation"]),
        ("4_Access_control.py", ["access_control"]),
        ("5_Data_quality.py", ["data_quality"]),
        ("6_Incident_learning.py", ["incident_learning"]),
    ],
)
def test_dimension_pages_show_the_same_values_as_the_cli(
    demo_db: Path, name: str, dimensions: list[str]
) -> None:
    members = {d.id: d.indicators for d in maturity.load_model().dimensions}
    ids = [i for d in dimensions for i in members[d]]  # the model's membership, from the indicator files
    cli = _cli_metrics(demo_db)  # before the app opens the store (one writer process at a time)
    at = run_page(name)
    shown_values = _metric(at, "Value")
    shown_ratios = _metric(at, "Numerator / denominator")
    assert len(shown_values) == len(ids)
    for ind_id, value, ratio in zip(ids, shown_values, shown_ratios, strict=True):
        m = cli[ind_id]
        assert value == format_value(m["value"], str(m["unit"])), ind_id  # type: ignore[arg-type]
        assert ratio == ratio_text(m["numerator"], m["denominator"]), ind_id  # type: ignore[arg-type]


def test_maturity_scorecard_lists_every_indicator_with_the_cores_levels(demo_db: Path) -> None:
    con = store.connect(demo_db)
    expected = maturity.score(con, Filters())
    con.close()
    at = run_page("7_Maturity.py")
    card = at.dataframe[0].value
    assert len(card) == len(metrics.ACCOUNTABILITY_IDS) >= 23
    by_title = {metrics.REGISTRY[m.id].title: m for m in expected.metrics}
    for _, row in card.iterrows():
        m = by_title[row["Indicator"]]
        assert row["Indicator level"] == (level_text(m.level) if m.status == "ok" else MISSING)
        assert row["Value"] == format_value(m.value, m.unit)
    gaps = at.dataframe[1].value
    assert list(gaps.columns) == ["Dimension", "Now", "Next", "What it takes"]
    assert len(gaps) == sum(len(d.next_level_gaps) for d in expected.dimensions)


def test_app_router_runs_the_overview_by_default(demo_db: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import ROOT, TIMEOUT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "AI governance overview" in texts(at)


def test_an_invalid_model_file_is_refused_with_a_clear_error(demo_db: Path) -> None:
    at = run_page("7_Maturity.py")
    uploader = at.get("file_uploader")[0]
    bad = b"[indicators.unowned_decision_rate]\nbands = [30, 15]\n"  # two numbers, not four
    uploader.set_value(("mine.toml", bad, "application/toml"))
    at.run()
    assert not at.exception
    text = texts(at)
    assert "This model file was not used; nothing changed." in text
    assert any(t.value.startswith("mine.toml: ") for t in at.text)
    assert "bands" in text  # the validator's message names the key
    assert "Built-in (default_model.toml)" in text


def test_a_valid_model_file_is_used_for_the_session(demo_db: Path) -> None:
    at = run_page("7_Maturity.py")
    strict = b'version = "strict-1"\n[indicators.unowned_decision_rate]\nbands = [0.1, 0.2, 0.3, 0.4]\n'
    at.get("file_uploader")[0].set_value(("strict.toml", strict, "application/toml"))
    at.run()
    assert not at.exception
    text = texts(at)
    assert "Uploaded for this session: strict.toml" in text
    assert "strict-1" in text


def test_overview_follows_the_filters_and_compares_with_the_previous_period(demo_db: Path) -> None:
    from datetime import date

    period = Filters(date_from=date(2026, 5, 1), date_to=date(2026, 6, 1), ai_system="triage-assistant")
    previous = Filters(date_from=date(2026, 4, 1), date_to=date(2026, 5, 1), ai_system="triage-assistant")
    con = store.connect(demo_db)
    everything, scoped, before = (maturity.score(con, f) for f in (Filters(), period, previous))
    con.close()
    assert scoped.overall.index is not None and before.overall.index is not None
    assert everything.overall.index is not None
    at = run_page("1_Overview.py")
    at.selectbox(key="flt_ai_system").set_value("triage-assistant")
    at.date_input(key="flt_from").set_value(date(2026, 5, 1))
    at.date_input(key="flt_to").set_value(date(2026, 6, 1)).run()
    assert not at.exception
    [index] = [m for m in at.metric if m.label == "Governance index"]
    assert index.value == f"{scoped.overall.index:.0f} / 100"
    assert f"{everything.overall.index:.0f} / 100" != index.value  # the filters changed the figure
    # May, a whole calendar month, is compared with the whole month before it, April (maturity.compare:
    # the report's rule too), not with the 31 days before 1 May
    assert index.delta == f"{scoped.overall.index - before.overall.index:+.1f} pts"
    assert "Change in the index vs the previous period (1 Apr 2026 – 30 Apr 2026)." in texts(at)


@pytest.fixture
def incidents_only_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from datetime import datetime

    from tests.app.conftest import _clear_caches
    from tests.conftest import load_rows

    path = tmp_path / "incidents.duckdb"
    con = store.connect(path)
    load_rows(con, "incidents", [
        {"incident_id": f"INC-{i}", "opened_at": datetime(2026, 1 + i % 3, 1 + i % 28, 9),
         "resolved_at": datetime(2026, 1 + i % 3, 1 + i % 28, 17), "assigned_to": "Ana" if i % 4 else "",
         "assignment_group": "Network" if i % 2 else "Service Desk", "category": "network", "priority": 3}
        for i in range(40)
    ])
    con.close()
    monkeypatch.setenv("ANSWERABLE_DB", str(path))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path))
    _clear_caches()
    yield path
    _clear_caches()


@pytest.mark.parametrize("name", ALL_PAGES)
def test_pages_with_incidents_only_render_and_say_what_is_missing(incidents_only_db: Path, name: str) -> None:
    at = run_page(name)
    text = texts(at)
    assert "Not loaded: AI decisions, AI systems (inventory)" in text
    if name == "1_Overview.py":  # no AI evidence: no level headlined (DESIGN §5), what to load instead
        assert "Not enough evidence for a level" in text
        assert "an AI decision log (ai_decisions)" in text
        assert not _metric(at, "Overall maturity")
        # Ownership: 1 of its 3 indicators (unowned incidents 25.0% -> Level 2) is under half assessed
        assert "Level 2 – Developing (provisional)" in text and "1 of 3 indicators assessed" in text
    if name == "2_Ownership_and_decision_rights.py":
        # unowned resolved incidents: every 4th of 40 has an empty assigned_to = 10 of 40 = 25.0%
        assert "25%" in [m.value for m in at.metric if m.label == "Value"]
        assert "Load an AI decision log (ai_decisions) to assess this." in text
