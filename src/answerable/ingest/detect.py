"""Detect a file's dataset kind and vendor profile from its headers; profiles are TOML data."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from answerable.contract import DATASETS, KINDS, dataset
from answerable.errors import MappingError
from answerable.ingest.mapping import DEFAULT_NULL_TOKENS, Mapping


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


def profile_mapping(profile: Profile, cand: Candidate) -> Mapping:
    """The Mapping a profile proposes for a file (its parse defaults plus the matched headers)."""
    p = profile.parse
    return Mapping(
        kind=cand.kind,
        columns=dict(cand.columns),
        delimiter=p.get("delimiter"),
        decimal=p.get("decimal", "."),
        timestamp_format=p.get("timestamp_format"),
        dayfirst=p.get("dayfirst"),
        null_tokens=tuple(p.get("null_tokens", DEFAULT_NULL_TOKENS)),
        version_column=p.get("version_column"),
        timezone=p.get("timezone", "UTC"),
        values=dict(profile.values.get(cand.kind, {})),
    )


def known_kinds() -> tuple[str, ...]:
    return tuple(DATASETS)


@dataclass(frozen=True)
class Plan:
    """How one file will be read: its kind, profile, mapping and the header position of each column."""

    kind: str
    profile: str
    mapping: Mapping
    positions: dict[str, int]  # contract column -> index of its header in the file
    version_position: int | None


def _find(headers: tuple[str, ...], wanted: str) -> int | None:
    if wanted in headers:
        return headers.index(wanted)
    norm = [normalize_header(h) for h in headers]
    key = normalize_header(wanted)
    return norm.index(key) if key in norm else None


def resolve_plan(
    headers: tuple[str, ...],
    name: str,
    *,
    kind: str | None,
    profile: str | None,
    mapping: Mapping | None,
    delimiter: str,
) -> Plan:
    """Decide kind, profile and mapping for a file, or refuse it with what to do."""
    from answerable.ingest.read import refuse

    found = ", ".join(repr(h) for h in headers[:40]) + (" ..." if len(headers) > 40 else "")
    if mapping is not None:
        if kind is not None and dataset(kind).kind != mapping.kind:
            raise refuse(
                name, "kind_conflict", f"--kind {kind} contradicts the mapping's kind {mapping.kind}."
            )
        m, prof = mapping, profile or "mapping"
    else:
        cands = detect(headers, kind=kind, profile=profile)
        if not cands or cands[0].missing_required:
            if cands:
                best = cands[0]
                what = (
                    f"It looks most like {best.kind} ({get_profile(best.profile).title} names) but lacks "
                    f"the required column(s) {', '.join(best.missing_required)}."
                )
            else:
                what = "No header matches a known dataset."
            raise refuse(
                name,
                "missing_required_column",
                f"{what} Headers found: {found}. Rename the "
                "headers (see `answerable template KIND`), or say what the file is with --kind/--profile, "
                "or give a --mapping M.toml naming the header of each required column.",
                line=1,
            )
        best = cands[0]
        m, prof = profile_mapping(get_profile(best.profile), best), best.profile
    positions: dict[str, int] = {}
    for col, header in m.columns.items():
        pos = _find(headers, header)
        if pos is None:
            raise refuse(
                name,
                "mapped_header_missing",
                f"The mapping reads {col} from header {header!r}, which "
                f"is not in the file. Headers found: {found}. Fix the mapping.",
                line=1,
                column=header,
            )
        positions[col] = pos
    missing = [c for c in dataset(m.kind).required if c not in positions]
    if missing:
        raise refuse(
            name,
            "missing_required_column",
            f"The mapping for {m.kind} lacks the required column(s) "
            f"{', '.join(missing)}. Headers found: {found}. Map them in the mapping's [columns].",
            line=1,
        )
    version = _find(headers, m.version_column) if m.version_column else None
    columns = {c: headers[i] for c, i in positions.items()}
    m = Mapping(
        m.kind,
        columns,
        delimiter,
        m.decimal,
        m.timestamp_format,
        m.dayfirst,
        m.null_tokens,
        headers[version] if version is not None else None,
        m.timezone,
        dict(m.values),
    )
    return Plan(m.kind, prof, m, positions, version)
