"""Roles: parsing the roles file, resolving users, and what each role may do (DESIGN §10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable import auth
from answerable.auth import RolesConfigError, can, load_roles, parse_roles, resolve_role

ROLES_TOML = """
default = "viewer"
[roles]
admin = ["Ana@Example.org"]
analyst = ["li@example.org", "*@data.example.org", "ana@example.org"]
viewer = ["board@example.org", "li@example.org"]
"""


@pytest.fixture
def roles_file(tmp_path: Path) -> Path:
    p = tmp_path / "roles.toml"
    p.write_text(ROLES_TOML, encoding="utf-8")
    return p


def test_roles_resolve_case_insensitively_highest_role_wins(roles_file: Path) -> None:
    config = load_roles(roles_file)
    assert resolve_role("ana@example.org", config) == "admin"  # listed as admin and analyst: admin
    assert resolve_role("  LI@example.org ", config) == "analyst"  # analyst beats viewer
    assert resolve_role("board@example.org", config) == "viewer"
    assert resolve_role("kim@data.example.org", config) == "analyst"  # *@data.example.org
    assert resolve_role("stranger@elsewhere.org", config) == "viewer"  # default


def test_unknown_users_are_denied_without_a_default() -> None:
    config = parse_roles({"roles": {"admin": ["a@x.org"], "analyst": ["*@team.x.org"]}})
    assert resolve_role("a@x.org", config) == "admin"
    assert resolve_role("b@x.org", config) is None
    # The domain wildcard matches exactly that domain, not a look-alike or a sub-domain.
    assert resolve_role("eve@evil-team.x.org", config) is None
    assert resolve_role("eve@sub.team.x.org", config) is None
    assert resolve_role("eve@team.x.org.evil.com", config) is None
    # Missing or malformed identities never get a role, even one that looks like a listed address.
    assert resolve_role(None, config) is None
    assert resolve_role("", config) is None
    assert resolve_role("a@x.org@evil.com", config) is None


def test_can_matrix() -> None:
    expected = {
        "viewer": {"view": True, "load": False, "retract": False, "clear": False},
        "analyst": {"view": True, "load": True, "retract": True, "clear": False},
        "admin": {"view": True, "load": True, "retract": True, "clear": True},
        "denied": {"view": False, "load": False, "retract": False, "clear": False},
        "": {"view": False, "load": False, "retract": False, "clear": False},
    }
    for role, actions in expected.items():
        for action, allowed in actions.items():
            assert can(role, action) is allowed, (role, action)
    assert can(None, "view") is False
    with pytest.raises(ValueError, match="Unknown action 'drop'"):
        can("admin", "drop")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[roles]\nsuperuser = ["a@x.org"]', "not a role"),
        ('default = "owner"', "`default` is 'owner', which is not a role"),
        ('[roles]\nadmin = "a@x.org"', "must be a list of email strings"),
        ('[roles]\nadmin = ["not-an-email"]', "is not an email address"),
        ('[roles]\nadmin = ["a*@x.org"]', "only a leading `*@domain` wildcard"),
        ('[users]\nadmin = ["a@x.org"]', "unknown key(s) users"),
        ("[roles\nadmin = 1", "is not valid TOML"),
    ],
)
def test_invalid_roles_files_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / "roles.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(RolesConfigError) as info:
        load_roles(p)
    assert message in str(info.value)
    assert str(p) in str(info.value)  # names the file


def test_roles_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(auth.ROLES_ENV, raising=False)
    assert auth.roles_path() is None  # no .streamlit/roles.toml here: local mode
    missing = tmp_path / "nope.toml"
    monkeypatch.setenv(auth.ROLES_ENV, str(missing))
    with pytest.raises(RolesConfigError, match="does not exist"):
        auth.find_roles_config()  # a configured but missing file is an error, never "no roles"
