"""The sign-in gate on the real server in a real browser: with an [auth] section, a visitor sees only
the sign-in button, never data (AppTest simulates st.user; this runs Streamlit's own auth setup)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from answerable import store
from tests.app_server import CHROMIUM, CHROMIUM_ARGS, free_port, serve_app
from tests.conftest import load_rows

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-auth")]

SECRET_SYSTEM = "Confidential-Triage-Bot"
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "hardening-test-cookie-secret-0123456789"
client_id = "test-client"
client_secret = "test-secret"
server_metadata_url = "https://login.example.invalid/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def gated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("auth")
    db = work / "store.duckdb"
    con = store.connect(db)
    load_rows(con, "ai_systems", [{"ai_system": SECRET_SYSTEM, "business_owner": "Ana"}], file_name="inv.csv")
    con.close()
    port = free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(SECRETS.format(port=port), encoding="utf-8")
    roles = work / "roles.toml"
    roles.write_text('[roles]\nadmin = ["ana@example.org"]\n', encoding="utf-8")
    (work / "uploads").mkdir()
    env = {
        "ANSWERABLE_DB": str(db),
        "ANSWERABLE_UPLOAD_DIR": str(work / "uploads"),
        "ANSWERABLE_ROLES": str(roles),
    }
    with serve_app(work, env, port=port, extra_args=["--secrets.files", str(secrets)]) as url:
        yield url


@pytest.mark.parametrize("path", ["", "Data", "Access_control", "Board_report"])
def test_visitor_sees_only_the_sign_in_button(gated_server: str, path: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{gated_server}/{path}")
            expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
            expect(page.get_by_text("Sign in to see the accountability dashboards.")).to_be_visible()
            expect(page.locator("[data-testid=stApp]")).to_have_attribute(  # the (stopped) run is over
                "data-test-script-state", "notRunning", timeout=60_000)
            body = page.inner_text("body")
            assert "Sign in to see the accountability dashboards." in body
            assert SECRET_SYSTEM not in body and "inv.csv" not in body
            assert "Data status" not in body and "Upload" not in body
            assert page.locator("input[type=file]").count() == 0
        finally:
            browser.close()
