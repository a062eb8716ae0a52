"""Roles in the app: AppTest of the real pages with a roles file and simulated signed-in users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from answerable import store
from tests.conftest import load_rows

ROOT = Path(__file__).resolve().parents[2]
AUTH = {  # a syntactically complete [auth] section; no identity provider is contacted in AppTest
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "test-client",
    "client_secret": "test-secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
ROLES = """
[roles]
admin = ["ana@example.org"]
analyst = ["li@example.org"]
viewer = ["board@example.org"]
"""
SECRET_SYSTEM = "Triage-Bot-Confidential"


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "app.duckdb"
    con = store.connect(db)
    load_rows(con, "ai_systems", [{"ai_system": SECRET_SYSTEM, "business_owner": "Ana"}], file_name="inv.csv")
    con.close()
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    (tmp_path / "uploads").mkdir()
    monkeypatch.setenv("ANSWERABLE_DB", str(db))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("ANSWERABLE_ROLES", str(roles))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield roles
    st.cache_data.clear()
    st.cache_resource.clear()


def _run(page: str, user: dict[str, object] | None, *, auth: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120)
    if auth:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _labels(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def _all_text(at: AppTest) -> str:
    kinds = ("text", "markdown", "caption", "info", "error", "title")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [str(df.value.to_csv()) for df in at.dataframe]
    return "\n".join(parts)


def _signed_in(email: str) -> dict[str, object]:
    return {"is_logged_in": True, "email": email, "email_verified": True}


def test_viewer_sees_no_upload_retract_demo_or_clear_controls(app_env: Path) -> None:
    at = _run("8_Data.py", _signed_in("board@example.org"))
    assert len(at.get("file_uploader")) == 0
    assert not ({"Retract", "Load the demo data", "Clear the store"} & _labels(at))
    assert len(at.checkbox) == 0  # not even the "yes, clear" confirmation
    assert "Your role can view the dashboards but not load data" in _all_text(at)
    assert "inv.csv" in _all_text(at)  # the viewer does see the lineage


def test_analyst_can_load_and_retract_but_not_clear(app_env: Path) -> None:
    at = _run("8_Data.py", _signed_in("li@example.org"))
    assert len(at.get("file_uploader")) == 1
    assert {"Retract", "Load the demo data"} <= _labels(at)
    assert "Clear the store" not in _labels(at)
    assert "Only an admin can clear the store." in _all_text(at)


def test_admin_has_every_control(app_env: Path) -> None:
    at = _run("8_Data.py", _signed_in("ANA@example.org"))
    assert {"Retract", "Load the demo data", "Clear the store"} <= _labels(at)
    assert "Signed in as ANA@example.org (admin)" in _all_text(at)


ALL_PAGES = ["../app.py", *sorted(p.name for p in (ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_unknown_user_is_denied_and_sees_no_data(app_env: Path, page: str) -> None:
    at = _run(page, _signed_in("mallory@elsewhere.org"))
    text = _all_text(at)
    assert "this account has no access to Answerable" in text
    assert "mallory@elsewhere.org" in text  # the address to give an admin
    assert SECRET_SYSTEM not in text and "inv.csv" not in text
    assert _labels(at) == {"Sign out"}


def test_signed_out_user_sees_only_the_sign_in_button(app_env: Path) -> None:
    at = _run("8_Data.py", {"is_logged_in": False})
    assert _labels(at) == {"Sign in"}
    assert len(at.get("file_uploader")) == 0 and len(at.dataframe) == 0
    assert "inv.csv" not in _all_text(at)


def test_unverified_email_is_denied(app_env: Path) -> None:
    at = _run("8_Data.py", {"is_logged_in": True, "email": "ana@example.org", "email_verified": False})
    assert "did not return a verified email address" in _all_text(at)
    assert len(at.get("file_uploader")) == 0


def test_invalid_roles_file_locks_the_app(app_env: Path) -> None:
    app_env.write_text('[roles]\nsuperuser = ["ana@example.org"]\n', encoding="utf-8")
    at = _run("8_Data.py", _signed_in("ana@example.org"))
    text = _all_text(at)
    assert "roles file is invalid" in text and "'superuser'" in text
    assert len(at.get("file_uploader")) == 0 and "inv.csv" not in text


def test_roles_file_without_sign_in_is_read_only(app_env: Path) -> None:
    at = _run("8_Data.py", None, auth=False)
    assert len(at.get("file_uploader")) == 0
    assert not ({"Retract", "Clear the store"} & _labels(at))
    assert "Shared read-only mode" in _all_text(at)


def test_local_mode_without_config_is_admin(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANSWERABLE_ROLES")
    monkeypatch.chdir(app_env.parent)  # no .streamlit/roles.toml here
    at = _run("8_Data.py", None, auth=False)
    assert len(at.get("file_uploader")) == 1
    assert "Clear the store" in _labels(at)
    assert "Local single-user mode (no sign-in configured)" in _all_text(at)


LINEAGE_PAGE = """
import streamlit as st
from answerable.ui import auth
st.text(auth.loaded_by())
"""


def test_lineage_records_the_signed_in_email_or_the_local_account(app_env: Path, tmp_path: Path) -> None:
    import getpass

    script = tmp_path / "who.py"
    script.write_text(LINEAGE_PAGE, encoding="utf-8")
    at = AppTest.from_file(str(script))
    at.secrets["auth"] = AUTH
    at.user = _signed_in("li@example.org")
    at.run()
    assert [t.value for t in at.text] == ["li@example.org"]
    at = AppTest.from_file(str(script))  # no [auth]: local mode
    at.run()
    assert [t.value for t in at.text] == [f"{getpass.getuser()} (local)"]
