"""One exception family whose messages speak to the user: what happened and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class AnswerableError(Exception):
    """Base of every error Answerable reports to a user."""


class StoreError(AnswerableError):
    """The store cannot be opened or used (locked by another process, wrong version, ...)."""


class StoreBusyError(StoreError):
    """Another process holds the store; retrying later is the fix."""


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
