"""The maturity model: build the built-in model, merge a user file over it key by key, validate.

The built-in model is derived, not written twice: version, weights and the dimensions' titles and
order come from default_model.toml; each dimension's indicators, their direction, bands and minimum
evidence from the indicator files (answerable.metrics.REGISTRY); the rule defaults from
answerable.metrics.defaults. Every problem is a ModelError that names the key, what was found and
what is expected, so a user can fix their model file without reading this code.
"""

from __future__ import annotations

import difflib
import itertools
import math
import tomllib
from dataclasses import asdict, dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import tomli_w

from answerable import tomltext
from answerable.errors import ModelError
from answerable.metrics import REGISTRY
from answerable.metrics.defaults import Defaults

Direction = Literal["lower", "higher"]
BUILTIN_NAME = "default_model.toml"


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorModel:
    id: str
    direction: Direction
    bands: tuple[float, float, float, float]  # L5, L4, L3, L2 edges, best first
    min_evidence: int | None = None

    def edge(self, level: int) -> float:
        """The band edge a value must reach (inclusive) to be at `level` (2..5)."""
        if not 2 <= level <= 5:
            raise ValueError(f"levels with an edge are 2..5, not {level}")
        return self.bands[5 - level]


@dataclass(frozen=True)
class Model:
    version: str
    defaults: Defaults
    weights: dict[str, float]
    dimensions: tuple[Dimension, ...]
    indicators: dict[str, IndicatorModel]
    source: str  # where it came from: "built-in" or "built-in + <user file>"

    def dimension_of(self, indicator_id: str) -> Dimension | None:
        for d in self.dimensions:
            if indicator_id in d.indicators:
                return d
        return None


@cache
def _builtin_file() -> dict[str, Any]:
    """default_model.toml (version, weights, dimension titles in page order): its only reader."""
    try:
        text = resources.files("answerable.maturity").joinpath(BUILTIN_NAME).read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (FileNotFoundError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"The built-in maturity model {BUILTIN_NAME} cannot be read: {exc}") from None


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def builtin_document() -> dict[str, Any]:
    """The built-in model as a model-file document (a fresh dict: callers may change it)."""
    base = _builtin_file()
    titles = base.get("dimensions", {})
    members: dict[str, list[str]] = {dim_id: [] for dim_id in titles}
    indicators: dict[str, Any] = {}
    for ind in REGISTRY.values():
        if ind.dimension is None or ind.bands is None:
            continue
        if ind.dimension not in members:
            raise ModelError(
                f"{ind.id}.toml: dimension {ind.dimension!r} is not declared in {BUILTIN_NAME}; expected one "
                f"of {', '.join(members)} (or add [dimensions.{ind.dimension}] with its title and weight)."
            )
        members[ind.dimension].append(ind.id)
        spec: dict[str, Any] = {"direction": ind.direction, "bands": [_number(b) for b in ind.bands]}
        if ind.min_evidence is not None:
            spec["min_evidence"] = ind.min_evidence
        indicators[ind.id] = spec
    defaults = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(Defaults()).items()}
    return {
        "version": base.get("version"),
        "defaults": defaults,
        "weights": dict(base.get("weights", {})),
        "dimensions": {d: {**dict(t), "indicators": members[d]} for d, t in titles.items()},
        "indicators": indicators,
    }


def builtin_model_text() -> str:
    """The built-in model as a TOML file a user can download, edit and load back."""
    head = (f"# Answerable built-in maturity model {_builtin_file().get('version')}, generated from the "
            "indicator files.\n# Load your own with --model: it is merged over this one key by key, so keep "
            "only what you change.\n\n")
    return head + tomli_w.dumps(builtin_document())


