"""First screen in a real browser (DESIGN §6): the Overview vs a one-title Streamlit page, side by side.

Both are served the same way (`streamlit run` on 127.0.0.1, headless) and opened in Debian's Chromium.
The time counted is what a person waits for: from navigation until the script run is over, every
plotly figure on the page has drawn its SVG, and the browser's main thread has been idle (no long
task, no layout change) for IDLE_MS. Each page is opened REPS times in a fresh tab, alternating
(baseline, overview, baseline, ...), so both see the same machine load; the median of each and their
ratio are reported. The first visit of each server is reported apart (cold caches).

    python benchmarks/first_screen.py --db data/answerable.duckdb [--reps 5] [--page Overview]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.app_server import CHROMIUM, CHROMIUM_ARGS, serve_script  # noqa: E402

IDLE_MS = 500
TIMEOUT_S = 300
START_S = 90  # how long a server may take to answer its health check

# Runs in the page: resolves with the ms since navigation start once the page has settled.
_SETTLED_JS = """
(idleMs) => new Promise((resolve) => {
  let lastBusy = performance.now();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lastBusy = Math.max(lastBusy, e.startTime + e.duration);
  }).observe({type: 'longtask', buffered: true});
  const mo = new MutationObserver(() => { lastBusy = performance.now(); });
  mo.observe(document.documentElement, {subtree: true, childList: true, attributes: true});
  const check = () => {
    const app = document.querySelector('[data-testid=stApp]');
    const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    const drawn = plots.every((p) => p.querySelector('.main-svg'));
    const hasMain = document.querySelector('[data-testid=stMainBlockContainer] h1');
    if (done && drawn && hasMain && performance.now() - lastBusy >= idleMs) {
      mo.disconnect();
      resolve({ms: lastBusy, figures: plots.length});
    } else {
      setTimeout(check, 50);
    }
  };
  check();
})
"""

ONE_TITLE = 'import streamlit as st\n\nst.title("One title")\n'


def _visit(browser: Any, url: str) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        result = page.evaluate(_SETTLED_JS, IDLE_MS)
        return {"seconds": round(float(result["ms"]) / 1000, 3), "figures": int(result["figures"])}
    finally:
        page.close()


def measure(db: Path, reps: int, page_path: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "uploads").mkdir()
        baseline_dir = work / "baseline"
        baseline_dir.mkdir()
        baseline = baseline_dir / "app.py"
        baseline.write_text(ONE_TITLE, encoding="utf-8")
        env = {"ANSWERABLE_DB": str(db.resolve()), "ANSWERABLE_UPLOAD_DIR": str(work / "uploads")}
        app_server = serve_script(ROOT / "app.py", env, work / "app.log", start_timeout_s=START_S)
        base_server = serve_script(baseline, {}, work / "baseline.log", start_timeout_s=START_S)
        with app_server as app_url, base_server as base_url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            target = f"{app_url}/{page_path}" if page_path != "Overview" else app_url
            first_base, first_app = _visit(browser, base_url), _visit(browser, target)
            base, app = [], []
            for _ in range(reps):
                base.append(_visit(browser, base_url)["seconds"])
                app.append(_visit(browser, target)["seconds"])
            browser.close()
    b, a = statistics.median(base), statistics.median(app)
    return {
        "page": page_path, "db": str(db), "reps": reps, "idle_ms": IDLE_MS,
        "baseline_first_s": first_base["seconds"], "page_first_s": first_app["seconds"],
        "figures": first_app["figures"], "baseline_s": base, "page_s": app,
        "baseline_median_s": b, "page_median_s": a, "ratio": round(a / b, 2) if b else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--page", default="Overview")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    result = measure(args.db, args.reps, args.page)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
