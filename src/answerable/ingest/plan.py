"""Step 3, map: the plan for one file: its kind, profile, mapping and where each mapped column is.

Reads the header names (read step) and the candidates (detect step); never the file's rows. Header
rules apply only to the columns the mapping uses (DESIGN §3 "Real exports as shipped"): a used header
that is duplicated is refused (except an optional column a profile picked, read from the first of
its columns with a warning: Jira repeats a multi-valued field's header once per value); unused
duplicates and columns without a header are set aside here and
reported by the later steps (an unnamed column that holds values is a warning, an empty one is
dropped and counted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from answerable.contract import dataset
from answerable.ingest.detect import Candidate, Profile, detect, get_profile, normalize_header
from answerable.ingest.mapping import DEFAULT_NULL_TOKENS, Mapping
from answerable.ingest.report import refuse


def profile_mapping(profile: Profile, cand: Candidate) -> Mapping:
    """The Mapping a profile proposes for a file (its parse defaults plus the matched headers)."""
    p = profile.parse
    by_column = {c: tuple(t) for c, t in p.get("null_tokens_by_column", {}).items() if c in cand.columns}
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
        null_tokens_by_column=by_column,
        placeholders=tuple(p.get("placeholders", ())),
    )


@dataclass(frozen=True)
class Plan:
    """How one file will be read: its kind, profile, mapping and the header position of each column."""

    kind: str
    profile: str
    mapping: Mapping
    positions: dict[str, int]  # contract column -> index of its header in the file
    version_position: int | None
    width: int = 0  # number of columns in the file
    unnamed: tuple[int, ...] = ()  # positions of columns without a header (never read as data)
    ignored_duplicates: tuple[tuple[str, tuple[int, ...]], ...] = ()  # unused duplicated names, positions
    # (column, header, positions): an optional column a profile reads from a repeated header (Jira
    # writes one column per value of a multi-valued field): read from the first of them
    repeated: tuple[tuple[str, str, tuple[int, ...]], ...] = ()


def _same(header: str) -> str:
    """Two headers are duplicates when they are equal ignoring case and surrounding spaces."""
    return header.strip().lower()


def _find(headers: tuple[str, ...], wanted: str) -> list[int]:
    """Positions of a header: exact matches, else matches ignoring case, spacing and punctuation."""
    exact = [i for i, h in enumerate(headers) if h and _same(h) == _same(wanted)]
    if exact:
        return exact
    key = normalize_header(wanted)
    return [i for i, h in enumerate(headers) if h and normalize_header(h) == key]


def _position(
    headers: tuple[str, ...], wanted: str, what: str, name: str, found: str, line: int = 1
) -> int | None:
    return _only(headers, _find(headers, wanted), what, name, found, line)


def _only(
    headers: tuple[str, ...], hits: list[int], what: str, name: str, found: str, line: int
) -> int | None:
    """The one position of a header (`_find`'s hits), None if absent; a refusal when it repeats."""
    if len(hits) > 1:
        cols = " and ".join(str(i + 1) for i in hits)
        both = "both" if len(hits) == 2 else "all"
        raise refuse(
            name,
            "duplicate_header",
            f"Columns {cols} are {both} named {headers[hits[-1]]!r}, and the mapping reads {what} from that "
            "name, so it is not clear which one holds it. Rename one of them in the export, or map "
            f"{what} to another header. Headers found: {found}.",
            line=line,
            column=headers[hits[-1]],
        )
    return hits[0] if hits else None


Duplicates = tuple[tuple[str, tuple[int, ...]], ...]  # (name, its positions) per duplicated name


def _set_aside(headers: tuple[str, ...], used: set[int]) -> tuple[tuple[int, ...], Duplicates]:
    """Columns without a header, and duplicated names that no mapped column uses."""
    unnamed = tuple(i for i, h in enumerate(headers) if not h.strip())
    groups: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        if h.strip():
            groups.setdefault(_same(h), []).append(i)
    dups = tuple(
        (headers[pos[0]], tuple(pos)) for pos in groups.values() if len(pos) > 1 and not used & set(pos)
    )
    return unnamed, dups


def _choose_mapping(
    headers: tuple[str, ...],
    name: str,
    found: str,
    kind: str | None,
    profile: str | None,
    mapping: Mapping | None,
    line: int = 1,
) -> tuple[Mapping, str]:
    if mapping is not None:
        if kind is not None and dataset(kind).kind != mapping.kind:
            raise refuse(
                name, "kind_conflict", f"--kind {kind} contradicts the mapping's kind {mapping.kind}."
            )
        return mapping, profile or "mapping"
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
            line=line,
        )
    best = cands[0]
    return profile_mapping(get_profile(best.profile), best), best.profile


def resolve_plan(
    headers: tuple[str, ...],
    name: str,
    *,
    kind: str | None,
    profile: str | None,
    mapping: Mapping | None,
    delimiter: str,
    header_line: int = 1,
) -> Plan:
    """Decide kind, profile and mapping for a file, or refuse it with what to do (`header_line`: the
    file's line holding the header, named in refusals)."""
    shown = [repr(h) if h.strip() else "(no header)" for h in headers[:40]]
    found = ", ".join(shown) + (" ..." if len(headers) > 40 else "")
    m, prof = _choose_mapping(headers, name, found, kind, profile, mapping, header_line)
    positions: dict[str, int] = {}
    repeated: list[tuple[str, str, tuple[int, ...]]] = []
    # a profile whose tool repeats a multi-valued field's header (Jira) reads the first of them
    first_of_repeated = mapping is None and get_profile(prof).parse.get("repeated_headers") == "first"
    optional = set(dataset(m.kind).names) - set(dataset(m.kind).required) - {dataset(m.kind).key}
    for col, header in m.columns.items():
        hits = _find(headers, header)
        if len(hits) > 1 and col in optional and first_of_repeated:  # a profile's pick, not the user's
            positions[col] = hits[0]
            repeated.append((col, headers[hits[0]], tuple(hits)))
            continue
        pos = _only(headers, hits, col, name, found, header_line)
        if pos is None:
            raise refuse(
                name,
                "mapped_header_missing",
                f"The mapping reads {col} from header {header!r}, which "
                f"is not in the file. Headers found: {found}. Fix the mapping.",
                line=header_line,
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
            line=header_line,
        )
    version = (
        _position(headers, m.version_column, "the version column", name, found, header_line)
        if m.version_column
        else None
    )
    used = set(positions.values()) | ({version} if version is not None else set())
    unnamed, dups = _set_aside(headers, used)
    m = replace(
        m,
        columns={c: headers[i] for c, i in positions.items()},
        delimiter=delimiter,
        version_column=headers[version] if version is not None else None,
        values=dict(m.values),
        null_tokens_by_column={c: t for c, t in m.null_tokens_by_column.items() if c in positions},
    )
    return Plan(m.kind, prof, m, positions, version, len(headers), unnamed, dups, tuple(repeated))
