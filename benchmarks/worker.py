"""One measurement, run in its own fresh process so its peak memory is its own.

Usage: python benchmarks/worker.py TASK ARGS... ; prints one JSON object on the last stdout line:
the timed figure(s), `peak_rss_mb` (VmHWM: the high-water mark of this process's resident memory,
interpreter, imports and the work together) and `baseline_rss_mb` (RSS just before the work).

Tasks:
  ctas CSV DB                  bare DuckDB: connect a new file, CREATE TABLE t AS SELECT * FROM read_csv
  ingest CSV DB                the real pipeline: store.connect + ingest_file (parse, validate, collapse,
                               lineage, one transaction) + close
  pandas_read CSV              pandas.read_csv of the whole file
  registry DB REPS             metrics.compute and maturity.score: one cold run, then REPS warm runs
  pandas_metrics DB REPS       headline metrics written in plain pandas over frames read from the store
  page DB SCRIPT REPS          a Streamlit page under AppTest: run time and ForwardMsg bytes
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psutil


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def _peak_mb() -> float:
    """This process's peak RSS: VmHWM, the high-water mark of its own address space. (getrusage's
    ru_maxrss is not used: on Linux a child starts with its parent's high-water mark at fork.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: KiB on most systems


def ctas(csv: str, db: str) -> dict[str, Any]:
    import duckdb

    base = _rss_mb()
    t0 = time.perf_counter()
    con = duckdb.connect(db)
    con.execute("SET enable_progress_bar = false")
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [csv])
    row = con.execute("SELECT count(*) FROM t").fetchone()
    con.close()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": int(row[0]) if row else 0, "baseline_rss_mb": base}


def _time_functions(modules: list[Any]) -> dict[str, float]:
    """Wrap the public functions of `modules` to add up their wall time (nested calls included in
    their callers' time too): where an ingest's time goes, step by step."""
    import functools
    import inspect

    spent: dict[str, float] = {}

    def wrap(name: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t0

        return timed

    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1]
        for name, fn in list(vars(module).items()):
            if (inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_")
                    and name != "staging_area"):
                setattr(module, name, wrap(f"{short}.{name}", fn))
    return spent


def ingest(csv: str, db: str) -> dict[str, Any]:
    # The upload limit (1 GB by default) guards the app; the 5M-row file is larger, so raise it here.
    os.environ.setdefault("ANSWERABLE_MAX_UPLOAD_MB", "8192")
    from answerable import store
    from answerable.ingest import guess, ingest_file, load, parse, validate

    steps = _time_functions([parse, guess, validate, load])
    base = _rss_mb()
    t0 = time.perf_counter()
    con = store.connect(db)
    report = ingest_file(con, Path(csv))
    con.close()
    seconds = time.perf_counter() - t0
    data = report.to_json() if hasattr(report, "to_json") else dict(vars(report))
    keep = ("kind", "profile", "rows_read", "rows_loaded", "rows_rejected", "records", "status")
    return {"seconds": seconds, "baseline_rss_mb": base, "report": {k: data.get(k) for k in keep},
            "steps_seconds": {k: round(v, 3) for k, v in sorted(steps.items(), key=lambda kv: -kv[1])}}


def pandas_read(csv: str) -> dict[str, Any]:
    import pandas as pd

    base = _rss_mb()
    t0 = time.perf_counter()
    frame = pd.read_csv(csv)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": len(frame), "baseline_rss_mb": base}


def _timed_runs(fn: Any, reps: int) -> tuple[float, list[float]]:
    t0 = time.perf_counter()
    fn()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - t0)
    return cold, warm


def _session_split(con: Any, filters: Any, model: Any, reps: int) -> dict[str, Any]:
    """Where compute's time goes: building the metric session (the current data materialised) vs
    running the indicator queries on it. Uses the engine's public Session/compute_in."""
    from answerable import metrics
    from answerable.metrics.settings import settings_for

    build, queries = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        session = metrics.Session(con, settings_for(model))
        t1 = time.perf_counter()
        metrics.compute_in(session, filters)
        t2 = time.perf_counter()
        session.close()
        build.append(t1 - t0)
        queries.append(t2 - t1)
    return {
        "session_build_seconds": statistics.median(build),
        "indicator_queries_seconds": statistics.median(queries),
    }


def registry(db: str, reps: str) -> dict[str, Any]:
    from answerable import maturity, metrics, store
    from answerable.results import Filters

    base = _rss_mb()
    con = store.connect(db)  # read-write, like the app's connection
    model = maturity.load_model()
    filters = Filters()
    out: dict[str, Any] = {"baseline_rss_mb": base}
    cold, warm = _timed_runs(lambda: maturity.score(con, filters, model), int(reps))
    out.update(score_cold_seconds=cold, score_warm_seconds=warm, score_seconds=statistics.median(warm))
    cold, warm = _timed_runs(lambda: metrics.compute(con, filters, model), int(reps))
    out.update(compute_warm_seconds=warm, compute_seconds=statistics.median(warm))
    out.update(_session_split(con, filters, model, 2))
    result = maturity.score(con, filters, model)
    statuses: dict[str, int] = {}
    for m in result.metrics:
        statuses[m.status] = statuses.get(m.status, 0) + 1
    out.update(
        metrics=len(result.metrics), statuses=statuses, overall_level=result.overall.level,
        overall_index=result.overall.index, values={m.id: m.value for m in result.metrics},
    )
    con.close()
    return out


