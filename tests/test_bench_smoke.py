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
         "--work", str(tmp_path / "work"), "--docs", str(docs), "--parts", "ingest,registry,page,who"],
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


def test_quick_shapes_run_writes_their_own_results_and_table(tmp_path: Path) -> None:
    """`--parts shapes` alone: its own JSON, and only the shapes block of the doc (the rest kept)."""
    docs = tmp_path / "performance.md"
    docs.write_text("# Performance\n\n<!-- bench:begin (generated by benchmarks/run.py from benchmarks/"
                    "results/bench.json) -->\nthe main results\n<!-- bench:end -->\n\nprose kept\n")
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--parts", "shapes",
         "--shapes", "sn16_dmy,c12_ts7_iso",
         "--out", str(tmp_path / "results"), "--work", str(tmp_path / "work"), "--docs", str(docs)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not (tmp_path / "results" / "bench-quick.json").exists()
    res = json.loads((tmp_path / "results" / "bench-shapes-quick.json").read_text())
    assert [e["shape"] for e in res["shapes"]] == ["sn16_dmy", "c12_ts7_iso"]
    for e in res["shapes"]:
        assert e["errors"] == [] and e["rows"] == 2_000
        assert e["ingest_report"]["rows_rejected"] == 0  # every generated row parses
        assert e["ingest_report"]["records"] == e["expected_records"]  # the collapse found each incident
        for key in ("ctas_seconds", "ingest_seconds", "ratio_ingest_over_ctas", "ingest_peak_rss_mb"):
            assert _positive(e[key]), key
    described = {(e["columns"], e["ts_columns"], e["dates"]) for e in res["shapes"]}
    assert described == {(16, 4, "dmy"), (12, 7, "iso")}
    shape_targets = [t for t in res["targets"] if t["id"].startswith("shape_ratio_")]
    assert [t["id"] for t in shape_targets] == ["shape_ratio_sn16_dmy", "shape_ratio_c12_ts7_iso"]
    assert all(isinstance(t["met"], bool) for t in shape_targets)
    text = docs.read_text()
    assert "the main results" in text and "prose kept" in text  # the main block is not touched
    assert text.count("<!-- bench-shapes:begin") == 1
    assert "| `sn16_dmy` |" in text and "| `c12_ts7_iso` |" in text


def test_every_shape_is_written_as_described(tmp_path: Path) -> None:
    """Each shape's file: its columns, its date writing and its timestamp columns, at 300 rows."""
    sys.path.insert(0, str(BENCH))
    try:
        import duckdb
        import shapes
    finally:
        sys.path.remove(str(BENCH))
    con = duckdb.connect()
    unpadded = r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}$"
    date_re = {"dmy": unpadded, "mdy": unpadded, "iso": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"}
    for shape in shapes.SHAPES:
        out = tmp_path / f"{shape.name}.csv"
        incidents = shapes.write_shape(con, out, 300, shape)
        with out.open(newline="") as f:
            rows = list(csv.reader(f))
        header, data = rows[0], rows[1:]
        assert tuple(header) == shape.headers and len(data) == 300
        assert incidents == len({r[0] for r in data})
        ts = [i for i, h in enumerate(header) if h.endswith("_at")]
        mapped_ts = [h for h in header if h.endswith("_at") and h != "sys_created_at"]
        assert len(mapped_ts) == shape.ts_columns, shape.name
        values = [r[i] for r in data for i in ts if r[i] not in ("", "?")]
        assert values and all(re.match(date_re[shape.dates], v) for v in values), shape.name
        if shape.dates != "iso":  # unpadded: some day, month or hour written with one digit
            assert any(re.match(r"^\d/|^\d{1,2}/\d/|.* \d:", v) for v in values), shape.name
