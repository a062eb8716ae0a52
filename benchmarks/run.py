"""The performance benchmark (DESIGN §10): `make bench`, or `python benchmarks/run.py [--quick]`.

In ONE run on this machine, each measurement in a fresh subprocess (benchmarks/worker.py):
1. ingest of a ServiceNow-style incident event log (and an AI decision log) vs a bare DuckDB
   `CREATE TABLE AS SELECT * FROM read_csv(...)` of the same file: times and their ratio;
2. peak RSS of the ingest process vs `pandas.read_csv` of the same file;
3. the whole metric registry + maturity score, warm, at N and 5N incidents + decisions, and the
   same headline metrics in plain pandas;
4. the Overview page under Streamlit's AppTest: script run time and bytes sent to the browser;
5. ingest vs bare CTAS on other file shapes (benchmarks/shapes.py: narrow and wide, padded and
   unpadded dates, few and many timestamp columns), 1M rows each (`--parts shapes` runs them alone).
Results go to RESULTS/bench[-quick].json and, for the full run, tables in docs/performance.md.
Only ratios measured in the same run count: the machine is shared and absolute times are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import generate
import psutil
import report_md
import shapes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKER = HERE / "worker.py"
OVERVIEW = ROOT / "pages" / "1_Overview.py"
WHO_PAGE = ROOT / "pages" / "10_Who_answers.py"
SERVICENOW_ZIP = ROOT.parent / "shared" / "data" / "servicenow_incident_event_log.zip"
SIZES = {"2k": 2_000, "10k": 10_000, "50k": 50_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
MB = 2**20


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import pandas
    import streamlit

    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "streamlit": streamlit.__version__,
        "platform": platform.platform(),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def run_worker(*args: str, timeout: float = 900) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its JSON line, plus the process's wall time."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(WORKER), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        check=False,
    )
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-2:]
        print(f"  ! {args[0]} failed: {' | '.join(tail)}", flush=True)
        return {"error": " | ".join(tail), "process_seconds": wall}
    out: dict[str, Any] = json.loads(lines[-1])
    out["process_seconds"] = wall
    return out


def _fresh(path: Path) -> str:
    for p in (path, path.with_suffix(path.suffix + ".wal")):
        if p.exists():
            p.unlink()
    return str(path)


def _best(runs: list[dict[str, Any]], key: str = "seconds") -> float | None:
    vals = [r[key] for r in runs if key in r]
    return min(vals) if vals else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def compare_ingest(
    size: str, dataset: str, csv: Path, records: int, work: Path, reps: int, *, with_pandas: bool
) -> dict[str, Any]:
    """Ingest vs bare CTAS of one file, interleaved so both see the same machine load; pandas too."""
    ctas_runs, ingest_runs = [], []
    for _ in range(reps):
        ctas_runs.append(run_worker("ctas", str(csv), _fresh(work / "ctas.duckdb")))
        ingest_runs.append(run_worker("ingest", str(csv), _fresh(work / "ingest.duckdb")))
    report = next((r["report"] for r in ingest_runs if "report" in r), None) or {}
    fastest = min((r for r in ingest_runs if "seconds" in r), key=lambda r: r["seconds"], default={})
    entry: dict[str, Any] = {
        "size": size, "dataset": dataset, "rows": report.get("rows_read"), "expected_records": records,
        "file_bytes": csv.stat().st_size, "reps": reps,
        "ctas_seconds": _best(ctas_runs), "ingest_seconds": _best(ingest_runs),
        "ctas_runs": [r.get("seconds") for r in ctas_runs],
        "ingest_runs": [r.get("seconds") for r in ingest_runs],
        "ctas_peak_rss_mb": _best(ctas_runs, "peak_rss_mb"),
        "ingest_peak_rss_mb": _best(ingest_runs, "peak_rss_mb"),
        "ingest_report": report,
        "ingest_steps_seconds": fastest.get("steps_seconds"),
        "errors": [r["error"] for r in ctas_runs + ingest_runs if "error" in r],
    }
    entry["ratio_ingest_over_ctas"] = _ratio(entry["ingest_seconds"], entry["ctas_seconds"])
    if with_pandas:
        pr = run_worker("pandas_read", str(csv))
        entry.update(pandas_seconds=pr.get("seconds"), pandas_peak_rss_mb=pr.get("peak_rss_mb"))
        entry["ratio_pandas_rss_over_ingest_rss"] = _ratio(pr.get("peak_rss_mb"), entry["ingest_peak_rss_mb"])
        if "error" in pr:
            entry["errors"].append(pr["error"])
    print(f"[ingest {size}] {dataset}: ingest {entry['ingest_seconds']} s, ctas {entry['ctas_seconds']} s, "
          f"ratio {entry['ratio_ingest_over_ctas']}, ingest peak {entry['ingest_peak_rss_mb']} MB, "
          f"pandas peak {entry.get('pandas_peak_rss_mb')} MB", flush=True)
    return entry


def bench_real_servicenow(work: Path, reps: int) -> list[dict[str, Any]]:
    """The real ServiceNow event log (../shared/data), when present: ingest vs CTAS on real data."""
    if not SERVICENOW_ZIP.exists():
        print(f"[ingest real] {SERVICENOW_ZIP} not present: skipped", flush=True)
        return []
    csv = work / "servicenow_real.csv"
    with zipfile.ZipFile(SERVICENOW_ZIP) as z, z.open(z.namelist()[0]) as src, csv.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    entry = compare_ingest("real", "incidents (real ServiceNow)", csv, 24_918, work, reps, with_pandas=True)
    csv.unlink()
    return [entry]


def bench_ingest(
    label: str, rows: int, work: Path, reps: int, *, with_pandas: bool, with_decisions: bool
) -> list[dict[str, Any]]:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    inc_csv, dec_csv = work / f"incidents_{label}.csv", work / f"decisions_{label}.csv"
    t0 = time.perf_counter()
    incidents = generate.write_incident_event_log(con, inc_csv, rows)
    inputs = [("incidents", inc_csv, incidents)]
    if with_decisions:
        generate.write_decision_log(con, dec_csv, rows, incidents)
        inputs.append(("ai_decisions", dec_csv, rows))
    gen_seconds = time.perf_counter() - t0
    con.close()
    print(f"[ingest {label}] generated {rows:,} event rows ({incidents:,} incidents)"
          f"{f' + {rows:,} decisions' if with_decisions else ''} in {gen_seconds:.1f}s", flush=True)
    out = [compare_ingest(label, dataset, csv, records, work, reps, with_pandas=with_pandas)
           for dataset, csv, records in inputs]
    for _, csv, _ in inputs:
        csv.unlink()
    return out


def bench_shapes(label: str, rows: int, work: Path, reps: int, names: list[str]) -> list[dict[str, Any]]:
    """Ingest vs bare CTAS for each file shape of `shapes.SHAPES` (issue 16 D), generated then measured
    one at a time, each measurement in its own process like the main ingest benchmark."""
    out = []
    for shape in (shapes.BY_NAME[n] for n in names):
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        csv = work / f"shape_{shape.name}_{label}.csv"
        t0 = time.perf_counter()
        incidents = shapes.write_shape(con, csv, rows, shape)
        con.close()
        print(f"[shape {shape.name} {label}] generated {rows:,} rows ({incidents:,} incidents) in "
              f"{time.perf_counter() - t0:.1f}s", flush=True)
        entry = compare_ingest(label, f"incidents: {shape.name}", csv, incidents, work, reps,
                               with_pandas=False)
        entry.update(shape=shape.name, what=shape.what, columns=len(shape.headers),
                     ts_columns=shape.ts_columns, dates=shape.dates,
                     date_example=shapes.DATE_EXAMPLES[shape.dates],
                     profile=(entry["ingest_report"] or {}).get("profile"))
        out.append(entry)
        csv.unlink()
    return out


def _agreement(registry: dict[str, Any], pandas: dict[str, Any]) -> dict[str, Any]:
    """The headline metrics computed both ways: an independent check of the registry's numbers."""
    out = {}
    for mid, pv in pandas.items():
        rv = registry.get(mid)
        same = rv is not None and pv is not None and abs(rv - pv) <= 1e-6 * max(1.0, abs(pv))
        out[mid] = {"registry": rv, "pandas": pv, "match": same}
    return out


