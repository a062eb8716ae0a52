"""One exception family whose messages speak to the user: what happened and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb


class AnswerableError(Exception):
    """Base of every error Answerable reports to a user."""


class StoreError(AnswerableError):
    """The store cannot be opened or used (locked by another process, wrong version, ...)."""


class StoreBusyError(StoreError):
    """Another process holds the store; retrying later is the fix."""


def store_open_error(db: Path, exc: duckdb.Error, *, busy_advice: str) -> StoreError:
    """The clear error for a store file DuckDB would not open (`raise store_open_error(...) from None`):
    another process holds it (StoreBusyError, ending with BUSY_ADVICE), it cannot be opened, or it is
    not a database."""
    if isinstance(exc, duckdb.IOException):
        if "lock" in str(exc).lower():
            return StoreBusyError(
                f"The store {db} is in use by another process (for example a running app or ingest). "
                + busy_advice
            )
        return StoreError(f"Cannot open the store {db}: {exc}")
    return StoreError(
        f"{db} is not a readable Answerable store ({exc}). Point --db or ANSWERABLE_DB at another file."
    )


class IngestError(AnswerableError):
    """A file was refused as a whole; nothing from it was loaded."""

    def __init__(self, message: str, *, file_name: str = "", problems: Sequence[Any] | None = None) -> None:
        super().__init__(message)
        self.file_name = file_name
        self.problems = list(problems or [])  # ingest.Problem values (file, line, column, value, rule)


class MappingError(AnswerableError):
    """A mapping (TOML file or editor) is invalid."""


class ModelError(AnswerableError):
    """A maturity model file is invalid."""


class IndicatorFileError(AnswerableError):
    """An indicator file (metrics/sql/<id>.toml) is invalid: a contributor's mistake, named precisely."""
