"""Step 1, read: hash the file, unpack .zip/.gz (capped), find its encoding, delimiter and header.

Produces a `Source`: the file as UTF-8 CSV text on disk (or an XLSX sheet as an Arrow table), its
header names, delimiter, a sample of its first rows (for detection and the first date-format guess)
and a background scan of its bytes (sha256, newlines, NUL). The later steps read the file through
the `Source` only; this step never types a value.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import pyarrow as pa

from answerable.ingest.encoding import Scan, scan_file, text_file, to_single_byte_utf8
from answerable.ingest.limits import IngestLimits
from answerable.ingest.report import refuse
from answerable.ingest.xlsx import read_xlsx, refuse_member

CHUNK = 1 << 20
SAMPLE_ROWS = 10_000
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Source:
    """A readable file: either a UTF-8 CSV on disk (csv_path) or an XLSX sheet as an Arrow table."""

    name: str  # what the user calls the file (display name)
    scan: Future[Scan]  # sha256, newlines, NUL, empty lines: computed while DuckDB reads the file
    size: int
    headers: tuple[str, ...]
    delimiter: str
    csv_path: Path | None
    table: pa.Table | None  # XLSX: columns c0..cN (strings) and _line
    encoding: str
    tmp: Path  # this ingest's private temporary folder
    sample: tuple[tuple[str | None, ...], ...] = ()  # the first data rows, as text (a first look)
    skip: int = 0  # CSV: lines before the header (Excel's "sep=;" hint, blank lines)

    @property
    def header_line(self) -> int:
        """The line of the file that holds the header (1 unless an Excel `sep=` line or blank lines
        come before it)."""
        return self.skip + 1

    @property
    def sha256(self) -> str:
        return self.scan.result().sha256

    @property
    def physical_lines(self) -> int:
        """Newlines + 1: an upper bound on the rows of the CSV."""
        return self.scan.result().newlines + 1 if self.table is None else self.table.num_rows + 1


def _copy_capped(src: IO[bytes] | gzip.GzipFile, dest: Path, cap: int, name: str) -> None:
    written = 0
    with dest.open("wb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            if written > cap:
                raise refuse(
                    name,
                    "too_large",
                    f"The file unpacks to more than {cap // (1 << 20):,} MB, the "
                    "upload limit. Split it, or raise ANSWERABLE_MAX_UPLOAD_MB.",
                )
            out.write(chunk)


def _unpack(path: Path, name: str, tmp: Path, limits: IngestLimits) -> Path:
    """Return a plain file to read: the path itself, or the single member of a .zip/.gz, extracted."""
    with path.open("rb") as f:
        magic = f.read(4)
    if magic.startswith(b"\x1f\x8b"):
        dest = tmp / "unpacked"  # never a name from the upload
        try:
            with gzip.open(path, "rb") as g:
                _copy_capped(g, dest, limits.max_bytes, name)
        except (OSError, EOFError) as exc:
            raise refuse(name, "unreadable", f"The .gz file is damaged ({exc}); export it again.") from None
        return dest
    if magic == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
                if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
                    return path  # an XLSX workbook
                members = [
                    i for i in z.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX")
                ]
                if len(members) != 1:
                    raise refuse(
                        name,
                        "zip_members",
                        f"The zip holds {len(members)} files; it must hold exactly "
                        "one CSV. Unzip it and load the CSV files one by one.",
                    )
                member = members[0]
                refuse_member(member, name, "zip")
                if member.file_size > limits.max_bytes:
                    raise refuse(
                        name,
                        "too_large",
                        f"{member.filename} unpacks to {member.file_size:,} bytes, "
                        "over the upload limit. Split it, or raise ANSWERABLE_MAX_UPLOAD_MB.",
                    )
                dest = tmp / "unpacked"
                with z.open(member) as m:
                    _copy_capped(m, dest, limits.max_bytes, name)
                return dest
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            raise refuse(name, "unreadable", f"The zip file is damaged ({exc}); export it again.") from None
    return path


def _temp_dir(near: Path) -> Path:
    """A private temporary folder beside the upload (a locked-down app connection may read only the
    upload folder), else in the system temporary folder."""
    try:
        return Path(tempfile.mkdtemp(prefix=".answerable-ingest-", dir=near.resolve().parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="answerable-ingest-"))


def _complete_lines(text: str) -> str:
    """The text up to its last line feed (a line cut by the read is left out); a CR alone is data."""
    end = text.rfind("\n")
    return text[: end + 1] if end > 0 and text.count("\n") > 1 else text


_BLANK_CHARS = frozenset(' \t\r"' + "".join(DELIMITERS))


def leading_blank_lines(text: str) -> int:
    """Lines before the header holding nothing but delimiters, quotes and spaces (some reports and
    spreadsheets write a few above the table): skipped, neither a header nor a blank data row."""
    n = 0
    for line in text.split("\n")[:-1]:  # complete lines only
        if not _BLANK_CHARS.issuperset(line):
            break
        n += 1
    return n


_SEP_LINE = re.compile(r'^"?sep=(.)"?[ \t]*\r?$', re.IGNORECASE)


def excel_sep_line(text: str) -> str | None:
    """The delimiter named by Excel's `sep=;` hint on the first line (some tools write one so that
    Excel splits the columns), else None."""
    first = text.split("\n", 1)[0]
    m = _SEP_LINE.match(first)
    return m.group(1) if m and "\n" in text else None


def lines_before_header(text: str) -> tuple[str | None, int]:
    """(the delimiter of an Excel `sep=` line, how many lines come before the header: that line and
    the blank lines after it)."""
    hinted = excel_sep_line(text)
    skip = 1 if hinted else 0
    return hinted, skip + leading_blank_lines(_after_lines(text, skip))


def _after_lines(text: str, n: int) -> str:
    """`text` without its first `n` lines."""
    for _ in range(n):
        text = text[text.find("\n") + 1:]
    return text


def sniff_delimiter(text: str) -> str:
    """The candidate delimiter giving the most columns, consistently, over the first records."""
    sample = _complete_lines(text)
    best, best_key = ",", (-1, -1)
    for d in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=d, quotechar='"') if r][:20]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        consistent = sum(1 for r in rows if len(r) == len(rows[0]))
        key = (consistent, len(rows[0]))
        if key > best_key:
            best, best_key = d, key
    return best


def sample_rows(head: str, delimiter: str) -> tuple[tuple[str | None, ...], ...]:
    """The complete data rows in the start of the file (the last, maybe cut, line left out)."""
    text = _complete_lines(head)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"'))
    except csv.Error:
        return ()
    return tuple(tuple(r) for r in rows[1 : SAMPLE_ROWS + 1])


def read_header(text: str, delimiter: str, name: str, line: int = 1) -> tuple[str, ...]:
    """The header names of a CSV's first line (checked by `check_headers`); `line`: where it is."""
    try:
        first = next(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"'), None)
    except csv.Error as exc:
        raise refuse(
            name, "unreadable", f"The header line cannot be read as CSV ({exc}).", line=line
        ) from None
    return check_headers(tuple(first or ()), name)


def check_headers(first: tuple[str, ...], name: str) -> tuple[str, ...]:
    """Header cells, trimmed (a BOM dropped), '' for a column without a name; a file without any
    header name is refused."""
    if not first or not any(h.strip() for h in first):
        raise refuse(
            name,
            "empty_file",
            "The file is empty (no header line). Export the data again "
            "with a header row, e.g. `answerable template incidents`.",
        )
    # Duplicated or empty names are judged by the map step, and only for the columns it uses.
    return tuple(h.strip().lstrip("\ufeff").strip() for h in first)


@contextmanager
def open_source(
    path: str | Path, *, display_name: str | None, limits: IngestLimits, delimiter: str | None = None
) -> Iterator[Source]:
    """Open a file for ingestion; temporary files are removed when the block ends."""
    p = Path(path)
    name = display_name or p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise refuse(name, "unreadable", f"Cannot read the file ({exc.strerror}). Check the path.") from None
    if not p.is_file():
        raise refuse(name, "not_a_file", f"{p} is a folder, not a file. Give the path of a CSV or XLSX file.")
    if size > limits.max_bytes:
        raise refuse(
            name,
            "too_large",
            f"The file is {size / (1 << 20):,.1f} MB, over the upload limit of "
            f"{limits.max_bytes / (1 << 20):,.0f} MB. Split it, or raise ANSWERABLE_MAX_UPLOAD_MB.",
        )
    if size == 0:
        raise refuse(name, "empty_file", "The file is empty. Export the data again with a header row.")
    tmp = _temp_dir(p)
    scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answerable-scan")
    try:
        plain = _unpack(p, name, tmp, limits)
        if plain.suffix.lower() in (".xlsx", ".xlsm") or _is_xlsx(plain):
            scan = scanner.submit(scan_file, p, None)
            cells, table = read_xlsx(plain, name, limits)
            headers = check_headers(cells, name)
            first = table.slice(0, SAMPLE_ROWS).to_pydict()
            rows = tuple(zip(*(first[f"c{i}"] for i in range(len(headers))), strict=True))
            yield Source(name, scan, size, headers, ",", None, table, "xlsx", tmp, rows)
            return
        utf8, encoding = text_file(plain, name, tmp)
        scan = scanner.submit(scan_file, p, utf8)  # hashlib and file reads release the GIL
        head = _head(utf8)
        hinted, skip = lines_before_header(head)
        head = _after_lines(head, skip)
        if not head.strip():
            raise refuse(name, "empty_file", "The file is empty. Export the data again with a header row.")
        delim = delimiter or hinted or sniff_delimiter(head)
        headers = read_header(head, delim, name, line=skip + 1)
        rows = sample_rows(head, delim)
        yield Source(name, scan, size, headers, delim, utf8, None, encoding, tmp, rows, skip)
    finally:
        scanner.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(tmp, ignore_errors=True)


def _head(path: Path, limit: int = 32 << 20) -> str:
    """The start of the file, long enough to hold the header line and a few records."""
    with path.open("r", encoding="utf-8-sig", newline="") as f:
        head = f.read(65536)
        while head.count("\n") < 2 + lines_before_header(head)[1] and len(head) < limit:
            more = f.read(1 << 20)
            if not more:
                break
            head += more
    return head


def single_byte_source(src: Source) -> Source:
    """The same source re-encoded from cp1252/latin-1 (DuckDB found bytes that are not UTF-8)."""
    assert src.csv_path is not None
    path, encoding = to_single_byte_utf8(src.csv_path, src.tmp)
    return replace(src, csv_path=path, encoding=encoding)


def _is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
