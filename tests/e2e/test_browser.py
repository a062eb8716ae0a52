"""The real app in a real browser: `streamlit run app.py` on 127.0.0.1 over a demo store, driven by
Playwright with Debian's chromium. Visits every page, checks figures against the core, downloads a
drill-down CSV, uploads a file through the real file input, and saves a screenshot of each page."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from answerable import maturity, metrics, store
from answerable.contract import KINDS
from answerable.present import format_value, level_text
from answerable.results import Filters
from tests.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, serve_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]  # one server per run

# Generous: on a busy machine (CI running two jobs, or many test runs at once) a page can take a minute.
# The waits end as soon as the awaited content is there, so a long limit costs nothing when it is fast.
WAIT = 180_000
SHOTS = Path(__file__).resolve().parent / "screenshots"
PAGES = [  # (url path, page heading)
    ("", "AI governance overview"),
    ("Ownership_and_decision_rights", "Ownership & decision rights"),
    ("Escalation", "Escalation"),
    ("Access_control", "Access control"),
    ("Data_quality", "Data quality"),
    ("Incident_learning", "Incident learning"),
    ("Maturity", "Maturity scorecard"),
    ("Data", "Data"),
    ("Board_report", "Board report"),
]
UPLOAD = (
    "incident_id,opened_at,resolved_at,assignment_group,assigned_to,priority\n"
    "E2E-1,2026-01-05 10:00:00,2026-01-05 12:00:00,Service Desk,Ana,2\n"
    "E2E-2,2026-01-06 11:00:00,,Network,,3\n"
)


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    expected_level: str
    expected_index: str
    unowned_value: str
    unowned_numerator: int
    triage_unowned: str  # unowned_decision_rate with the AI system filter on triage-assistant
    triage_p90: str  # human_takeover_p90_min (the Escalation page's first indicator) with the same filter


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from answerable.ingest import ingest_file

    work = tmp_path_factory.mktemp("e2e")
    db = work / "store.duckdb"
    con = store.connect(db)
    for kind in KINDS:
        ingest_file(con, ROOT / "data" / "demo" / f"{kind}.csv", kind=kind, is_demo=True, loaded_by="e2e")
    score = maturity.score(con, Filters())
    [unowned] = metrics.compute(con, Filters(), ids=["unowned_decision_rate"])
    # figures are computed before the server starts: it then holds the store (one process at a time)
    [t_unowned, t_p90] = metrics.compute(con, Filters(ai_system="triage-assistant"),
                                         ids=["unowned_decision_rate", "human_takeover_p90_min"])
    con.close()
    assert score.overall.index is not None and unowned.numerator is not None
    (work / "uploads").mkdir()
    env = {"ANSWERABLE_DB": str(db), "ANSWERABLE_UPLOAD_DIR": str(work / "uploads")}
    with serve_app(work, env) as url:
        yield Server(url, db, level_text(score.overall.level), f"{score.overall.index:.0f} / 100",
                     format_value(unowned.value, unowned.unit), int(unowned.numerator),
                     format_value(t_unowned.value, t_unowned.unit), format_value(t_p90.value, t_p90.unit))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser: object) -> object:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]
    page.set_default_timeout(WAIT)  # clicks and downloads wait as long as the expects
    return page


def idle(page: object, timeout: float = WAIT) -> None:
    """Wait until Streamlit reports its script run over (the app root's own state attribute).

    Call it after waiting for the content the step is about: right after a click the previous run's
    "notRunning" can still be showing. Playwright's `expect` retries until then; no fixed sleep.
    """
    expect(page.locator("[data-testid=stApp]")).to_have_attribute(  # type: ignore[attr-defined]
        "data-test-script-state", "notRunning", timeout=timeout)


def screenshot(page: object, name: str) -> Path:
    """A full-height screenshot (Streamlit scrolls inside its main block, so grow the viewport)."""
    SHOTS.mkdir(exist_ok=True)
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 160, 16000)})  # type: ignore[attr-defined]
    idle(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1440, "height": 1000})  # type: ignore[attr-defined]
    return path


def _metric(page: object, text: str) -> object:
    """The metric value showing exactly `text` (a locator Playwright's expect can wait for)."""
    return page.locator("[data-testid=stMetricValue]").filter(  # type: ignore[attr-defined]
        has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))


def test_every_page_in_a_real_browser(server: Server, browser: object) -> None:
    page = _page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url)
    # (found) on a loaded machine the tiles were read before they were drawn ([]): wait for each value.
    expect(_metric(page, server.expected_level).first).to_be_visible(timeout=WAIT)
    expect(_metric(page, server.expected_index).first).to_be_visible(timeout=WAIT)
    idle(page)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    screenshot(page, "1_overview")

    for number, (path, heading) in enumerate(PAGES[1:], start=2):
        page.locator(f"[data-testid=stSidebarNav] a[href$='/{path}']").click()
        page.wait_for_url(f"**/{path}", timeout=WAIT)
        expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible(timeout=WAIT)
        idle(page)
        expect(page.locator("[data-testid=stException]")).to_have_count(0)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        screenshot(page, f"{number}_{path.lower()}")
    assert not errors, errors