def pandas_metrics(db: str, reps: str) -> dict[str, Any]:
    import pandas_metrics as pm

    from answerable import store

    base = _rss_mb()
    con = store.connect(db, read_only=True)
    t0 = time.perf_counter()
    frames = pm.load_frames(con)
    load = time.perf_counter() - t0
    con.close()
    _, warm = _timed_runs(lambda: pm.headline(frames), int(reps))
    values = pm.headline(frames)
    return {
        "baseline_rss_mb": base, "load_seconds": load, "seconds": statistics.median(warm),
        "warm_seconds": warm, "values": values,
    }


def _count_metric_sessions() -> list[float]:
    """Record the build time of every metric Session (the engine materialises the current data in
    each one): the page's dominant cost at 1M rows, so the run reports how many it built."""
    from answerable.metrics import session as metric_session

    builds: list[float] = []
    original = metric_session.Session.__init__

    def timed(self: Any, *args: Any, **kwargs: Any) -> None:
        t0 = time.perf_counter()
        original(self, *args, **kwargs)
        builds.append(time.perf_counter() - t0)

    metric_session.Session.__init__ = timed  # type: ignore[method-assign]
    return builds


def page(db: str, script: str, reps: str) -> dict[str, Any]:
    os.environ["ANSWERABLE_DB"] = db
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    sizes: list[int] = []
    original = LocalScriptRunner.forward_msgs

    def counting(self: LocalScriptRunner) -> Any:
        msgs = original(self)
        sizes.append(sum(m.ByteSize() for m in msgs))
        return msgs

    LocalScriptRunner.forward_msgs = counting  # type: ignore[method-assign]
    sessions = _count_metric_sessions()
    base = _rss_mb()
    at = AppTest.from_file(script, default_timeout=120)

    def run() -> float:
        t0 = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - t0
        if at.exception:
            raise RuntimeError(f"{script} raised: {[e.message for e in at.exception]}")
        return seconds

    first = run()  # cold: imports, connection, every query
    uncached = []
    sessions.clear()
    for _ in range(int(reps)):
        st.cache_data.clear()  # data caches emptied, process and connection warm
        uncached.append(run())
    per_run = {"metric_sessions": len(sessions) / int(reps), "session_seconds": sum(sessions) / int(reps)}
    cached = [run() for _ in range(int(reps))]
    return {
        "baseline_rss_mb": base, "first_run_seconds": first, "uncached_runs": uncached,
        "seconds": statistics.median(uncached), "cached_seconds": statistics.median(cached),
        "payload_bytes": max(sizes), "payload_bytes_per_run": sizes,
        "elements": len(list(at.main)) + len(list(at.sidebar)),
        "uncached_run_metric_sessions": per_run["metric_sessions"],
        "uncached_run_session_build_seconds": per_run["session_seconds"],
    }


def who(db: str, reps: str) -> dict[str, Any]:
    """`who` for one id, warm: decisions spread over the log, incidents and a change, each timed `reps`
    times after one cold call (which builds the shared metric tables); and the Unanswered first page."""
    from answerable import store
    from answerable.who import chain
    from answerable.who.worklist import unanswered

    con = store.connect(db)
    n = int(con.execute(f"SELECT count(*) FROM {store.rows_table('ai_decisions')}").fetchone()[0])
    picks = [0, n // 3, 2 * n // 3, max(n - 1, 0)]
    ids = [con.execute(f"SELECT decision_id FROM {store.rows_table('ai_decisions')} "
                       "ORDER BY decision_id LIMIT 1 OFFSET ?", [k]).fetchone()[0] for k in picks]
    ids += [r[0] for r in con.execute(f"SELECT incident_id FROM {store.rows_table('incidents')} "
                                      "ORDER BY incident_id LIMIT 2").fetchall()]
    inc, chg = store.rows_table("incidents"), store.rows_table("changes")
    ids += [r[0] for r in con.execute(  # a change that caused incidents (its chain lists them)
        f"SELECT i.caused_by_change FROM {inc} AS i JOIN {chg} AS c ON c.change_id = i.caused_by_change "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchall()]
    t0 = time.perf_counter()
    chain(con, ids[0])
    cold = time.perf_counter() - t0
    per_id: dict[str, float] = {}
    runs: list[float] = []
    for record_id in ids:
        times = []
        for _ in range(int(reps)):
            t0 = time.perf_counter()
            chain(con, record_id)
            times.append(time.perf_counter() - t0)
        per_id[record_id] = statistics.median(times)
        runs += times
    cold_list, warm_list = _timed_runs(lambda: unanswered(con, limit=50), int(reps))
    total = unanswered(con, limit=1).total
    con.close()
    return {
        "chain_cold_seconds": cold, "chain_seconds": statistics.median(runs), "chain_worst_id_seconds":
        max(per_id.values()), "chain_per_id": per_id, "unanswered_first_seconds": cold_list,
        "unanswered_seconds": statistics.median(warm_list), "unanswered_total": total,
    }


TASKS = {
    "ctas": ctas, "ingest": ingest, "pandas_read": pandas_read, "registry": registry,
    "pandas_metrics": pandas_metrics, "page": page, "who": who,
}


def main(argv: list[str]) -> int:
    task, args = argv[0], argv[1:]
    load = os.getloadavg()[0]
    result = TASKS[task](*args)
    result["load_1m_at_start"] = load
    result["peak_rss_mb"] = _peak_mb()
    sys.stdout.flush()
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
