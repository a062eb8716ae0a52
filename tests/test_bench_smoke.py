"""The benchmark runs end to end at 10k rows and writes well-formed results (no timing asserts)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"

pytestmark = pytest.mark.xdist_group("bench")


def _positive(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and x > 0


def test_generator_writes_a_servicenow_style_event_log(tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), "incidents", "1000", str(out)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    with out.open(newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    assert len(header) == 36 and header[:3] == ["number", "incident_state", "active"]
    assert len(data) == 1000  # exactly the rows asked for
    numbers = [r[0] for r in data]
    # the generator reports the distinct incidents it wrote; the file must agree
    assert f"1000 rows, {len(set(numbers))} incidents" in proc.stdout
    assert len(set(numbers)) < len(numbers)  # an event log: several rows per incident
    col = {name: i for i, name in enumerate(header)}
    day_first = re.compile(r"^\d{1,2}/\d{1,2}/\d{4} \d{2}:\d{2}$")
    assert all(day_first.match(r[col["opened_at"]]) for r in data)
    assert any(r[col["assigned_to"]] == "?" for r in data)  # ServiceNow's null token
    assert {r[col["priority"]] for r in data} <= {"1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}
    # versions of one incident appear in ascending sys_mod_count order, starting at 0
    first = [int(r[col["sys_mod_count"]]) for r in data if r[0] == numbers[0]]
    assert first == list(range(len(first)))


def test_quick_benchmark_writes_well_formed_results(tmp_path: Path) -> None:
    docs = tmp_path / "performance.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--out", str(tmp_path / "results"),
         "--work", str(tmp_path / "work"), "--docs", str(docs)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads((tmp_path / "results" / "bench-quick.json").read_text())

    assert res["kind"] == "quick" and res["schema"] == 1
    m = res["machine"]
    assert _positive(m["nproc"]) and _positive(m["ram_gb"]) and m["cpu_model"]
    assert m["python"] and m["duckdb"]

    datasets = [(e["dataset"], e["rows"]) for e in res["ingest"]]
    assert datasets == [("incidents", 10_000), ("ai_decisions", 10_000)]
    for e in res["ingest"]:
        assert e["errors"] == []
        for key in ("ctas_seconds", "ingest_seconds", "ratio_ingest_over_ctas", "ingest_peak_rss_mb",
                    "ctas_peak_rss_mb", "pandas_seconds", "pandas_peak_rss_mb", "file_bytes"):
            assert _positive(e[key]), key
        rep = e["ingest_report"]
        assert rep["rows_read"] == 10_000  # every generated row reached the pipeline
        assert rep["records"] == e["expected_records"]  # the collapse found every incident, once

    assert [e["size"] for e in res["registry"]] == ["10k", "50k"]
    for e in res["registry"]:
        assert e["errors"] == []
        for key in ("score_seconds", "compute_seconds", "score_cold_seconds", "metrics",
                    "registry_peak_rss_mb", "pandas_headline_seconds", "pandas_load_seconds"):
            assert _positive(e[key]), key
        assert e["incidents"] == e["ai_decisions"] == {"10k": 10_000, "50k": 50_000}[e["size"]]
        # the headline metrics re-implemented in plain pandas give the registry's numbers
        assert len(e["pandas_agrees"]) == 7
        assert all(v["match"] for v in e["pandas_agrees"].values()), e["pandas_agrees"]

    page = res["page"]
    assert page["errors"] == []
    for key in ("first_run_seconds", "run_seconds", "cached_run_seconds", "payload_bytes", "elements"):
        assert _positive(page[key]), key

    who = res["who"]
    assert who["errors"] == []
    for key in ("chain_seconds", "chain_worst_id_seconds", "chain_cold_seconds", "unanswered_seconds",
                "page_run_seconds", "page_cached_run_seconds", "page_payload_bytes"):
        assert _positive(who[key]), key
    assert len(who["chain_per_id"]) == 7  # 4 decisions, 2 incidents, 1 change
    assert isinstance(who["unanswered_total"], int)

    ids = [t["id"] for t in res["targets"]]
    assert ids == ["ingest_ratio", "ingest_peak_rss", "registry_warm", "registry_scaling", "page_run",
                   "page_payload", "who_chain", "who_page"]
    for t in res["targets"]:
        assert _positive(t["value"]) and isinstance(t["met"], bool) and t["target"], t

    text = docs.read_text()
    assert "| target | measured | goal | met |" in text
    assert text.count("<!-- bench:begin") == 1 and "<!-- bench:end -->" in text