def load_model(path: str | Path | None = None) -> Model:
    """The built-in model, or the built-in model with a user file merged over it key by key."""
    if path is None:
        return load_model_text(None)
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(f"Model file {p} does not exist; check the --model path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"Model file {p} cannot be read ({exc}); it must be UTF-8 TOML.") from None
    return load_model_text(text, str(p))


def load_model_text(text: str | None, name: str = "model file") -> Model:
    """The built-in model with the TOML `text` merged over it (None: the built-in model alone).

    `name` is how messages and `Model.source` call the text (a file name, never a server path).
    """
    base = builtin_document()
    if text is None:
        return parse_model(base, source="built-in")
    try:
        user = tomltext.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"Model file {name} is not valid TOML: {exc}. Fix the syntax and retry.") from None
    return parse_model(merge(base, user), source=f"built-in + {name}")


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Key-by-key merge: tables merge recursively, any other value (list, number, text) replaces."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def parse_model(data: dict[str, Any], *, source: str = "built-in") -> Model:
    """Validate a model document (already merged) and build the Model."""
    known = {"version", "defaults", "weights", "dimensions", "indicators"}
    _no_unknown(data, known, "the model file")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ModelError(f'version: expected a non-empty text such as "my-model-1.0", found {version!r}.')
    indicators = _parse_indicators(_table(data, "indicators"))
    dimensions = _parse_dimensions(_table(data, "dimensions"), indicators)
    weights = _parse_weights(_table(data, "weights"), dimensions)
    defaults = _parse_defaults(data.get("defaults", {}))
    return Model(version.strip(), defaults, weights, dimensions, indicators, source)


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ModelError(f"[{key}]: expected a non-empty table, found {value!r}.")
    return value


