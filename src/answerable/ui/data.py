"""The app's one DuckDB connection and its cached queries.

One connection per process (`st.cache_resource`), a fresh cursor for each query (DuckDB 2.x wants a
cursor per thread, and the engine's temp tables are per cursor, so sessions stay isolated). Query
results are cached by one helper, `run`, keyed on (data version, filters, model), so an upload or a
retraction invalidates exactly what it must. Every figure comes from the same core
functions the CLI uses; nothing here re-implements a formula.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import duckdb
import streamlit as st

from answerable import maturity, metrics, security, store
from answerable.ingest.linkage import Linkage
from answerable.maturity.trend import monthly_scores
from answerable.results import Filters, MetricResult, Score
from answerable.ui import queries

Cursor = duckdb.DuckDBPyConnection
MODEL_STATE = "answerable_model_toml"  # session_state key: the text of a model TOML uploaded this session
MODEL_NAME_STATE = "answerable_model_name"


def db_path() -> str:
    return str(store.default_db_path().resolve())


def demo_dir() -> Path:
    """The committed demo CSVs (data/demo of the repository the app runs from)."""
    here = Path("data") / "demo"
    if here.is_dir():
        return here.resolve()
    return (Path(__file__).resolve().parents[3] / "data" / "demo").resolve()


def _lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """Restrict the app connection to the store, the upload directory and the demo data (DESIGN §10)."""
    allowed = [security.upload_dir()]
    if demo_dir().is_dir():
        allowed.append(demo_dir())
    security.lock_down(con, allowed)


@st.cache_resource(show_spinner=False)
def _shared_connection(path: str) -> duckdb.DuckDBPyConnection:
    con = store.connect(path)
    _lock_down(con)
    return con


def cursor() -> duckdb.DuckDBPyConnection:
    """A new cursor on the process's shared connection (close it when done)."""
    return _shared_connection(db_path()).cursor()


def version() -> str:
    with closing(cursor()) as cur:
        return store.data_version(cur)


# --- the maturity model in use: built-in, or a TOML uploaded for this session --------------------------


def validate_model_text(text: str, name: str = "uploaded model") -> Any:
    """Load a model from TOML text (raises ModelError with what to fix, naming `name`, not a path)."""
    return maturity.load_model_text(text, name)


@st.cache_resource(show_spinner=False, max_entries=16)
def _model_from_text(text: str) -> Any:
    return validate_model_text(text)


@st.cache_resource(show_spinner=False)
def _default_model() -> Any:
    return maturity.load_model()


def model() -> tuple[Any, str]:
    """(model, cache key). The key is empty for the built-in model."""
    text = st.session_state.get(MODEL_STATE)
    if not text:
        return _default_model(), ""
    return _model_from_text(text), hashlib.sha256(text.encode()).hexdigest()[:16]


# --- cached queries: one helper, keyed on (data version, filters, model) ------------------------------

Query = Callable[..., Any]  # fn(cursor, filters, model, *args): a core function the CLI also uses


