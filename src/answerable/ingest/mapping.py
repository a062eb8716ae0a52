"""The mapping: which header of a file holds each contract column, and how to parse it (DESIGN §3, §8).

The `Mapping` value and its TOML form (the user's --mapping file, the app's editor, a saved mapping).
The map step (`plan.py`) applies one to a file's headers.
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

DEFAULT_NULL_TOKENS: tuple[str, ...] = ("", "?", "null", "none", "n/a", "na", "#n/a", "#n/b", "nan")
_PARSE_KEYS = (
    "delimiter",
    "decimal",
    "timestamp_format",
    "dayfirst",
    "null_tokens",
    "version_column",
    "timezone",
    "null_tokens_by_column",
    "placeholders",
)


# Priority words of the common tools, each in its own order, 1 = highest: ServiceNow (Critical, High,
# Moderate, Low, Planning), BMC Remedy and Freshservice (Critical/Urgent, High, Medium, Low), Zendesk
# (Urgent, High, Normal, Low). Used unless a mapping or profile maps priority's values itself (Jira's
# profile does: its classic scheme ranks Blocker above Critical).
DEFAULT_VALUE_MAPS: dict[str, dict[str, str]] = {
    "priority": {
        "critical": "1", "urgent": "1", "high": "2", "medium": "3", "moderate": "3", "normal": "3",
        "low": "4", "planning": "5",
    },
}


@dataclass(frozen=True)
class Mapping:
    """Which header holds each contract column, and how to parse the file.

    `columns` maps contract name -> header in the file. `values` maps, per contract column, a file
    value (lower-cased, trimmed) to the value to store, e.g. JSM priority "highest" -> "1".
    `null_tokens_by_column` replaces `null_tokens` for the columns it names (so a real "None" in an
    impact column survives). `placeholders` are values a tool writes instead of a value (HP SM's
    "#MULTIVALUE"): stored as null and counted per column in a warning.
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
    null_tokens_by_column: dict[str, tuple[str, ...]] = field(default_factory=dict)
    placeholders: tuple[str, ...] = ()

    def value_map(self, column: str) -> dict[str, str] | None:
        """The value map of one contract column: the mapping's or profile's own, else the built-in one
        (priority words such as 'Critical' or 'Urgent', DEFAULT_VALUE_MAPS)."""
        return self.values.get(column) or DEFAULT_VALUE_MAPS.get(column)

    def tokens(self, column: str) -> tuple[str, ...]:
        """The null tokens of one contract column."""
        return self.null_tokens_by_column.get(column, self.null_tokens)

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
    for col in m.null_tokens_by_column:
        if col not in ds.names:
            raise MappingError(f"{source}: [parse.null_tokens_by_column] {col} is not a column of {m.kind}.")
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
    tokens = _strings(parse.get("null_tokens", DEFAULT_NULL_TOKENS), "null_tokens", source)
    by_column = parse.get("null_tokens_by_column", {})
    if not isinstance(by_column, dict):
        raise MappingError(f'{source}: [parse.null_tokens_by_column] must be a table, e.g. impact = [""].')
    placeholders = _strings(parse.get("placeholders", ()), "placeholders", source)
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
        null_tokens_by_column={
            str(c): tuple(t.strip().lower() for t in _strings(v, f"null_tokens_by_column.{c}", source))
            for c, v in by_column.items()
        },
        placeholders=tuple(t.strip().lower() for t in placeholders),
    )
    return validate_mapping(m, source=source)


def _strings(value: Any, key: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
        raise MappingError(f'{source}: {key} must be a list of strings, e.g. ["", "?"].')
    return tuple(value)


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
    if m.placeholders:
        lines.append("placeholders = [" + ", ".join(_s(t) for t in m.placeholders) + "]")
    if m.null_tokens_by_column:
        lines += ["", "[parse.null_tokens_by_column]"]
        for c, ts in m.null_tokens_by_column.items():
            lines.append(f"{c} = [" + ", ".join(_s(t) for t in ts) + "]")
    for col, vm in m.values.items():
        lines += ["", f"[values.{col}]"] + [f"{_s(k)} = {_s(v)}" for k, v in vm.items()]
    return "\n".join(lines) + "\n"
