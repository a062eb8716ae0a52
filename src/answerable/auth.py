"""Roles: who may view, load, retract or clear data (DESIGN §10). Core: never imports streamlit.

A roles file is TOML, by default `.streamlit/roles.toml` (or the path in ANSWERABLE_ROLES):

    default = "viewer"            # optional: role of a signed-in user not listed below
    [roles]
    admin = ["ana@example.org"]
    analyst = ["li@example.org", "*@data.example.org"]
    viewer = ["board@example.org"]

Emails match case-insensitively after trimming; `*@domain` matches every address of exactly that
domain. A user listed under several roles gets the highest. Without a `default`, a signed-in user
who is not listed is denied (`resolve_role` returns None).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

from answerable import tomltext
from answerable.errors import AnswerableError

Role = Literal["viewer", "analyst", "admin"]
Action = Literal["view", "load", "retract", "clear"]

ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")  # ascending privilege
ACTIONS: tuple[Action, ...] = ("view", "load", "retract", "clear")
# The least role allowed to do each action.
_MIN_ROLE: dict[str, Role] = {"view": "viewer", "load": "analyst", "retract": "analyst", "clear": "admin"}

DEFAULT_ROLES_PATH = Path(".streamlit") / "roles.toml"
ROLES_ENV = "ANSWERABLE_ROLES"


class RolesConfigError(AnswerableError):
    """The roles file is missing, unreadable or invalid."""


@dataclass(frozen=True)
class RolesConfig:
    """Role per email (lower-cased), per `*@domain`, and the role of unlisted signed-in users."""

    members: Mapping[str, Role] = field(default_factory=dict)
    domains: Mapping[str, Role] = field(default_factory=dict)
    default: Role | None = None
    source: str = ""


def _rank(role: Role) -> int:
    return ROLES.index(role)


def _check_role(value: object, where: str, source: str) -> Role:
    if not isinstance(value, str) or value.strip().lower() not in ROLES:
        raise RolesConfigError(
            f"{source}: {where} is {value!r}, which is not a role. Use one of: {', '.join(ROLES)}."
        )
    return cast(Role, value.strip().lower())


def parse_roles(data: Mapping[str, object], source: str = "roles config") -> RolesConfig:
    """Validate a parsed roles TOML document; every problem names the key and what to write instead."""
    unknown = set(data) - {"roles", "default"}
    if unknown:
        raise RolesConfigError(
            f"{source}: unknown key(s) {', '.join(sorted(unknown))}. "
            "A roles file has only `default = \"viewer\"` and a [roles] table."
        )
    default = _check_role(data["default"], "`default`", source) if "default" in data else None
    roles = data.get("roles", {})
    if not isinstance(roles, Mapping):
        raise RolesConfigError(
            f"{source}: `roles` must be a table, e.g. [roles] admin = [\"a@example.org\"]."
        )
    members: dict[str, Role] = {}
    domains: dict[str, Role] = {}
    for role_name, emails in roles.items():
        role = _check_role(role_name, f"[roles] key {role_name!r}", source)
        if not isinstance(emails, list) or not all(isinstance(e, str) for e in emails):
            raise RolesConfigError(
                f"{source}: [roles] {role_name} must be a list of email strings, e.g. "
                f'{role_name} = ["a@example.org"].'
            )
        for raw in emails:
            email = raw.strip().lower()
            if email.count("@") != 1 or email.endswith("@") or (email.startswith("@")):
                raise RolesConfigError(
                    f"{source}: [roles] {role_name} has {raw!r}, which is not an email address. "
                    "Write name@domain, or *@domain for everyone at that domain."
                )
            target = domains if email.startswith("*@") else members
            key = email[2:] if email.startswith("*@") else email
            if "*" in key:
                raise RolesConfigError(
                    f"{source}: [roles] {role_name} has {raw!r}; "
                    "only a leading `*@domain` wildcard is allowed."
                )
            if key not in target or _rank(role) > _rank(target[key]):
                target[key] = role
    return RolesConfig(members=members, domains=domains, default=default, source=source)


def load_roles(path: str | Path) -> RolesConfig:
    """Read and validate a roles file."""
    p = Path(path)
    try:
        data = tomltext.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RolesConfigError(
            f"The roles file {p} does not exist. Create it (see .streamlit/roles.example.toml) "
            f"or unset {ROLES_ENV}."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesConfigError(f"Cannot read the roles file {p}: {exc}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise RolesConfigError(f"The roles file {p} is not valid TOML ({exc}). Fix it and reload.") from None
    return parse_roles(data, source=str(p))


def roles_path() -> Path | None:
    """The roles file in use: $ANSWERABLE_ROLES (which must exist), else .streamlit/roles.toml if present."""
    env = os.environ.get(ROLES_ENV, "").strip()
    if env:
        return Path(env)
    return DEFAULT_ROLES_PATH if DEFAULT_ROLES_PATH.is_file() else None


def find_roles_config() -> RolesConfig | None:
    path = roles_path()
    return load_roles(path) if path is not None else None


def resolve_role(email: str | None, config: RolesConfig) -> Role | None:
    """The role of a signed-in user, or None when the user is denied."""
    if not email or not email.strip():
        return None
    address = email.strip().lower()
    if address.count("@") != 1:
        return None
    found: Role | None = config.members.get(address)
    domain_role = config.domains.get(address.rsplit("@", 1)[1])
    if domain_role is not None and (found is None or _rank(domain_role) > _rank(found)):
        found = domain_role
    return found if found is not None else config.default


def can(role: str | None, action: str) -> bool:
    """Whether a role may do an action ("view", "load", "retract", "clear"). Unknown roles may do nothing."""
    if action not in _MIN_ROLE:
        raise ValueError(f"Unknown action {action!r}; use one of: {', '.join(ACTIONS)}.")
    if role not in ROLES:
        return False
    return _rank(role) >= _rank(_MIN_ROLE[action])
