"""Load the bundled demo data into a store: the `answerable demo` command and the app's Data page."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from answerable import store
from answerable.contract import KINDS
from answerable.demo.generate import generate
from answerable.demo.story import DEFAULT_SEED
from answerable.errors import AnswerableError
from answerable.ingest import IngestReport, ingest_file

REPO_DEMO_DIR = Path(__file__).resolve().parents[3] / "data" / "demo"


@dataclass(frozen=True)
class DemoLoad:
    """What `load_demo` did: whether it loaded, why not, and one ingestion report per dataset."""

    loaded: bool
    reason: str
    reports: tuple[IngestReport, ...] = ()
    directory: Path | None = None
    cleared: bool = False


def demo_dir() -> Path:
    """The directory holding the six demo CSVs: the repository's data/demo when present, otherwise a
    freshly generated copy (the generator is deterministic, so the bytes are the same)."""
    if all((REPO_DEMO_DIR / f"{kind}.csv").is_file() for kind in KINDS):
        return REPO_DEMO_DIR
    out = Path(tempfile.mkdtemp(prefix="answerable-demo-"))
    generate(out, seed=DEFAULT_SEED)
    return out


def load_demo(
    con: duckdb.DuckDBPyConnection, *, reset: bool = False, if_empty: bool = False,
    directory: Path | None = None,
) -> DemoLoad:
    """Load the six demo datasets as demo batches.

    `reset` clears the store first; `if_empty` loads only into a store without active batches. Files
    already loaded (same sha256) are no-ops reported as "duplicate".
    """
    if if_empty and not reset and not store.is_empty(con):
        return DemoLoad(False, "the store already holds data, so the demo data was not loaded")
    folder = directory or demo_dir()
    missing = [kind for kind in KINDS if not (folder / f"{kind}.csv").is_file()]
    if missing:
        raise AnswerableError(
            f"Demo data is incomplete in {folder}: no {', '.join(k + '.csv' for k in missing)}. "
            "Regenerate it with `python -m answerable.demo`."
        )
    if reset:
        store.clear(con)
    reports = tuple(ingest_file(con, folder / f"{kind}.csv", kind=kind, is_demo=True) for kind in KINDS)
    return DemoLoad(True, "loaded", reports, folder, cleared=reset)
