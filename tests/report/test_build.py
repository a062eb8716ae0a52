"""build_report on a small store with hand-computed figures: KPIs, risks, owners, inventory, determinism."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from answerable import maturity
from answerable.report import build_report, render_html, render_pdf
from answerable.results import Filters
from tests.conftest import load_rows
from tests.report.conftest import pdf_text, squash
from tests.report.fixtures import SYSTEMS, load_small_store


@pytest.fixture
def small(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    load_small_store(con)
    return con


def test_kpis_carry_hand_computed_values_and_targets(small: duckdb.DuckDBPyConnection) -> None:
    report = build_report(small, organisation="Acme")
    kpi = {k.id: k for k in report.indicators}
    unowned = kpi["unowned_decision_rate"]
    # 3 unowned ("TBD") of 40 decisions = 7.5%: above the L4 edge 5%, within the L3 edge 15% -> Level 3
    assert unowned.value_text == "7.5%"
    assert unowned.note == "3 of 40 AI decisions"
    assert unowned.level_text == "Level 3 – Defined"
    assert unowned.next_target_text == "≤ 5% (L4)" and unowned.l4_target_text == "≤ 5%"
    # 1 controlled identity (triage-ai) of 2 systems = 50% -> exactly the L2 edge (inclusive) -> Level 2
    assert kpi["access_control_coverage"].value_text == "50%"
    assert kpi["access_control_coverage"].level_text == "Level 2 – Developing"
    # 30 of 40 decisions ran as svc-ops, an uncontrolled identity = 75% > 25% (L2 edge) -> Level 1
    assert kpi["uncontrolled_identity_decision_rate"].value_text == "75%"
    assert kpi["uncontrolled_identity_decision_rate"].level_text == "Level 1 – Initial"


def test_top_risks_are_the_lowest_scores_with_their_owners(small: duckdb.DuckDBPyConnection) -> None:
    report = build_report(small)
    # Scores (piecewise linear, DESIGN §5): uncontrolled identities 75% -> 20 - 20 x (75-25)/(100-25) = 6.7;
    # privileged identities 1 of 2 = 50% -> 20 - 20 x (50-30)/(100-30) = 14.3; access control 50% -> 20.
    assert [r.title for r in report.risks] == [
        "Decisions under uncontrolled identities",
        "AI systems with privileged access",
        "AI systems with controlled identities",
    ]
    # ops-bot's 30 decisions are the uncontrolled ones; its business owner answers for them.
    assert report.risks[0].owners_text == "José Müller (ops-bot: 30 AI decisions)"
    assert report.risks[1].owners_text.startswith("José Müller (ops-bot: 1 ")
    assert "to reach Level 2" in report.risks[0].gap_text


def test_inventory_access_matches_the_indicator(small: duckdb.DuckDBPyConnection) -> None:
    report = build_report(small)
    rows = {i.system: i for i in report.inventory}
    assert rows["ops-bot"].access_status == "uncontrolled"
    assert "access scope broad" in rows["ops-bot"].access_reason
    assert rows["triage-ai"].access_status == "controlled"
    # as-of 2026-01-28 10:00 minus review 2026-01-20 00:00 = 8 days 10 hours -> "8 days ago"
    assert "access reviewed 8 days ago" in rows["triage-ai"].access_reason
    score = maturity.score(small)
    coverage = next(m for m in score.metrics if m.id == "access_control_coverage")
    controlled = sum(1 for i in report.inventory if i.access_status == "controlled" and i.status != "retired")
    assert controlled == coverage.numerator == 1


def test_not_assessed_indicators_are_named_with_a_reason(small: duckdb.DuckDBPyConnection) -> None:
    report = build_report(small)
    titles = {n.title: n.reason for n in report.not_assessed}
    # no incidents are loaded: the incident indicators are not assessed, and say why
    assert "Unowned resolved incidents" in titles
    assert "incidents" in titles["Unowned resolved incidents"]
    assert any("could not be assessed" in p for p in report.summary)


def test_generated_at_is_the_wall_clock_or_source_date_epoch(
    small: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)
    report = build_report(small)
    after = datetime.now(UTC).replace(tzinfo=None)
    made = datetime.strptime(report.generated_at, "%Y-%m-%d %H:%M UTC")
    assert before <= made <= after  # the real generation time (DESIGN §7, second edition) ...
    assert report.as_of == "2026-01-28 10:00 UTC"  # ... beside the data's own date (the latest decided_at)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # (56 x 365 + 14 leap days) x 86400 = 2026-01-01
    assert build_report(small).generated_at == "2026-01-01 00:00 UTC"
    given = datetime(2026, 2, 3, 4, 5)
    assert build_report(small, generated_at=given).generated_at == "2026-02-03 04:05 UTC"


def test_organisation_from_environment(
    small: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANSWERABLE_ORG", "Société Générale d'Exemple")
    assert build_report(small).organisation == "Société Générale d'Exemple"
    monkeypatch.delenv("ANSWERABLE_ORG")
    assert build_report(small).organisation == "Your organisation"


def test_previous_period_of_equal_length(small: duckdb.DuckDBPyConnection) -> None:
    f = Filters(date_from=date(2026, 1, 15), date_to=date(2026, 1, 29))  # 14 days
    report = build_report(small, f)
    assert report.period_text == "15 Jan 2026 – 28 Jan 2026"
    # previous: 1 Jan – 14 Jan 2026 (14 days, `to` exclusive shown as the day before)
    assert "1 Jan 2026 – 14 Jan 2026" in report.overall.change_text


def test_same_inputs_give_identical_outputs(
    small: duckdb.DuckDBPyConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # a reproducible build pins the generation time
    a, b = build_report(small), build_report(small)
    assert a == b
    assert render_html(a) == render_html(b)
    pdf_a, pdf_b = render_pdf(a), render_pdf(b)
    assert pdf_text(pdf_a, tmp_path) == pdf_text(pdf_b, tmp_path)
    assert pdf_a == pdf_b  # creation date pinned to generated_at: byte-identical too


def test_pdf_and_html_carry_the_figures(small: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    report = build_report(small, organisation="José Müller — €")
    flat = squash(pdf_text(render_pdf(report), tmp_path))
    html = render_html(report)
    assert "José Müller — €" in flat
    for needle in (report.overall.level_text, report.overall.index_text, "3 of 40 AI decisions"):
        assert needle in flat and needle in html
    for d in report.dimensions:
        assert d.title in flat
    for b in report.lineage:
        assert b.sha256 in flat and b.sha256 in html


def test_previous_period_of_whole_months_is_whole_months(small: duckdb.DuckDBPyConnection) -> None:
    report = build_report(small, Filters(date_from=date(2026, 1, 1), date_to=date(2026, 2, 1)))
    # one calendar month (January) -> the previous one is December 2025, not "31 days before"
    assert "(1 Dec 2025 – 31 Dec 2025" in report.overall.change_text


def test_shadow_ai_systems_are_named_and_listed(small: duckdb.DuckDBPyConnection) -> None:
    ghost = [
        dict(
            decision_id=f"G{i}",
            decided_at=datetime(2026, 1, 5, 9, 0),
            ai_system="ghost-bot",
            decision_type="route",
            accountable_owner="Lee Park",
            identity="svc-ghost",
        )
        for i in range(5)
    ]
    load_rows(small, "ai_decisions", ghost, file_name="ghost.csv")
    report = build_report(small)
    rows = {i.system: i for i in report.inventory}
    assert rows["ghost-bot"].status == "not in inventory"
    assert rows["ghost-bot"].access_status == "uncontrolled"
    # 5 of 45 decisions come from a system missing from the inventory
    assert report.inventory_note.startswith("5 AI decisions in the period were made by systems missing")
    assert report.inventory_note.endswith("(shadow AI): ghost-bot (5).")


def test_inventory_only_store_has_no_as_of_date(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    load_rows(con, "ai_systems", SYSTEMS)  # no opened_at / decided_at: no as-of date from the data
    report = build_report(con)
    assert report.as_of == "—"  # no opened_at / decided_at: the data has no as-of date
    assert report.generated_at.endswith(" UTC")  # the wall clock
    assert report.inventory_note.startswith("AI systems in use but missing from the inventory could not")