def test_the_dataframe_toolbar_offers_no_csv_export(server: Server, browser: object) -> None:
    """(found) the toolbar's own "Download as CSV" wrote =HYPERLINK(...) cells as stored; it is off."""
    page = _page(browser)
    page.goto(f"{server.url}/Data")
    table = page.locator("[data-testid=stDataFrame]").first
    expect(table).to_be_visible(timeout=WAIT)
    idle(page)
    table.hover()
    toolbar = page.locator("[data-testid=stElementToolbar]").first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible(timeout=WAIT)  # the toolbar is there
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)


def test_drill_down_csv_matches_the_core(server: Server, browser: object) -> None:
    page = _page(browser)
    page.goto(f"{server.url}/Ownership_and_decision_rights")
    expect(page.get_by_role("heading", name="Unowned AI decisions").first).to_be_visible(timeout=WAIT)
    # The first indicator card of the page is unowned_decision_rate: its value, then its drill-down.
    expect(_values(page).first).to_have_text(server.unowned_value, timeout=WAIT)
    idle(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)  # a deep link works on a first visit
    page.get_by_role("tab", name="Records behind it").first.click()
    button = page.get_by_role("button", name=f"Download these {server.unowned_numerator:,} records as CSV")
    button.wait_for(timeout=WAIT)
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    content = Path(info.value.path()).read_bytes().decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert rows[0][0] == "decision_id"
    assert len(rows) - 1 == server.unowned_numerator  # every record behind the number, header excluded


def test_upload_through_the_real_file_input(server: Server, browser: object, tmp_path: Path) -> None:
    file = tmp_path / "e2e incidents.csv"
    file.write_text(UPLOAD, encoding="utf-8")
    page = _page(browser)
    page.goto(f"{server.url}/Data")
    expect(page.get_by_role("heading", name="Upload files")).to_be_visible(timeout=WAIT)
    idle(page)
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(file))
    expect(page.get_by_text("Detected dataset")).to_be_visible(timeout=WAIT)
    idle(page)
    screenshot(page, "8_data_preview")
    page.get_by_role("button", name="Confirm and load 1 file").click()
    expect(page.get_by_text("Loaded as batch")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("File: e2e incidents.csv")).to_have_count(1)
    idle(page)
    screenshot(page, "8_data_loaded")
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def test_a_filter_changes_the_figures_and_follows_the_user_across_pages(
    server: Server, browser: object
) -> None:
    page = _page(browser)
    page.goto(server.url)
    expect(page.get_by_text("AI governance overview")).to_be_visible(timeout=WAIT)
    page.locator("[data-testid=stSidebarNav] a[href$='/Ownership_and_decision_rights']").click()
    expect(page.get_by_role("heading", name="Unowned AI decisions").first).to_be_visible(timeout=WAIT)
    expect(_values(page).first).to_have_text(server.unowned_value, timeout=WAIT)
    idle(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stSelectbox]").filter(has_text="AI system").click()
    page.get_by_role("option", name="triage-assistant", exact=True).click()
    assert server.triage_unowned != server.unowned_value
    expect(_values(page).first).to_have_text(server.triage_unowned, timeout=WAIT)
    idle(page)
    page.locator("[data-testid=stSidebarNav] a[href$='/Escalation']").click()
    expect(page.get_by_role("heading", name="Time to human takeover (p90)").first).to_be_visible(timeout=WAIT)
    # the filter followed the user: the Escalation page shows triage-assistant's takeover p90
    expect(_values(page).first).to_have_text(server.triage_p90, timeout=WAIT)
    expect(page.locator("[data-testid=stSidebarNav]").get_by_text("app", exact=True)).to_have_count(0)


def _values(page: object) -> object:
    """The "Value" tiles of the page's indicator cards, in page order."""
    return page.locator("[data-testid=stMetric]").filter(has_text="Value").locator(  # type: ignore[attr-defined]
        "[data-testid=stMetricValue]")
