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


# A sheet's work is bounded by cells, not only rows: a sheet declaring A1:XFD1048576 would otherwise be
# padded to 16,384 cells x 1,048,576 rows by openpyxl before the first row is judged.
MAX_CELLS = 50_000_000
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what Excel, LibreOffice and Sheets write


def read_xlsx(path: Path, name: str, limits: IngestLimits) -> tuple[tuple[str, ...], pa.Table]:
    """The first visible sheet with data: its header cells (text) and its rows as strings (columns
    c0..cN), with their sheet row numbers (`_line`). Hidden sheets are never read."""
    import openpyxl

    _refuse_unsafe_members(path, name, limits)
    handle = path.open("rb")  # a handle, not the path: openpyxl judges paths by their extension
    try:
        wb = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # a malformed part (styles.xml, ...) can raise anything
        handle.close()
        reason = f"{type(exc).__name__}: {exc}".replace(str(path), name)  # never the server-side path
        raise refuse(
            name,
            "unreadable",
            f"The workbook cannot be read ({reason[:300]}). Save it again as .xlsx or export the sheet "
            "as CSV.",
        ) from None
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue  # hidden or veryHidden: not what the user sees as the workbook's first sheet
            found = _read_sheet(ws, name, limits)
            if found is not None:
                return found
    finally:
        wb.close()
        handle.close()
    raise refuse(
        name,
        "empty_file",
        "The workbook has no visible sheet with data. Put a header row and data in the first sheet.",
    )


def _refuse_declared_size(ws: Any, name: str, limits: IngestLimits) -> None:
    """Refuse before reading when the sheet's own <dimension> claims more rows or cells than allowed."""
    try:
        rows, cols = int(ws.max_row or 0), int(ws.max_column or 0)
    except (TypeError, ValueError):
        return  # no usable dimension: the cells present are counted while reading
    if rows > limits.max_rows + 1 or rows * cols > MAX_CELLS:
        raise refuse(
            name,
            "too_large",
            f"Sheet {ws.title!r} declares {rows:,} rows x {cols:,} columns ({rows * cols:,} cells), over the "
            f"limit of {limits.max_rows:,} rows and {MAX_CELLS:,} cells. Delete the unused rows and columns "
            "(or export the sheet as CSV), then load it again.",
        )


def _read_sheet(ws: Any, name: str, limits: IngestLimits) -> tuple[tuple[str, ...], pa.Table] | None:
    _refuse_declared_size(ws, name, limits)
    ws.reset_dimensions()  # rows as stored: never padded to the declared width, gaps are empty rows
    budget = _Budget(name, ws.title, limits)
    rows = ws.iter_rows(values_only=True)
    header_row: tuple[Any, ...] | None = None
    header_line = line = 0
    try:
        for header_line, row in enumerate(rows, start=1):  # noqa: B007
            budget.cells(len(row))
            if row.count(None) < len(row) and any(v is not None and str(v).strip() for v in row):
                header_row = row
                break
        if header_row is None:
            return None
        texts = [cell_text(v) or "" for v in header_row]
        # Columns are kept sparsely: a named one, or an unnamed one once it holds a value (later judged
        # as "no header but holds values"). Unnamed empty columns, Excel's endless right-hand side
        # included, are never materialised: a row costs its cells plus the kept columns, not the width.
        kept: dict[int, list[str | None]] = {i: [] for i, t in enumerate(texts) if t.strip()}
        lines: list[int] = []
        blank: list[int] = []  # blank rows, kept (and counted as blank) only when data follows them
        line = header_line
        for line, row in enumerate(rows, start=header_line + 1):
            budget.cells(len(row))  # as openpyxl built it: a cell in column XFD makes 16,384
            if row.count(None) == len(row):  # C speed: empty rows (and the gaps between rows) cost little
                blank.append(line)
                continue
            present = {i: cell_text(v) for i, v in enumerate(row) if v is not None}
            filled = {i: v for i, v in present.items() if v is not None and v.strip()}
            if not filled:
                blank.append(line)
                continue
            if len(lines) + len(blank) >= limits.max_rows:
                raise refuse(
                    name,
                    "too_many_rows",
                    f"The sheet has more than {limits.max_rows:,} rows, "
                    "the limit. Split it, or raise ANSWERABLE_MAX_ROWS.",
                )
            budget.text(list(filled.values()))
            for i in filled.keys() - kept.keys():  # an unnamed column's first value: kept from now on
                kept[i] = [None] * len(lines)
                budget.cells(len(lines))
            budget.cells(len(kept) * len(blank))  # blank rows between data are kept as empty rows
            for b in blank:
                for c in kept.values():
                    c.append(None)
                lines.append(b)
            blank.clear()
            for i, c in kept.items():
                c.append(present.get(i))
            lines.append(line)
    except (ValueError, TypeError, KeyError, IndexError, SyntaxError, OverflowError) as exc:
        # openpyxl's cell parser: a number cell holding `abc` or `NaN`, a bad style index, broken XML
        raise refuse(
            name,
            "unreadable",
            f"Sheet {ws.title!r}, the row after row {max(line, header_line)}: a "
            f"cell cannot be read ({type(exc).__name__}: {str(exc)[:200]}); for example a cell marked as a "
            "number that holds text. Save the workbook again from Excel or LibreOffice, or export the sheet "
            "as CSV.",
        ) from None
    order = sorted(kept)  # columns in sheet order; positions compacted (unnamed empty ones left out)
    headers = tuple(texts[i] if i < len(texts) else "" for i in order)
    arrays = {f"c{j}": pa.array(kept[i], type=pa.string()) for j, i in enumerate(order)}
    arrays["_line"] = pa.array(lines, type=pa.int64())
    return headers, pa.table(arrays)


