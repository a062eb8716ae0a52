"""Who answers in a real browser: a drill-down row of a dimension page opens its accountability chain,
and a deep link (`?id=`) opens a chain directly. Playwright's expect waits; no sleeps. Saves the page's
screenshots into docs/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from answerable import store
from answerable.contract import KINDS
from tests.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, serve_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SHOTS = ROOT / "tests" / "e2e" / "screenshots"  # copied to docs/screenshots by hand, after a look
WAIT = 120_000  # ms: the first run of a page builds the metric tables on a busy machine


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from answerable.ingest import ingest_file

    work = tmp_path_factory.mktemp("e2e_who")
    con = store.connect(work / "store.duckdb")
    for kind in KINDS:
        ingest_file(con, ROOT / "data" / "demo" / f"{kind}.csv", kind=kind, is_demo=True, loaded_by="e2e")
    con.close()
    (work / "uploads").mkdir()
    env = {"ANSWERABLE_DB": str(work / "store.duckdb"), "ANSWERABLE_UPLOAD_DIR": str(work / "uploads")}
    with serve_app(work, env) as found:
        yield found


@pytest.fixture(scope="module")
def page(url: str) -> Iterator[Page]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # tall enough that the first drill-down table is on screen without scrolling
        yield browser.new_page(viewport={"width": 1440, "height": 2400})
        browser.close()


def idle(page: Page) -> None:
    """The script run is over: Streamlit's running indicator is gone."""
    expect(page.locator("[data-testid=stStatusWidget]")).to_have_count(0, timeout=WAIT)


def test_a_drill_down_row_opens_its_chain(url: str, page: Page) -> None:
    p = page
    p.goto(f"{url}/Ownership_and_decision_rights")
    expect(p.get_by_role("heading", name="Unowned AI decisions").first).to_be_visible(timeout=WAIT)
    idle(p)
    p.get_by_role("tab", name="Records behind it").first.click()
    panel = p.get_by_role("tabpanel").filter(has=p.get_by_text("Select a row to open")).first
    grid = panel.locator("[data-testid=stDataFrame]").first
    expect(grid).to_be_visible(timeout=WAIT)
    idle(p)
    grid.click(position={"x": 18, "y": 52}, timeout=WAIT)  # the first row's selection box
    link = p.get_by_role("link", name="Open the chain of")
    expect(link).to_be_visible(timeout=WAIT)
    record_id = link.inner_text().split("Open the chain of ", 1)[1].split(":", 1)[0]
    assert record_id.startswith("AID")  # an unowned AI decision
    link.click()
    expect(p.get_by_role("heading", name="The chain")).to_be_visible(timeout=WAIT)
    expect(p.get_by_label("Decision, incident or change id")).to_have_value(record_id, timeout=WAIT)
    # an unowned decision: its accountable owner link is broken by unowned_decision_rate
    expect(p.get_by_text("Rules broken:").first).to_contain_text("unowned_decision_rate", timeout=WAIT)
    assert f"id={record_id}" in p.url


def test_deep_link_chain_and_screenshots(url: str, page: Page) -> None:
    p = page
    p.goto(f"{url}/Who_answers?id=AID0011033")
    expect(p.get_by_text("decision AID0011033: business owner of the AI system")).to_be_visible(timeout=WAIT)
    expect(p.get_by_text("Tariq Okafor").first).to_be_visible(timeout=WAIT)
    idle(p)
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / "who_answers_chain.png"))
    p.get_by_role("radiogroup").get_by_text("Blast radius", exact=True).click()
    expect(p.get_by_text("It caused 64 incidents across 6 teams", exact=False)).to_be_visible(timeout=WAIT)
    p.locator("[data-testid=stMainBlockContainer]").screenshot(
        path=str(SHOTS / "who_answers_blast_radius.png")
    )
    p.get_by_role("radiogroup").get_by_text("Declared vs observed", exact=True).click()
    expect(p.get_by_role("heading", name="Mismatches")).to_be_visible(timeout=WAIT)
    p.locator("[data-testid=stMainBlockContainer]").screenshot(
        path=str(SHOTS / "who_answers_declared_vs_observed.png")
    )
    p.get_by_role("radiogroup").get_by_text("Unanswered", exact=True).click()
    expect(p.get_by_text("AI decisions with a broken chain", exact=False).first).to_be_visible(timeout=WAIT)
    p.locator("[data-testid=stMainBlockContainer]").screenshot(path=str(SHOTS / "who_answers_unanswered.png"))
