"""XLSX sheets (part of the read step): openpyxl (read-only) -> strings -> an Arrow table DuckDB reads.

Returns the header cells as text; `read.check_headers` judges them for CSV and XLSX alike.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa

from answerable.ingest.limits import IngestLimits
from answerable.ingest.report import refuse


def cell_text(value: Any) -> str | None:
    """A cell as the text a CSV export would hold: ISO timestamps, integral numbers without '.0'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, name: str, limits: IngestLimits) -> tuple[tuple[str, ...], pa.Table]:
    """The first sheet with data: its header cells (text) and its rows as strings (columns c0..cN),
    with their sheet row numbers (`_line`)."""
    import openpyxl

    _refuse_if_it_inflates_too_much(path, name, limits)
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")  # a handle, not the path: openpyxl judges paths by their extension
    try:
        wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as exc:
        handle.close()
        reason = str(exc).replace(str(path), name)  # the user's file name, not the server-side path
        raise refuse(
            name,
            "unreadable",
            f"The workbook cannot be read ({reason}). Save it again as .xlsx or export the sheet as CSV.",
        ) from None
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header_row: tuple[Any, ...] | None = None
            header_line = 0
            for header_line, row in enumerate(rows, start=1):  # noqa: B007
                if any(v is not None and str(v).strip() for v in row):
                    header_row = row
                    break
            if header_row is None:
                continue
            texts = [cell_text(v) or "" for v in header_row]
            while texts and not texts[-1].strip():
                texts.pop()
            headers = tuple(texts)
            width = len(headers)
            cols: list[list[str | None]] = [[] for _ in range(width)]
            lines: list[int] = []
            for line, row in enumerate(rows, start=header_line + 1):
                values = [cell_text(v) for v in row]
                if not any(v is not None and v.strip() for v in values):
                    continue
                extra = [v for v in values[width:] if v is not None and v.strip()]
                if extra:
                    raise refuse(
                        name,
                        "ragged_row",
                        f"Row {line} has a value ({extra[0]!r}) right of the last "
                        "headed column. Give that column a header or delete the value.",
                        line=line,
                    )
                if len(lines) >= limits.max_rows:
                    raise refuse(
                        name,
                        "too_many_rows",
                        f"The sheet has more than {limits.max_rows:,} rows, "
                        "the limit. Split it, or raise ANSWERABLE_MAX_ROWS.",
                    )
                values += [None] * (width - len(values))
                for i in range(width):
                    cols[i].append(values[i])
                lines.append(line)
            arrays = {f"c{i}": pa.array(cols[i], type=pa.string()) for i in range(width)}
            arrays["_line"] = pa.array(lines, type=pa.int64())
            return headers, pa.table(arrays)
    finally:
        wb.close()
        handle.close()
    raise refuse(
        name,
        "empty_file",
        "The workbook has no sheet with data. Put a header row and data in the first sheet.",
    )


def _refuse_if_it_inflates_too_much(path: Path, name: str, limits: IngestLimits) -> None:
    """A workbook is a zip: its unpacked size counts against the upload limit (refuses zip bombs early)."""
    try:
        with zipfile.ZipFile(path) as z:
            inflated = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(
            name, "unreadable", f"The workbook cannot be read ({exc}). Save it again as .xlsx."
        ) from None
    if inflated > limits.max_bytes:
        raise refuse(
            name,
            "too_large",
            f"The workbook unpacks to {inflated / (1 << 20):,.0f} MB, over the upload limit of "
            f"{limits.max_bytes / (1 << 20):,.0f} MB. Split it, or raise ANSWERABLE_MAX_UPLOAD_MB.",
        )