def run(fn: Query, filters: Filters | None = None, *args: Hashable) -> Any:
    """`fn(cursor, filters, model, *args)`, cached until the data, the filters or the model change.

    The key is (the store and its data version, the filters' key, the model's key, fn, args): an upload
    or a retraction changes the data version and so invalidates exactly what it must.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    _QUERIES[name] = fn
    fkey = filters.key() if filters is not None else None
    mod, mkey = model()
    return _cached(name, (db_path(), version()), fkey, mkey, args, filters, mod)


_QUERIES: dict[str, Query] = {}


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(
    name: str, data_key: tuple[str, str], fkey: tuple[str, ...] | None, mkey: str, args: tuple[Hashable, ...],
    _filters: Filters | None, _model: Any,
) -> Any:
    with closing(cursor()) as cur:
        return _QUERIES[name](cur, _filters, _model, *args)


def _store_facts(cur: Cursor, filters: None, mod: Any) -> queries.StoreFacts:
    return queries.store_facts(cur, mod)


def store_facts() -> queries.StoreFacts:
    """Filter choices, data status and linkage: one statement, cached with the data version."""
    return cast(queries.StoreFacts, run(_store_facts))


def filter_options() -> queries.FilterOptions:
    return store_facts().options


def data_status() -> queries.DataStatus:
    return store_facts().status


def _system_owners(cur: Cursor, filters: None, mod: Any) -> dict[str, tuple[str | None, str | None]]:
    return queries.system_owners(cur)


def system_owners() -> dict[str, tuple[str | None, str | None]]:
    return cast(dict[str, tuple[str | None, str | None]], run(_system_owners))


def score(filters: Filters) -> Score:
    """The maturity score (with every accountability indicator's result, level and score)."""
    return cast(Score, run(maturity.score, filters))


def _score_trend(cur: Cursor, filters: Filters, mod: Any) -> list[Any]:
    return list(maturity.score_trend(cur, filters, mod))


def score_trend(filters: Filters) -> list[Any]:
    return cast(list[Any], run(_score_trend, filters))


def monthly(filters: Filters) -> list[Any]:
    """The maturity trend month by month (trend.MonthScore: month, score, records, thin)."""
    return cast(list[Any], run(monthly_scores, filters))


def linkage() -> Linkage | None:
    """How the AI decisions link to the incidents, or None unless both are loaded."""
    return store_facts().linkage


def _compute(cur: Cursor, filters: Filters, mod: Any, ids: tuple[str, ...] | None) -> list[MetricResult]:
    return metrics.compute(cur, filters, mod, ids=ids)


def compute(filters: Filters, ids: Sequence[str] | None = None) -> list[MetricResult]:
    """Metric results as the CLI computes them (level and score are filled by `score` only)."""
    return cast(list[MetricResult], run(_compute, filters, tuple(ids) if ids is not None else None))


def trends(filters: Filters) -> dict[str, list[Any]]:
    """Monthly trend points of every indicator (one engine pass, cached)."""
    return cast(dict[str, list[Any]], run(metrics.trends, filters))


def _breakdown(cur: Cursor, filters: Filters, mod: Any, indicator_id: str, by: str) -> list[Any]:
    return metrics.breakdown(cur, indicator_id, filters, by, mod)


def breakdown(indicator_id: str, filters: Filters, by: str) -> list[Any]:
    return cast(list[Any], run(_breakdown, filters, indicator_id, by))


def _records(
    cur: Cursor, filters: Filters, mod: Any, indicator_id: str, limit: int, offset: int, only_numerator: bool
) -> Any:
    return metrics.records(
        cur, indicator_id, filters, mod, limit=limit, offset=offset, only_numerator=only_numerator
    )


def records(indicator_id: str, filters: Filters, *, limit: int, offset: int, only_numerator: bool) -> Any:
    """One page of the records behind a number (RecordsPage: columns, rows, total)."""
    return run(_records, filters, indicator_id, limit, offset, only_numerator)


def _as_of(cur: Cursor, filters: Filters, mod: Any) -> datetime | None:
    return metrics.as_of(cur, filters)


def as_of(filters: Filters) -> datetime | None:
    return cast(datetime | None, run(_as_of, filters))


def batches() -> list[store.Batch]:
    with closing(cursor()) as cur:
        return store.list_batches(cur)


@st.cache_resource(show_spinner=False)
def crosswalk() -> dict[str, tuple[Any, ...]]:
    """Indicator id -> framework references (maturity.Reference: framework, clause, title)."""
    return maturity.crosswalk()


# --- bundles: several engine queries over ONE materialised session (one pass over the store) ----------


def _bundle(
    cur: Cursor, filters: Filters, mod: Any, breakdowns: tuple[tuple[str, str], ...],
    first_pages: tuple[str, ...], page_size: int,
) -> tuple[dict[tuple[str, str], list[Any]], dict[str, Any]]:
    from answerable.metrics.engine import breakdown_in, records_in
    from answerable.metrics.settings import settings_for

    with metrics.Session(cur, settings_for(mod)) as session:
        rows = {(i, by): breakdown_in(session, i, filters, by) for i, by in breakdowns}
        pages = {i: records_in(session, i, filters, limit=page_size, offset=0) for i in first_pages}
    return rows, pages


def bundle(
    filters: Filters, *, breakdowns: Sequence[tuple[str, str]] = (), first_pages: Sequence[str] = (),
    page_size: int = 50,
) -> tuple[dict[tuple[str, str], list[Any]], dict[str, Any]]:
    """Breakdowns and first drill-down pages of many indicators, computed in one engine session.

    The same rows `breakdown()` and `records()` return one by one (the engine's *_in functions are what
    those call), at the cost of one materialisation instead of one per call.
    """
    result = run(_bundle, filters, tuple(breakdowns), tuple(first_pages), page_size)
    return cast(tuple[dict[tuple[str, str], list[Any]], dict[str, Any]], result)
