"""Profile one benchmark task with pyinstrument (a dev dependency) to find where its time goes.

Usage (inputs from `python benchmarks/generate.py ...`):
  python benchmarks/profile_task.py ingest FILE.csv NEW_STORE.duckdb
  python benchmarks/profile_task.py registry STORE.duckdb
Prints pyinstrument's call tree (the main thread; for a Streamlit page, the worker's per-run count of
metric sessions is the better guide).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pyinstrument import Profiler


def main(argv: list[str]) -> int:
    task, args = argv[0], argv[1:]
    os.environ.setdefault("ANSWERABLE_MAX_UPLOAD_MB", "8192")
    from answerable import maturity, store

    profiler = Profiler(interval=0.005)
    if task == "ingest":
        from answerable.ingest import ingest_file

        db = Path(args[1])
        db.unlink(missing_ok=True)
        con = store.connect(db)
        profiler.start()
        ingest_file(con, Path(args[0]))
        con.close()
    elif task == "registry":
        con = store.connect(args[0])  # read-write, like the app (a read-only store cannot cache)
        model = maturity.load_model()
        maturity.score(con, None, model)  # warm-up
        profiler.start()
        maturity.score(con, None, model)
    else:
        raise SystemExit("task must be ingest or registry")
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
