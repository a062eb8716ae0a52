"""Step 2, detect: a file's dataset kind and vendor profile, from its headers; profiles are TOML data.

Reads only the header names the read step found; produces `Candidate`s (profile, kind, the contract
column each header would fill), best first. Turning the best one into a mapping is the map step's.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from answerable.contract import DATASETS, KINDS, dataset
from answerable.errors import MappingError


def normalize_header(header: str) -> str:
    """Headers match case-insensitively, ignoring spacing and punctuation: 'Open Time' == 'open_time'."""
    return re.sub(r"[^0-9a-z#]+", "_", header.strip().lower()).strip("_")


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    signature: tuple[str, ...]
    kinds: dict[str, dict[str, tuple[str, ...]]]  # kind -> contract column -> candidate headers
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # kind -> col -> map
    parse: dict[str, Any] = field(default_factory=dict)

    def candidates(self, kind: str) -> dict[str, tuple[str, ...]]:
        return self.kinds.get(kind, {})


def _profile_from_toml(data: dict[str, Any]) -> Profile:
    kinds: dict[str, dict[str, tuple[str, ...]]] = {}
    values: dict[str, dict[str, dict[str, str]]] = {}
    if data.get("identity"):
        kinds = {k: {c: (c,) for c in dataset(k).names} for k in KINDS}
    for kind, spec in data.get("kinds", {}).items():
        ds = dataset(kind)
        cols = spec.get("columns", {})
        bad = sorted(set(cols) - set(ds.names))
        if bad:
            raise MappingError(f"Profile {data.get('name')!r}: {bad} are not columns of {kind}.")
        kinds[kind] = {c: tuple(h if isinstance(h, str) else str(h) for h in hs) for c, hs in cols.items()}
        values[kind] = {
            c: {str(k).lower(): str(v) for k, v in vm.items()} for c, vm in spec.get("values", {}).items()
        }
    return Profile(
        name=str(data["name"]),
        title=str(data.get("title", data["name"])),
        signature=tuple(data.get("signature", ())),
        kinds=kinds,
        values=values,
        parse=dict(data.get("parse", {})),
    )


@lru_cache(maxsize=1)
def load_profiles() -> dict[str, Profile]:
    """The built-in profiles (ingest/profiles/*.toml), by name."""
    out: dict[str, Profile] = {}
    folder = resources.files("answerable.ingest") / "profiles"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            profile = _profile_from_toml(tomllib.loads(entry.read_text(encoding="utf-8")))
            out[profile.name] = profile
    return out


def get_profile(name: str) -> Profile:
    profiles = load_profiles()
    if name not in profiles:
        raise MappingError(f"Unknown profile {name!r}; use one of: {', '.join(profiles)}.")
    return profiles[name]


@dataclass(frozen=True)
class Candidate:
    """One (profile, kind) reading of a file's headers."""

    profile: str
    kind: str
    columns: dict[str, str]  # contract column -> the file's header
    missing_required: tuple[str, ...]
    score: int


def match_profile(profile: Profile, kind: str, headers: tuple[str, ...]) -> Candidate:
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(normalize_header(h), h)
    columns: dict[str, str] = {}
    for col, options in profile.candidates(kind).items():
        for option in options:
            found = by_norm.get(normalize_header(option))
            if found is not None:
                columns[col] = found
                break
    missing = tuple(c for c in dataset(kind).required if c not in columns)
    sig = sum(1 for s in profile.signature if normalize_header(s) in by_norm)
    return Candidate(profile.name, kind, columns, missing, len(columns) + 3 * sig)


def detect(
    headers: tuple[str, ...], *, kind: str | None = None, profile: str | None = None
) -> list[Candidate]:
    """All candidate readings, best first: complete ones (no required column missing) by score."""
    profiles = [get_profile(profile)] if profile else list(load_profiles().values())
    kinds = [dataset(kind).kind] if kind else list(KINDS)
    cands = [match_profile(p, k, headers) for p in profiles for k in kinds if p.candidates(k)]
    cands = [c for c in cands if c.columns]
    cands.sort(key=lambda c: (not c.missing_required, c.score, c.profile == "canonical"), reverse=True)
    return cands


def known_kinds() -> tuple[str, ...]:
    return tuple(DATASETS)