def _no_unknown(table: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ModelError(
            f"{where}: unknown key(s) {', '.join(unknown)}; expected only {', '.join(sorted(known))}."
        )


def _is_number(v: object) -> bool:
    """A finite int or float: TOML's nan and inf are never a valid edge, weight or threshold."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _unknown_indicator(ind_id: str) -> str:
    close = difflib.get_close_matches(ind_id, list(REGISTRY), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{ind_id!r} is not an indicator Answerable computes{hint}; the ids are listed in docs/metrics.md."


def _parse_indicators(table: dict[str, Any]) -> dict[str, IndicatorModel]:
    out: dict[str, IndicatorModel] = {}
    for ind_id, spec in table.items():
        key = f"indicators.{ind_id}"
        if ind_id not in REGISTRY:
            raise ModelError(f"[{key}]: {_unknown_indicator(ind_id)}")
        if not isinstance(spec, dict):
            raise ModelError(f"[{key}]: expected a table with direction and bands, found {spec!r}.")
        _no_unknown(spec, {"direction", "bands", "min_evidence"}, f"[{key}]")
        direction = spec.get("direction")
        if direction not in ("lower", "higher"):
            raise ModelError(f'{key}.direction: expected "lower" or "higher", found {direction!r}.')
        bands = spec.get("bands")
        if not isinstance(bands, list) or len(bands) != 4 or not all(_is_number(b) for b in bands):
            raise ModelError(
                f"{key}.bands: expected 4 numbers (the L5, L4, L3, L2 edges), found {bands!r}."
            )
        if any(b < 0 for b in bands):
            raise ModelError(f"{key}.bands: edges cannot be negative, found {bands!r}.")
        pairs = list(itertools.pairwise(bands))
        ordered = all(a < b for a, b in pairs) if direction == "lower" else all(a > b for a, b in pairs)
        if not ordered:
            want = "strictly increasing" if direction == "lower" else "strictly decreasing"
            raise ModelError(
                f"{key}.bands: edges must be ordered from best to worst for direction {direction!r} "
                f"({want}, e.g. {'[1, 5, 15, 30]' if direction == 'lower' else '[100, 95, 80, 50]'}), "
                f"found {bands!r}."
            )
        min_ev = spec.get("min_evidence")
        if min_ev is not None and (
            not isinstance(min_ev, int) or isinstance(min_ev, bool) or not 1 <= min_ev <= MAX_COUNT
        ):
            raise ModelError(
                f"{key}.min_evidence: expected a whole number from 1 to {MAX_COUNT:,}, found {min_ev!r}."
            )
        b = tuple(float(x) for x in bands)
        out[ind_id] = IndicatorModel(ind_id, direction, (b[0], b[1], b[2], b[3]), min_ev)
    return out


def _parse_dimensions(table: dict[str, Any], indicators: dict[str, IndicatorModel]) -> tuple[Dimension, ...]:
    dims: list[Dimension] = []
    seen: dict[str, str] = {}
    known_dims = list(_builtin_file().get("dimensions", {}))
    for dim_id, spec in table.items():
        key = f"dimensions.{dim_id}"
        if dim_id not in known_dims:
            raise ModelError(
                f"[{key}]: no such dimension; expected one of {', '.join(known_dims)}. A model file can "
                "regroup the indicators of these dimensions and re-weight them, not add a dimension."
            )
        if not isinstance(spec, dict):
            raise ModelError(f"[{key}]: expected a table with title and indicators, found {spec!r}.")
        _no_unknown(spec, {"title", "indicators"}, f"[{key}]")
        title = spec.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ModelError(f"{key}.title: expected a non-empty text, found {title!r}.")
        inds = spec.get("indicators")
        if not isinstance(inds, list) or not inds or not all(isinstance(i, str) for i in inds):
            raise ModelError(f"{key}.indicators: expected a non-empty list of indicator ids, found {inds!r}.")
        for ind in inds:
            if ind not in REGISTRY:
                raise ModelError(f"{key}.indicators: {_unknown_indicator(ind)}")
            if ind not in indicators:
                raise ModelError(f"{key}.indicators: {ind!r} has no [indicators.{ind}] table with its bands.")
            if ind in seen:
                raise ModelError(f"{key}.indicators: {ind!r} is already in dimension {seen[ind]!r}.")
            seen[ind] = dim_id
        dims.append(Dimension(dim_id, title.strip(), tuple(inds)))
    return tuple(dims)


def _parse_weights(table: dict[str, Any], dimensions: tuple[Dimension, ...]) -> dict[str, float]:
    ids = [d.id for d in dimensions]
    for key in table:
        if key not in ids:
            raise ModelError(f"weights.{key}: no such dimension; expected one of {', '.join(ids)}.")
    weights: dict[str, float] = {}
    for dim_id in ids:
        w = table.get(dim_id)
        if not isinstance(w, int | float) or not _is_number(w) or w < 0:
            raise ModelError(f"weights.{dim_id}: expected a number >= 0 (finite, e.g. 1), found {w!r}.")
        weights[dim_id] = float(w)
    if not any(weights.values()):
        raise ModelError("[weights]: at least one dimension needs a weight above 0.")
    return weights


MAX_DAYS = 36_525  # 100 years: longer periods overflow date arithmetic and mean nothing here
MAX_COUNT = 1_000_000_000
MAX_MINUTES = 525_600
_INT_FIELDS = {
    "min_evidence", "min_evidence_systems", "access_review_days", "credential_rotation_days",
    "inventory_review_days", "knowledge_review_days", "cmdb_verify_days", "pir_grace_days",
}


def _parse_defaults(table: object) -> Defaults:
    if not isinstance(table, dict):
        raise ModelError(f"[defaults]: expected a table, found {table!r}.")
    _no_unknown(table, {f.name for f in fields(Defaults)}, "[defaults]")
    values: dict[str, Any] = {}
    for name, v in table.items():
        key = f"defaults.{name}"
        if name in _INT_FIELDS:
            minimum = 1 if name.startswith("min_evidence") else 0
            maximum = MAX_DAYS if name.endswith("_days") else MAX_COUNT
            if not isinstance(v, int) or isinstance(v, bool) or not minimum <= v <= maximum:
                raise ModelError(
                    f"{key}: expected a whole number from {minimum} to {maximum:,}"
                    f"{' (100 years)' if maximum == MAX_DAYS else ''}, found {v!r}."
                )
        elif name == "confidence_threshold":
            if not _is_number(v) or not 0 <= v <= 1:
                raise ModelError(f"{key}: expected a number from 0 to 1 (e.g. 0.7), found {v!r}.")
            v = float(v)
        elif name == "escalation_sla_minutes":
            if not _is_number(v) or not 0 < v <= MAX_MINUTES:
                raise ModelError(
                    f"{key}: expected a number of minutes above 0 and at most {MAX_MINUTES:,} (a year), "
                    f"found {v!r}."
                )
        elif name == "owner_placeholders":
            if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
                raise ModelError(f'{key}: expected a list of texts such as ["unassigned"], found {v!r}.')
            v = tuple(s.strip().lower() for s in v)
        values[name] = v
    return Defaults(**values)
