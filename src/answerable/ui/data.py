"""The app's one DuckDB connection and its cached queries.

One connection per process (`st.cache_resource`), a fresh cursor for each query (DuckDB 2.x wants a
cursor per thread, and the engine's temp tables are per cursor, so sessions stay isolated). Query
results are cached with `st.cache_data`, keyed by the store's data version and the filters' key, so
an upload or a retraction invalidates exactly what it must. Every figure comes from the same core
functions the CLI uses; nothing here re-implements a formula.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from answerable import maturity, metrics, security, store
from answerable.results import Filters, MetricResult, Score
from answerable.ui import queries

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


def validate_model_text(text: str) -> Any:
    """Load a model from TOML text (raises ModelError with what to fix)."""
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False, encoding="utf-8") as fh:
        fh.write(text)
        path = Path(fh.name)
    try:
        return maturity.load_model(path)
    finally:
        path.unlink(missing_ok=True)


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


# --- cached queries ------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _filter_options(db: str, ver: str) -> queries.FilterOptions:
    with closing(cursor()) as cur:
        return queries.filter_options(cur)


def filter_options() -> queries.FilterOptions:
    return _filter_options(db_path(), version())


@st.cache_data(show_spinner=False, max_entries=64)
def _data_status(db: str, ver: str) -> queries.DataStatus:
    with closing(cursor()) as cur:
        return queries.data_status(cur)


def data_status() -> queries.DataStatus:
    return _data_status(db_path(), version())


@st.cache_data(show_spinner=False, max_entries=64)
def _system_owners(db: str, ver: str) -> dict[str, tuple[str | None, str | None]]:
    with closing(cursor()) as cur:
        return queries.system_owners(cur)


def system_owners() -> dict[str, tuple[str | None, str | None]]:
    return _system_owners(db_path(), version())


@st.cache_data(show_spinner=False, max_entries=128)
def _score(_filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str) -> Score:
    with closing(cursor()) as cur:
        return maturity.score(cur, _filters, model()[0])


def score(filters: Filters) -> Score:
    """The maturity score (with every accountability indicator's result, level and score)."""
    return _score(filters, db_path(), version(), filters.key(), model()[1])


@st.cache_data(show_spinner=False, max_entries=64)
def _score_trend(_filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str) -> list[Any]:
    with closing(cursor()) as cur:
        return list(maturity.score_trend(cur, _filters, model()[0]))


def score_trend(filters: Filters) -> list[Any]:
    return _score_trend(filters, db_path(), version(), filters.key(), model()[1])


@st.cache_data(show_spinner=False, max_entries=128)
def _compute(
    _filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str, ids: tuple[str, ...] | None
) -> list[MetricResult]:
    with closing(cursor()) as cur:
        return metrics.compute(cur, _filters, model()[0], ids=ids)


def compute(filters: Filters, ids: Sequence[str] | None = None) -> list[MetricResult]:
    """Metric results as the CLI computes them (level and score are filled by `score` only)."""
    key = tuple(ids) if ids is not None else None
    return _compute(filters, db_path(), version(), filters.key(), model()[1], key)


@st.cache_data(show_spinner=False, max_entries=64)
def _trends(_filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str) -> dict[str, list[Any]]:
    with closing(cursor()) as cur:
        return metrics.trends(cur, _filters, model()[0])


def trends(filters: Filters) -> dict[str, list[Any]]:
    """Monthly trend points of every indicator (one engine pass, cached)."""
    return _trends(filters, db_path(), version(), filters.key(), model()[1])


@st.cache_data(show_spinner=False, max_entries=256)
def _breakdown(
    _filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str, indicator_id: str, by: str
) -> list[Any]:
    with closing(cursor()) as cur:
        return metrics.breakdown(cur, indicator_id, _filters, by, model()[0])


def breakdown(indicator_id: str, filters: Filters, by: str) -> list[Any]:
    return _breakdown(filters, db_path(), version(), filters.key(), model()[1], indicator_id, by)


@st.cache_data(show_spinner=False, max_entries=256)
def _records(
    _filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str, indicator_id: str,
    limit: int, offset: int, only_numerator: bool,
) -> Any:
    with closing(cursor()) as cur:
        return metrics.records(
            cur, indicator_id, _filters, model()[0], limit=limit, offset=offset, only_numerator=only_numerator
        )


def records(indicator_id: str, filters: Filters, *, limit: int, offset: int, only_numerator: bool) -> Any:
    """One page of the records behind a number (RecordsPage: columns, rows, total)."""
    return _records(
        filters, db_path(), version(), filters.key(), model()[1], indicator_id, limit, offset, only_numerator
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _as_of(_filters: Filters, db: str, ver: str, fkey: tuple[str, ...]) -> datetime | None:
    with closing(cursor()) as cur:
        return metrics.as_of(cur, _filters)


def as_of(filters: Filters) -> datetime | None:
    return _as_of(filters, db_path(), version(), filters.key())


def batches() -> list[store.Batch]:
    with closing(cursor()) as cur:
        return store.list_batches(cur)


@st.cache_resource(show_spinner=False)
def crosswalk() -> dict[str, tuple[Any, ...]]:
    """Indicator id -> framework references (maturity.Reference: framework, clause, title)."""
    return maturity.crosswalk()


# --- bundles: several engine queries over ONE materialised session (one pass over the store) ----------


@st.cache_data(show_spinner=False, max_entries=64)
def _bundle(
    _filters: Filters, db: str, ver: str, fkey: tuple[str, ...], mkey: str,
    breakdowns: tuple[tuple[str, str], ...], first_pages: tuple[str, ...], page_size: int,
) -> tuple[dict[tuple[str, str], list[Any]], dict[str, Any]]:
    from answerable.metrics.engine import breakdown_in, records_in
    from answerable.metrics.settings import settings_for

    with closing(cursor()) as cur, metrics.Session(cur, settings_for(model()[0])) as session:
        rows = {(i, by): breakdown_in(session, i, _filters, by) for i, by in breakdowns}
        pages = {i: records_in(session, i, _filters, limit=page_size, offset=0) for i in first_pages}
    return rows, pages


def bundle(
    filters: Filters, *, breakdowns: Sequence[tuple[str, str]] = (), first_pages: Sequence[str] = (),
    page_size: int = 50,
) -> tuple[dict[tuple[str, str], list[Any]], dict[str, Any]]:
    """Breakdowns and first drill-down pages of many indicators, computed in one engine session.

    The same rows `breakdown()` and `records()` return one by one (the engine's *_in functions are what
    those call), at the cost of one materialisation instead of one per call.
    """
    return _bundle(filters, db_path(), version(), filters.key(), model()[1], tuple(breakdowns),
                   tuple(first_pages), page_size)