def bench_registry(label: str, n: int, work: Path, reps: int) -> dict[str, Any]:
    db = work / f"metrics_{label}.duckdb"
    t0 = time.perf_counter()
    counts = generate.build_metric_store(db, n, n)
    build = time.perf_counter() - t0
    print(f"[registry {label}] built store {counts} in {build:.1f}s", flush=True)
    reg = run_worker("registry", str(db), str(reps))
    pdm = run_worker("pandas_metrics", str(db), str(reps))
    entry = {
        "size": label, "incidents": counts["incidents"], "ai_decisions": counts["ai_decisions"],
        "store_build_seconds": build, "reps": reps,
        "score_seconds": reg.get("score_seconds"), "score_cold_seconds": reg.get("score_cold_seconds"),
        "score_warm_runs": reg.get("score_warm_seconds"), "compute_seconds": reg.get("compute_seconds"),
        "session_build_seconds": reg.get("session_build_seconds"),
        "indicator_queries_seconds": reg.get("indicator_queries_seconds"),
        "load_1m_at_start": reg.get("load_1m_at_start"),
        "metrics": reg.get("metrics"), "statuses": reg.get("statuses"),
        "overall_level": reg.get("overall_level"), "overall_index": reg.get("overall_index"),
        "registry_peak_rss_mb": reg.get("peak_rss_mb"),
        "pandas_headline_seconds": pdm.get("seconds"), "pandas_load_seconds": pdm.get("load_seconds"),
        "pandas_peak_rss_mb": pdm.get("peak_rss_mb"), "pandas_values": pdm.get("values"),
        "errors": [r["error"] for r in (reg, pdm) if "error" in r],
        "pandas_agrees": _agreement(reg.get("values") or {}, pdm.get("values") or {}),
    }
    print(f"[registry {label}] score {entry['score_seconds']} s (compute {entry['compute_seconds']} s), "
          f"pandas headline {entry['pandas_headline_seconds']} s + load {entry['pandas_load_seconds']} s",
          flush=True)
    return entry


