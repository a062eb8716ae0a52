"""A deep link is the first thing a fresh server sees (after a restart): it must open with the app's
real navigation (sections, every page, no stray "app" entry), not the pages/ folder's legacy one."""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable import store
from tests.app_server import CHROMIUM, CHROMIUM_ARGS, serve_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_deep_link_first_opens_with_the_real_navigation(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    db = tmp_path / "store.duckdb"
    store.connect(db).close()
    (tmp_path / "uploads").mkdir()
    env = {"ANSWERABLE_DB": str(db), "ANSWERABLE_UPLOAD_DIR": str(tmp_path / "uploads")}
    with serve_app(tmp_path, env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{url}/Escalation")  # the very first request this server gets
        page.get_by_role("heading", name="Escalation", exact=True).first.wait_for(timeout=90_000)
        nav = page.locator("[data-testid=stSidebarNav]")
        nav.get_by_text("Data and reporting").wait_for(timeout=30_000)  # a section header
        # each entry reads "<icon name>\n\n<title>": keep the title
        entries = [t.strip().splitlines()[-1].strip() for t in nav.locator("a").all_inner_texts()]
        browser.close()
    assert "app" not in entries, entries
    expected = ["Overview", "Ownership & decision rights", "Escalation", "Access control", "Data quality",
                "Incident learning", "Maturity", "Data", "Board report"]
    assert [e for e in entries if e in expected] == expected, entries  # the router's pages, in its order
