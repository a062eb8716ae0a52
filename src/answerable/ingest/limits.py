"""The resource limits of one ingest (size, rows, share of rejects), shared by every step."""

from __future__ import annotations

import os
from dataclasses import dataclass

from answerable.errors import IngestError


@dataclass(frozen=True)
class IngestLimits:
    """Resource limits; defaults come from ANSWERABLE_MAX_UPLOAD_MB and ANSWERABLE_MAX_ROWS."""

    max_bytes: int = 1 << 30
    max_rows: int = 10_000_000
    max_reject_share: float = 0.5

    @classmethod
    def from_env(cls) -> IngestLimits:
        mb = os.environ.get("ANSWERABLE_MAX_UPLOAD_MB")
        rows = os.environ.get("ANSWERABLE_MAX_ROWS")
        try:
            return cls(
                max_bytes=int(float(mb) * (1 << 20)) if mb else cls.max_bytes,
                max_rows=int(rows) if rows else cls.max_rows,
            )
        except ValueError:
            raise IngestError(
                "ANSWERABLE_MAX_UPLOAD_MB and ANSWERABLE_MAX_ROWS must be numbers; fix the environment."
            ) from None