def bench_page(label: str, work: Path, reps: int) -> dict[str, Any]:
    db = work / f"metrics_{label}.duckdb"
    if not OVERVIEW.exists():
        return {"size": label, "errors": [f"{OVERVIEW.relative_to(ROOT)} does not exist yet"]}
    res = run_worker("page", str(db), str(OVERVIEW), str(reps))
    entry = {
        "size": label, "page": str(OVERVIEW.relative_to(ROOT)), "reps": reps,
        "first_run_seconds": res.get("first_run_seconds"), "run_seconds": res.get("seconds"),
        "uncached_runs": res.get("uncached_runs"), "cached_run_seconds": res.get("cached_seconds"),
        "payload_bytes": res.get("payload_bytes"), "payload_bytes_per_run": res.get("payload_bytes_per_run"),
        "elements": res.get("elements"), "peak_rss_mb": res.get("peak_rss_mb"),
        "metric_sessions_per_run": res.get("uncached_run_metric_sessions"),
        "session_build_seconds_per_run": res.get("uncached_run_session_build_seconds"),
        "errors": [res["error"]] if "error" in res else [],
    }
    print(f"[page {label}] run {entry['run_seconds']} s (first {entry['first_run_seconds']} s), "
          f"payload {entry['payload_bytes']} bytes", flush=True)
    return entry


def bench_who(label: str, work: Path, reps: int) -> dict[str, Any]:
    """`who ID` warm for decision, incident and change ids, and the Who answers page's first screen."""
    db = work / f"metrics_{label}.duckdb"
    core = run_worker("who", str(db), str(reps))
    page = run_worker("page", str(db), str(WHO_PAGE), "2")
    entry = {
        "size": label, "reps": reps,
        **{k: core.get(k) for k in ("chain_seconds", "chain_worst_id_seconds", "chain_cold_seconds",
                                    "chain_per_id", "unanswered_seconds", "unanswered_total")},
        "page_run_seconds": page.get("seconds"), "page_first_run_seconds": page.get("first_run_seconds"),
        "page_cached_run_seconds": page.get("cached_seconds"),
        "page_payload_bytes": page.get("payload_bytes"),
        "load_1m_at_start": core.get("load_1m_at_start"),
        "errors": [r["error"] for r in (core, page) if "error" in r],
    }
    print(f"[who {label}] chain {entry['chain_seconds']} s (worst id {entry['chain_worst_id_seconds']} s), "
          f"unanswered {entry['unanswered_seconds']} s, page {entry['page_run_seconds']} s", flush=True)
    return entry


