"""Screenshots of the Overview (charts shown) and the Board report page, and the board report PDF's pages,
for one store: the app served on 127.0.0.1 and opened in Debian's headless Chromium, the PDF drawn by
`answerable report` and rasterised by pdftoppm. For docs/screenshots/; look at every image.

    python benchmarks/screenshots.py --db /tmp/demo.duckdb --name demo [--out docs/screenshots]
        [--pages overview,board_report,maturity,escalation,...] [--pdf-pages 1-3] [--dpi 60]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.app_server import CHROMIUM, CHROMIUM_ARGS, serve_app  # noqa: E402

WAIT_MS = 300_000
WIDTH = 1440  # the browser's window; the images are scaled down to SAVED_WIDTH and saved with a palette
SAVED_WIDTH = 1050
PAGES = {  # file name part: url path
    "overview": "", "board_report": "Board_report", "maturity": "Maturity",
    "ownership_and_decision_rights": "Ownership_and_decision_rights", "escalation": "Escalation",
    "access_control": "Access_control", "data_quality": "Data_quality",
    "incident_learning": "Incident_learning", "who_answers": "Who_answers", "data": "Data",
}


def _idle(page: Any) -> None:
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stApp]');"
        " return a && a.getAttribute('data-test-script-state') === 'notRunning'"
        " && document.querySelector('[data-testid=stMainBlockContainer] h1'); }", timeout=WAIT_MS)
    page.wait_for_function(  # every plotly figure drawn
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
        timeout=WAIT_MS)
    page.wait_for_timeout(1500)


def _shoot(page: Any, path: Path) -> None:
    height = page.evaluate("() => document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 160, 16000)})
    _idle(page)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    small(path, SAVED_WIDTH)


def small(path: Path, width: int) -> None:
    """Scale a PNG down to `width` and store it with a 256-colour palette (a fraction of the bytes)."""
    from PIL import Image

    with Image.open(path) as im:
        rgb = im.convert("RGB")
        if rgb.width > width:
            rgb = rgb.resize((width, round(rgb.height * width / rgb.width)), Image.Resampling.LANCZOS)
        rgb.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def app_shots(db: Path, name: str, out: Path, pages: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "uploads").mkdir()
        env = {"ANSWERABLE_DB": str(db), "ANSWERABLE_UPLOAD_DIR": str(work / "uploads")}
        with serve_app(work, env) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
            for key in pages:
                page.goto(f"{url}/{PAGES[key]}")
                _idle(page)
                if key == "overview":  # the half-width charts are behind a toggle
                    page.get_by_text("Show the charts").click()
                    _idle(page)
                path = out / f"{name}_{key}.png"
                _shoot(page, path)
                shots.append(path)
            browser.close()
    return shots


def pdf_shots(db: Path, name: str, out: Path, first: int, last: int, dpi: int) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        subprocess.run([sys.executable, "-m", "answerable", "--db", str(db), "report", "--format", "pdf",
                        "--out", str(pdf)], check=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf),
                        str(stem)], check=True)
        shots = []
        for i, src in enumerate(sorted(Path(tmp).glob("page-*.png")), start=first):
            dest = out / f"{name}_report_pdf_p{i}.png"
            dest.write_bytes(src.read_bytes())
            small(dest, 10_000)  # the page as drawn at `dpi`, with a palette
            shots.append(dest)
    return shots


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--pages", default="overview,board_report")
    ap.add_argument("--pdf-pages", default="1-3")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in args.pages.split(",") if p]
    first, last = (int(x) for x in args.pdf_pages.split("-"))
    made = pdf_shots(args.db, args.name, args.out, first, last, args.dpi) if last else []
    made += app_shots(args.db, args.name, args.out, pages) if pages else []
    for p in made:
        print(p)


if __name__ == "__main__":
    main()
