"""docs/metrics.md is generated from the registry; the `answerable metrics` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from answerable.cli import main
from answerable.metrics import REGISTRY
from answerable.metrics.docs import DOC_PATH, render
from tests.metrics.helpers import decision, load


def test_docs_metrics_md_is_current():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: python -m answerable.metrics.docs"


def test_every_indicator_is_documented_with_its_sql():
    text = render()
    for ind in REGISTRY.values():
        assert f"### {ind.id}\n" in text and ind.sql.strip() in text


@pytest.fixture
def store_file(con, db_path: Path) -> Path:
    load(con, "ai_decisions", [decision(i, accountable_owner="TBD" if i < 3 else "al") for i in range(40)])
    con.close()
    return db_path


def test_cli_metrics_json(store_file: Path, capsys):
    assert main(["--db", str(store_file), "metrics", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["id"] for o in out] == list(REGISTRY)
    first = out[0]
    assert set(first) >= {"id", "title", "status", "value", "numerator", "denominator", "level", "score",
                          "unit", "reason"}
    # 3 unowned of 40 = 7.5%, level 3 in the built-in bands (5% < 7.5% <= 15%)
    assert (first["id"], first["status"], first["value"], first["numerator"], first["denominator"]) == (
        "unowned_decision_rate", "ok", 7.5, 3, 40)
    assert first["level"] == 3 and first["unit"] == "%"


def test_cli_metrics_table_and_filters(store_file: Path, capsys):
    assert main(["--db", str(store_file), "metrics", "--ai-system", "nobody"]) == 0
    out = capsys.readouterr().out
    assert "unowned_decision_rate" in out and "not_assessed" in out
    assert "No AI decisions in the selected data and filters." in out


def test_cli_metrics_bad_date(store_file: Path, capsys):
    assert main(["--db", str(store_file), "metrics", "--from", "March"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
