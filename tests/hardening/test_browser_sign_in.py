"""The sign-in gate on the real server in a real browser: with an [auth] section, a visitor sees only
the sign-in button, never data (AppTest simulates st.user; this runs Streamlit's own auth setup)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from answerable import store
from tests.conftest import load_rows

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-auth")]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SECRET_SYSTEM = "Confidential-Triage-Bot"
SECRETS = """
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "hardening-test-cookie-secret-0123456789"
client_id = "test-client"
client_secret = "test-secret"
server_metadata_url = "https://login.example.invalid/.well-known/openid-configuration"
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def gated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("auth")
    db = work / "store.duckdb"
    con = store.connect(db)
    load_rows(con, "ai_systems", [{"ai_system": SECRET_SYSTEM, "business_owner": "Ana"}], file_name="inv.csv")
    con.close()
    port = _free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(SECRETS.format(port=port), encoding="utf-8")
    roles = work / "roles.toml"
    roles.write_text('[roles]\nadmin = ["ana@example.org"]\n', encoding="utf-8")
    (work / "uploads").mkdir()
    env = dict(
        os.environ,
        ANSWERABLE_DB=str(db),
        ANSWERABLE_UPLOAD_DIR=str(work / "uploads"),
        ANSWERABLE_ROLES=str(roles),
    )
    log = (work / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--secrets.files",
            str(secrets),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"streamlit did not start; see {work / 'server.log'}") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.mark.parametrize("path", ["", "Data", "Access_control", "Board_report"])
def test_visitor_sees_only_the_sign_in_button(gated_server: str, path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{gated_server}/{path}")
            page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
            time.sleep(1.0)  # let the (stopped) script run finish rendering
            body = page.inner_text("body")
            assert "Sign in to see the accountability dashboards." in body
            assert SECRET_SYSTEM not in body and "inv.csv" not in body
            assert "Data status" not in body and "Upload" not in body
            assert page.locator("input[type=file]").count() == 0
        finally:
            browser.close()