class _Budget:
    """The work a sheet may cost: cells visited (padding included) and the text its cells expand to."""

    def __init__(self, name: str, sheet: str, limits: IngestLimits) -> None:
        self.name, self.sheet, self.max_text = name, sheet, limits.max_bytes
        self.n_cells = self.n_text = 0

    def cells(self, n: int) -> None:
        self.n_cells += n
        if self.n_cells > MAX_CELLS:
            raise refuse(
                self.name,
                "too_large",
                f"Sheet {self.sheet!r} holds more than {MAX_CELLS:,} cells (empty ones between the data "
                "included), the limit. Delete the unused rows and columns, or export the sheet as CSV.",
            )

    def text(self, values: list[str | None]) -> None:
        # Shared strings make this matter: 1,200 cells may all point at one 1 MiB string.
        self.n_text += sum(len(v) for v in values if v is not None)
        if self.n_text > self.max_text:
            raise refuse(
                self.name,
                "too_large",
                f"Sheet {self.sheet!r} expands to more than {self.max_text / (1 << 20):,.0f} MB of text "
                "(cells repeating long shared strings count each time), the upload limit. Split it, or "
                "raise ANSWERABLE_MAX_UPLOAD_MB.",
            )


def _refuse_unsafe_members(path: Path, name: str, limits: IngestLimits) -> None:
    """A workbook is a zip: its unpacked size counts against the upload limit (refuses zip bombs early),
    and a password-protected member or an unusual compression method is refused before openpyxl."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(
            name, "unreadable", f"The workbook cannot be read ({exc}). Save it again as .xlsx."
        ) from None
    for info in infos:
        refuse_member(info, name, "workbook")
    inflated = sum(i.file_size for i in infos)
    if inflated > limits.max_bytes:
        raise refuse(
            name,
            "too_large",
            f"The workbook unpacks to {inflated / (1 << 20):,.0f} MB, over the upload limit of "
            f"{limits.max_bytes / (1 << 20):,.0f} MB. Split it, or raise ANSWERABLE_MAX_UPLOAD_MB.",
        )


def refuse_member(info: zipfile.ZipInfo, name: str, what: str) -> None:
    """Refuse a zip member that is encrypted or compressed with a method Python cannot read."""
    if info.flag_bits & 0x1:
        raise refuse(
            name,
            "encrypted",
            f"{info.filename} in the {what} is password-protected. Save it again without a password "
            "(or export the data as CSV), then load it.",
        )
    if info.compress_type not in _ZIP_METHODS:
        raise refuse(
            name,
            "unsupported_compression",
            f"{info.filename} in the {what} uses compression method {info.compress_type}, which Answerable "
            "does not read. Zip it again with the standard (deflate) method, or export the data as CSV.",
        )
