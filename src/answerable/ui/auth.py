"""Sign-in and roles on the Streamlit side (DESIGN §10). The rules live in `answerable.auth`.

Modes:
- **Local single-user**: no `[auth]` section in .streamlit/secrets.toml and no roles file: the one
  local user is admin.
- **Signed-in**: an `[auth]` section configures Streamlit OIDC (st.login / st.user). Every page calls
  `require_sign_in()`, which stops the page until the user is signed in and has a role. The role comes
  from the roles file; without one, every signed-in user is a viewer (nobody can load data in the app
  until an admin writes the roles file).
- **Shared read-only**: a roles file but no `[auth]`: nobody is identified, so everyone gets the file's
  `default` role (viewer when it has none).

Pages gate controls with `can("load")`, `can("retract")`, `can("clear")`.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from typing import Any

import streamlit as st

from answerable import auth

DENIED = "denied"


def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all (StreamlitSecretNotFoundError subclasses it)
        return None
    return section if isinstance(section, Mapping) else None


def sign_in_configured() -> bool:
    return _auth_section() is not None


def _provider() -> str | None:
    """The provider to pass to st.login: None for a flat [auth] section, else the first [auth.NAME]."""
    section = _auth_section() or {}
    if "client_id" in section:
        return None
    names = [k for k, v in section.items() if isinstance(v, Mapping)]
    return names[0] if names else None


def _roles_config() -> auth.RolesConfig | None:
    return auth.find_roles_config()


def _roles_problem() -> str | None:
    """The roles file's error message, if it is invalid (then everyone is denied: fail closed)."""
    try:
        _roles_config()
    except auth.RolesConfigError as exc:
        return str(exc)
    return None


def current_email() -> str | None:
    """The signed-in user's email (None in local mode or when not signed in). Use it as `loaded_by`."""
    if not sign_in_configured() or not st.user.get("is_logged_in", False):
        return None
    if st.user.get("email_verified") is False:  # an unverified address proves nothing
        return None
    email = st.user.get("email")
    return str(email) if email else None


def current_role() -> str:
    """"admin", "analyst", "viewer", or "denied" (not signed in, not allowed, or a broken roles file)."""
    try:
        config = _roles_config()
    except auth.RolesConfigError:
        return DENIED
    if not sign_in_configured():
        if config is None:
            return "admin"  # local single-user mode
        return config.default or "viewer"
    email = current_email()
    if email is None:
        return DENIED
    if config is None:
        return "viewer"
    return auth.resolve_role(email, config) or DENIED


def can(role_or_action: str, action: str | None = None) -> bool:
    """Whether the current user may "view", "load", "retract" or "clear": `can("load")`.

    `can(role, "load")` is accepted too, for a role already read with `current_role()`.
    """
    if action is None:
        return auth.can(current_role(), role_or_action)
    return auth.can(role_or_action, action)


def loaded_by() -> str:
    """Who to record in lineage: the signed-in email, else the account running the app (local mode)."""
    email = current_email()
    if email:
        return email
    try:
        return f"{getpass.getuser()} (local)"
    except (KeyError, OSError):  # no name for this uid (e.g. a bare container)
        return "local user"


def mode_label() -> str:
    problem = _roles_problem()
    if problem is not None:
        return "Access denied: the roles file is invalid"
    config = _roles_config()
    if not sign_in_configured():
        if config is None:
            return "Local single-user mode (no sign-in configured)"
        return f"Shared read-only mode (no sign-in; everyone is {config.default or 'viewer'})"
    email = current_email()
    role = current_role()
    who = email or "not signed in"
    if config is None:
        return f"Signed in as {who} ({role}; no roles file, so everyone is a viewer)"
    return f"Signed in as {who} ({role})"


def require_sign_in() -> None:
    """Stop the page until the user is signed in and allowed. A no-op in local single-user mode."""
    problem = _roles_problem()
    if problem is not None:
        st.error("Answerable is locked because its roles file is invalid.")
        st.text(problem)
        st.stop()
    if not sign_in_configured():
        return
    if not st.user.get("is_logged_in", False):
        st.title("Answerable")
        st.info("Sign in to see the accountability dashboards.")
        if st.button("Sign in", type="primary", key="answerable_sign_in"):
            st.login(_provider())
        st.stop()
    if current_role() == DENIED:
        who = current_email()
        if who is None:
            st.error(
                "Your identity provider did not return a verified email address, so Answerable cannot "
                "tell which role you have. Sign in with an account that has a verified email."
            )
        else:
            st.error("You are signed in, but this account has no access to Answerable.")
            st.text(f"Account: {who}")
            st.info("Ask an Answerable admin to add this address to the roles file (.streamlit/roles.toml).")
        if st.button("Sign out", key="answerable_sign_out"):
            st.logout()
        st.stop()