def _target(tid: str, what: str, value: float | None, op: str, limit: float, unit: str) -> dict[str, Any]:
    met = None if value is None else (value <= limit if op == "<=" else value < limit)
    shown = f"{int(limit):,}" if float(limit).is_integer() else f"{limit:g}"
    return {"id": tid, "what": what, "value": value, "target": f"{op} {shown} {unit}",
            "met": met}


def targets(res: dict[str, Any]) -> list[dict[str, Any]]:
    small, large = res["config"]["registry_sizes"]
    ingest_size = res["config"]["ingest_target_size"]
    inc = next((e for e in res["ingest"] if e["size"] == ingest_size and e["dataset"] == "incidents"), {})
    reg = {e["size"]: e for e in res["registry"]}
    page = res["page"]
    who = res.get("who") or {}
    shape_targets = [
        _target(f"shape_ratio_{e['shape']}",
                f"ingest / bare CTAS time, {e['size']} rows of shape {e['shape']}",
                e.get("ratio_ingest_over_ctas"), "<=", 1.5, "x")
        for e in res.get("shapes") or []
    ]
    return [
        _target("ingest_ratio", f"ingest / bare CTAS time, {ingest_size} incident event-log rows",
                inc.get("ratio_ingest_over_ctas"), "<=", 1.5, "x"),
        _target("ingest_peak_rss", f"ingest peak RSS, {ingest_size} rows", inc.get("ingest_peak_rss_mb"),
                "<", 1024, "MB"),
        _target("registry_warm", f"registry + maturity score warm, {small} incidents + {small} decisions",
                reg.get(small, {}).get("score_seconds"), "<", 1.5, "s"),
        _target("registry_scaling", f"registry + score time at {large} / at {small}",
                _ratio(reg.get(large, {}).get("score_seconds"), reg.get(small, {}).get("score_seconds")),
                "<=", 5.5, "x"),
        _target("page_run", f"Overview script run (data caches cold), {small} rows", page.get("run_seconds"),
                "<", 2, "s"),
        _target("page_payload", f"Overview bytes sent to the browser, {small} rows",
                page.get("payload_bytes"), "<", 2_000_000, "bytes"),
        _target("who_chain", f"`who ID` warm, median over decision, incident and change ids, {small} rows",
                who.get("chain_seconds"), "<", 0.2, "s"),
        _target("who_page", f"Who answers page script run (data caches cold), {small} rows",
                who.get("page_run_seconds"), "<", 2, "s"),
        *shape_targets,
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sizes", default="100k,1m,5m", help="ingest sizes, comma-separated (10k 50k 100k 1m 5m)")
    p.add_argument("--quick", action="store_true", help="smoke run at 10k rows (registry 10k and 50k)")
    p.add_argument("--out", type=Path, default=HERE / "results", help="results directory")
    p.add_argument("--work", type=Path, default=HERE / "work", help="scratch directory for inputs and stores")
    p.add_argument("--docs", type=Path, default=None,
                   help="markdown file to update (default: docs/performance.md for a full run)")
    p.add_argument("--parts", default="ingest,registry,page,who,shapes",
                   help="which measurements to run (a subset of ingest,registry,page,who,shapes); "
                        "`--parts shapes` alone writes bench-shapes.json and only the shapes table")
    p.add_argument("--shape-size", default=None,
                   help="rows per file shape (default 1m; 2k with --quick)")
    p.add_argument("--shapes", default=",".join(shapes.BY_NAME),
                   help=f"which file shapes (default all: {', '.join(shapes.BY_NAME)})")
    p.add_argument("--no-ingest-5m", action="store_true",
                   help="skip ingest at 5m (the registry still scales to 5m)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.quick:
        ingest_sizes, registry_sizes, ingest_target = ["10k"], ("10k", "50k"), "10k"
        reps = {"10k": 2}
        registry_reps = 3
        shape_size, shape_reps = args.shape_size or "2k", 1
    else:
        ingest_sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
        unknown = [s for s in ingest_sizes if s not in SIZES]
        if unknown:
            raise SystemExit(f"unknown size(s) {unknown}; use some of {', '.join(SIZES)}")
        if args.no_ingest_5m:
            ingest_sizes = [s for s in ingest_sizes if s != "5m"]
        registry_sizes, ingest_target = ("1m", "5m"), "1m"
        reps = {"10k": 3, "50k": 3, "100k": 3, "1m": 3, "5m": 1}
        registry_reps = 5
        # five interleaved repetitions: on this shared 2-core machine one CTAS of the same file varies
        # 1.0-1.6 s between processes, and the best of three swung a shape's ratio by 0.3
        shape_size, shape_reps = args.shape_size or "1m", 5
    if shape_size not in SIZES:
        raise SystemExit(f"unknown shape size {shape_size}; use one of {', '.join(SIZES)}")
    shape_names = [n.strip() for n in args.shapes.split(",") if n.strip()]
    if unknown_shapes := [n for n in shape_names if n not in shapes.BY_NAME]:
        raise SystemExit(f"unknown shape(s) {unknown_shapes}; use some of {', '.join(shapes.BY_NAME)}")
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    res: dict[str, Any] = {
        "schema": 1,
        "kind": "quick" if args.quick else "full",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "config": {"ingest_sizes": ingest_sizes, "registry_sizes": list(registry_sizes),
                   "ingest_target_size": ingest_target, "ingest_reps": reps,
                   "registry_reps": [registry_reps, 3], "shape_size": shape_size, "shape_reps": shape_reps,
                   "timing": "ingest, CTAS: best of interleaved reps; registry, page: median of reps"},
        "ingest": [], "registry": [], "page": {}, "who": {}, "shapes": [],
    }
    parts = {s.strip() for s in args.parts.split(",")}
    shapes_only = parts == {"shapes"}
    if "ingest" in parts and not args.quick:
        res["ingest"] += bench_real_servicenow(args.work, 3)
    for label in ingest_sizes if "ingest" in parts else []:
        small_enough = SIZES[label] <= 1_000_000  # at 5M: incidents only, no pandas (time and memory)
        res["ingest"] += bench_ingest(label, SIZES[label], args.work, reps.get(label, 1),
                                      with_pandas=small_enough, with_decisions=small_enough)
    for i, label in enumerate(registry_sizes if "registry" in parts else []):
        res["registry"].append(bench_registry(label, SIZES[label], args.work, registry_reps if i == 0 else 3))
    if ("page" in parts or "who" in parts) and "registry" not in parts:
        n = SIZES[registry_sizes[0]]
        generate.build_metric_store(args.work / f"metrics_{registry_sizes[0]}.duckdb", n, n)
    if "page" in parts:
        res["page"] = bench_page(registry_sizes[0], args.work, 2)
    if "who" in parts:
        res["who"] = bench_who(registry_sizes[0], args.work, 2 if args.quick else 5)
    if "shapes" in parts:
        res["shapes"] = bench_shapes(shape_size, SIZES[shape_size], args.work, shape_reps, shape_names)
    res["targets"] = targets(res)
    res["duration_seconds"] = time.perf_counter() - started
    name = "bench-shapes" if shapes_only else "bench"  # a run of the shapes alone keeps bench.json
    out_file = args.out / (f"{name}-quick.json" if args.quick else f"{name}.json")
    out_file.write_text(json.dumps(res, indent=2, default=str) + "\n")
    docs = args.docs or (None if args.quick else ROOT / "docs" / "performance.md")
    if docs is not None:
        report_md.update_docs(docs, res, main=not shapes_only)
    print(report_md.render_shapes(res) if shapes_only else report_md.render(res))
    if res["shapes"] and not shapes_only:
        print(report_md.render_shapes(res))
    print(f"wrote {out_file}" + (f" and {docs}" if docs else "") + f" in {res['duration_seconds']:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
