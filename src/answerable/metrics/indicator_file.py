"""Read one indicator file (`sql/<id>.toml`) into an Indicator; the only reader of those files.

Every mistake is an IndicatorFileError naming the file, the key, what was found and what to write,
because the person who sees it is a contributor adding an indicator.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from answerable.contract import DATASETS
from answerable.errors import IndicatorFileError
from answerable.metrics.indicator import AGGREGATES, BREAKDOWNS, IGNORED_FILTERS, SQL_DIR, Indicator

REQUIRED = ("title", "definition", "order", "direction", "unit", "population", "aggregate", "evidence_label")
OPTIONAL = (
    "dimension", "shown_with", "sql_file", "extra_file", "needs", "requires", "lookups", "ignores_filters",
    "breakdowns", "bands", "min_evidence", "clauses", "gap", "gap_label",
)
# Keys only an accountability indicator (one with a dimension) has, and must have.
SCORED = ("bands", "clauses", "gap", "gap_label")
BAND_KEYS = ("L5", "L4", "L3", "L2")


class _File:
    """One parsed file and the helpers that check its keys, each error naming file and key."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path, self.data = path, data

    def fail(self, key: str, problem: str) -> IndicatorFileError:
        return IndicatorFileError(f"{self.path.name}: {key}: {problem}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty text, found {value!r}.")
        return value.strip()

    def choice(self, key: str, allowed: tuple[str, ...] | list[str]) -> str:
        value = self.data.get(key)
        if value not in allowed:
            raise self.fail(key, f"expected one of {', '.join(map(repr, allowed))}, found {value!r}.")
        return str(value)

    def names(self, key: str, allowed: tuple[str, ...] | list[str] | None = None) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f'expected a list of texts such as ["a", "b"], found {value!r}.')
        if allowed is not None:
            wrong = [v for v in value if v not in allowed]
            if wrong:
                raise self.fail(key, f"{wrong[0]!r} is not one of {', '.join(allowed) or '(none)'}.")
        return tuple(value)

    def whole(self, key: str, minimum: int) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(key, f"expected a whole number >= {minimum}, found {value!r}.")
        return value

    def sql(self, key: str, name: str) -> str:
        path = SQL_DIR / name
        if not path.is_file():
            raise self.fail(key, f"the SQL file {name} does not exist in {SQL_DIR}.")
        return path.read_text(encoding="utf-8")


def _needs(f: _File) -> tuple[tuple[str, str], ...]:
    table = f.data.get("needs", {})
    if not isinstance(table, dict):
        raise f.fail("needs", f'expected a table such as {{ ai_decisions = ["autonomy"] }}, found {table!r}.')
    out: list[tuple[str, str]] = []
    for kind, columns in table.items():
        if kind not in DATASETS:
            raise f.fail(f"needs.{kind}", f"no such dataset; expected one of {', '.join(DATASETS)}.")
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise f.fail(f"needs.{kind}", f'expected a list of column names, found {columns!r}.')
        for column in columns:  # "a|b": either column will do
            for alternative in column.split("|"):
                if alternative not in DATASETS[kind].names:
                    raise f.fail(f"needs.{kind}",
                                 f"{alternative!r} is not a column of {kind} (see contract.py).")
            out.append((kind, column))
    return tuple(out)


def _bands(f: _File) -> tuple[float, ...]:
    table = f.data.get("bands")
    if (not isinstance(table, dict) or sorted(table) != sorted(BAND_KEYS)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in table.values())):
        raise f.fail("bands", f"expected {{ L5 = .., L4 = .., L3 = .., L2 = .. }}, found {table!r}.")
    return tuple(float(table[k]) for k in BAND_KEYS)


def read_indicator(path: Path) -> Indicator:
    """The Indicator declared by `path` (sql/<id>.toml) and its SQL file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise IndicatorFileError(f"{path.name}: cannot be read as UTF-8 TOML: {exc}") from None
    f = _File(path, data)
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise f.fail(unknown[0], f"unknown key; expected only {', '.join(REQUIRED + OPTIONAL)}.")
    ind_id = path.stem
    dimension = f.text("dimension") if "dimension" in data else None
    scored = dimension is not None
    for key in SCORED:
        if scored and key not in data:
            raise f.fail(key, "missing; an indicator with a dimension is scored and needs bands, clauses, "
                              "gap and gap_label.")
        if not scored and key in data:
            raise f.fail(key, "only an indicator with a dimension (a scored one) has this key.")
    if "shown_with" in data and scored:
        raise f.fail("shown_with", "only a context metric (no dimension) has it.")
    population = f.choice("population", list(IGNORED_FILTERS))
    ignored = f.names("ignores_filters") if "ignores_filters" in data else IGNORED_FILTERS[population]
    if ignored != IGNORED_FILTERS[population]:
        raise f.fail("ignores_filters", f"a {population} population ignores exactly "
                                        f"{list(IGNORED_FILTERS[population])!r} (see _base/scope.sql).")
    breakdowns = (f.names("breakdowns", BREAKDOWNS.get(population, ())) if "breakdowns" in data
                  else BREAKDOWNS.get(population, ()))
    requires = f.names("requires", list(DATASETS))
    requires = (population, *[r for r in requires if r != population])
    sql_file = f.text("sql_file") if "sql_file" in data else f"{ind_id}.sql"
    gap = f.text("gap") if scored else ""
    if scored and "{n}" not in gap:
        raise f.fail("gap", f"the sentence must contain {{n}} (the number of records to fix), found {gap!r}.")
    return Indicator(
        id=ind_id, title=f.text("title"), definition=" ".join(f.text("definition").split()),
        direction=f.choice("direction", ("lower", "higher")),  # type: ignore[arg-type]
        unit=f.text("unit"), kind="accountability" if scored else "context", requires=requires,
        dimension=dimension, breakdowns=breakdowns, ignored_filters=ignored, sql=f.sql("sql_file", sql_file),
        min_evidence_basis="systems" if population == "ai_systems" else "records",
        references=f.names("clauses"), population=population,
        aggregate=f.choice("aggregate", AGGREGATES),  # type: ignore[arg-type]
        evidence_label=f.text("evidence_label"), needs=_needs(f),
        reads=tuple(dict.fromkeys((*requires, *f.names("lookups", list(DATASETS))))),
        extra_sql=f.sql("extra_file", f.text("extra_file")) if "extra_file" in data else None,
        bands=_bands(f) if scored else None, sql_file=sql_file,
        min_evidence=f.whole("min_evidence", 1) if "min_evidence" in data else None,
        gap=gap, gap_label=f.text("gap_label") if scored else "",
        shown_with=f.text("shown_with") if "shown_with" in data else None, order=f.whole("order", 0),
    )


def read_all(sql_dir: Path = SQL_DIR) -> list[Indicator]:
    """Every indicator file of `sql_dir`: accountability indicators, then context metrics, by order."""
    found = [read_indicator(p) for p in sorted(sql_dir.glob("*.toml"))]
    return sorted(found, key=lambda i: (i.kind != "accountability", i.order, i.id))
