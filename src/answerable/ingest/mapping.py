"""Step 3, map: which header of the file holds each contract column (DESIGN §3, §8).

The `Mapping` value and its TOML form (the user's --mapping file, the app's editor), the mapping a
profile proposes for the detected candidate, and the `Plan` for one file: its kind, profile, mapping
and the header position of each mapped column. Reads the header names (read step) and the
candidates (detect step); never the file's rows.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from answerable import tomltext
from answerable.contract import DATASETS, dataset
from answerable.errors import MappingError
from answerable.ingest.detect import Candidate, Profile, detect, get_profile, normalize_header
from answerable.ingest.report import refuse

DEFAULT_NULL_TOKENS: tuple[str, ...] = ("", "?", "null", "none", "n/a", "na", "#n/a", "#n/b", "nan")
_PARSE_KEYS = (
    "delimiter",
    "decimal",
    "timestamp_format",
    "dayfirst",
    "null_tokens",
    "version_column",
    "timezone",
)


@dataclass(frozen=True)
class Mapping:
    """Which header holds each contract column, and how to parse the file.

    `columns` maps contract name -> header in the file. `values` maps, per contract column, a file
    value (lower-cased, trimmed) to the value to store, e.g. JSM priority "highest" -> "1".
    """

    kind: str
    columns: dict[str, str]
    delimiter: str | None = None
    decimal: str = "."
    timestamp_format: str | None = None
    dayfirst: bool | None = None
    null_tokens: tuple[str, ...] = DEFAULT_NULL_TOKENS
    version_column: str | None = None
    timezone: str = "UTC"
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def with_columns(self, columns: dict[str, str]) -> Mapping:
        return replace(self, columns=dict(columns))


def validate_mapping(m: Mapping, *, source: str = "mapping") -> Mapping:
    """Check a mapping against the contract; a clear MappingError otherwise."""
    if m.kind not in DATASETS:
        raise MappingError(f"{source}: kind {m.kind!r} is not a dataset; use one of {', '.join(DATASETS)}.")
    ds = dataset(m.kind)
    unknown = sorted(set(m.columns) - set(ds.names))
    if unknown:
        raise MappingError(
            f"{source}: {', '.join(unknown)} not columns of {m.kind}; valid names: {', '.join(ds.names)}."
        )
    for name, header in m.columns.items():
        if not isinstance(header, str) or not header.strip():
            raise MappingError(f"{source}: column {name!r} must name a header in the file (a string).")
    if m.delimiter is not None and len(m.delimiter) != 1:
        raise MappingError(f"{source}: delimiter {m.delimiter!r} must be one character, e.g. ';' or ','.")
    d = m.delimiter
    if d is not None and (d == '"' or (d != "\t" and not d.isprintable())):
        raise MappingError(
            f"{source}: delimiter {m.delimiter!r} cannot separate columns (it is the quote character or a "
            "control character); use ',', ';', '|' or a tab."
        )
    if m.decimal not in (".", ","):
        raise MappingError(f"{source}: decimal {m.decimal!r} must be '.' or ','.")
    for col in m.values:
        if col not in ds.names:
            raise MappingError(f"{source}: [values.{col}] is not a column of {m.kind}.")
    _check_with_duckdb(m, source)
    return m


def _check_with_duckdb(m: Mapping, source: str) -> None:
    """The time zone and timestamp format must be ones DuckDB knows (checked once, not per row)."""
    import duckdb

    con = duckdb.connect()
    try:
        try:
            con.execute("SELECT timezone(?, TIMESTAMP '2020-01-01')::VARCHAR", [m.timezone]).fetchall()
        except duckdb.Error:
            raise MappingError(
                f'{source}: timezone {m.timezone!r} is not a time zone name; use e.g. "UTC" or '
                '"Europe/Amsterdam".'
            ) from None
        if m.timestamp_format is not None:
            try:
                con.execute("SELECT try_strptime('2020-01-01', ?)::VARCHAR", [m.timestamp_format]).fetchall()
            except duckdb.Error:
                raise MappingError(
                    f"{source}: timestamp_format {m.timestamp_format!r} is not a valid format; use "
                    'strptime codes such as "%d/%m/%Y %H:%M".'
                ) from None
    finally:
        con.close()


def mapping_from_dict(data: dict[str, Any], *, source: str = "mapping") -> Mapping:
    kind = data.get("kind")
    if not isinstance(kind, str):
        raise MappingError(f'{source}: missing `kind = "..."` (one of {", ".join(DATASETS)}).')
    columns = data.get("columns", {})
    parse = data.get("parse", {})
    values = data.get("values", {})
    if not isinstance(columns, dict) or not isinstance(parse, dict) or not isinstance(values, dict):
        raise MappingError(f"{source}: [columns], [parse] and [values] must be tables.")
    extra = sorted(set(parse) - set(_PARSE_KEYS))
    if extra:
        raise MappingError(
            f"{source}: unknown [parse] keys {', '.join(extra)}; allowed: {', '.join(_PARSE_KEYS)}."
        )
    tokens = parse.get("null_tokens", DEFAULT_NULL_TOKENS)
    if not isinstance(tokens, list | tuple) or not all(isinstance(t, str) for t in tokens):
        raise MappingError(f'{source}: null_tokens must be a list of strings, e.g. ["", "?"].')
    dayfirst = parse.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise MappingError(f"{source}: dayfirst must be true or false.")
    m = Mapping(
        kind=kind,
        columns={str(k): v for k, v in columns.items()},
        delimiter=parse.get("delimiter"),
        decimal=parse.get("decimal", "."),
        timestamp_format=parse.get("timestamp_format"),
        dayfirst=dayfirst,
        null_tokens=tuple(t.strip().lower() for t in tokens),
        version_column=parse.get("version_column"),
        timezone=parse.get("timezone", "UTC"),
        values={str(c): {str(k).strip().lower(): str(v) for k, v in vm.items()} for c, vm in values.items()},
    )
    return validate_mapping(m, source=source)


def load_mapping(source: str | Path) -> Mapping:
    """Read a mapping from a TOML file path, or from TOML text (a string containing a newline)."""
    if isinstance(source, str) and "\n" in source:
        text, name = source, "mapping"
    else:
        path = Path(source)
        try:
            text, name = path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise MappingError(f"Cannot read the mapping file {path}: {exc.strerror}.") from None
    try:
        data = tomltext.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{name} is not valid TOML ({exc}). See `answerable ingest --help`.") from None
    return mapping_from_dict(data, source=name)


def _s(value: str) -> str:
    # a JSON string is a TOML basic string, once DEL (which JSON leaves raw, TOML forbids) is escaped
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def dump_mapping(m: Mapping) -> str:
    """The TOML text of a mapping, in the DESIGN §8 layout; load_mapping(dump_mapping(m)) == m."""
    lines = [f"kind = {_s(m.kind)}", "", "[columns]  # contract name = header in the file"]
    lines += [f"{name} = {_s(header)}" for name, header in m.columns.items()]
    lines += ["", "[parse]"]
    if m.delimiter is not None:
        lines.append(f"delimiter = {_s(m.delimiter)}")
    lines.append(f"decimal = {_s(m.decimal)}")
    if m.timestamp_format is not None:
        lines.append(f"timestamp_format = {_s(m.timestamp_format)}")
    if m.dayfirst is not None:
        lines.append(f"dayfirst = {'true' if m.dayfirst else 'false'}")
    lines.append("null_tokens = [" + ", ".join(_s(t) for t in m.null_tokens) + "]")
    if m.version_column is not None:
        lines.append(f"version_column = {_s(m.version_column)}")
    lines.append(f"timezone = {_s(m.timezone)}")
    for col, vm in m.values.items():
        lines += ["", f"[values.{col}]"] + [f"{_s(k)} = {_s(v)}" for k, v in vm.items()]
    return "\n".join(lines) + "\n"


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
