"""AppTest fixtures: a real store on a temp file (empty, or loaded with the demo data via the ingestion
API), the app pointed at it with ANSWERABLE_DB, and Streamlit's caches cleared around every test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from answerable import store

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "pages"
TIMEOUT = 120


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def app_on(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app at the store `path` (uploads under tmp_path), Streamlit's caches cleared around it.
    For fixtures: `yield from app_on(...)`."""
    monkeypatch.setenv("ANSWERABLE_DB", str(path))
    monkeypatch.setenv("ANSWERABLE_UPLOAD_DIR", str(tmp_path / "uploads"))
    (tmp_path / "uploads").mkdir(exist_ok=True)
    _clear_caches()
    yield path
    _clear_caches()


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the demo store (tests/conftest.py's demo_template), used by the app under test."""
    path = tmp_path / "app.duckdb"
    shutil.copy(demo_template, path)
    yield from app_on(path, tmp_path, monkeypatch)


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "empty.duckdb"
    store.connect(path).close()
    yield from app_on(path, tmp_path, monkeypatch)


def page(name: str) -> AppTest:
    """An AppTest of one page file (pages work on their own: each renders the shared sidebar)."""
    return AppTest.from_file(str(PAGES / name), default_timeout=TIMEOUT)


def run_page(name: str) -> AppTest:
    at = page(name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, as one string (for checking guidance text)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "text", "title", "header",
                 "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)
