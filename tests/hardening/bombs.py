"""Compression bombs built in milliseconds: small files that inflate to gigabytes.

Deflate data produced with Z_FULL_FLUSH ends byte-aligned with no back-references past the flush,
so one compressed segment of zeros can be repeated to describe any amount of zeros; gzip members can
simply be concatenated. Each file starts with a real CSV header so that only the size gives it away.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

HEADER = b"incident_id,opened_at,category\n"
SEGMENT = 64 * 1024 * 1024  # 64 MiB of zeros per repeated segment


def _zero_segment() -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(b"\0" * SEGMENT) + comp.flush(zlib.Z_FULL_FLUSH)


def gzip_bomb(path: Path, segments: int) -> int:
    """A gzip file of `segments` concatenated members; returns the inflated size in bytes."""
    member = gzip.compress(b"\0" * SEGMENT, compresslevel=9)
    with path.open("wb") as fh:
        fh.write(gzip.compress(HEADER))
        for _ in range(segments):
            fh.write(member)
    return len(HEADER) + segments * SEGMENT


def zip_bomb(path: Path, segments: int, *, declared_size: int | None = None, member: str = "data.csv") -> int:
    """A one-member zip whose deflate stream inflates to header + segments * 64 MiB of zeros.

    `declared_size` (default: the true size, which must stay under 4 GiB: no zip64 here) is what the
    headers claim; a lying header tests that extraction is capped by what it writes, not by the claim.
    The CRC is deliberately 0: a reader that inflated everything would then also fail its CRC check,
    but only after writing gigabytes; the limit must stop it long before.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(HEADER) + comp.flush(zlib.Z_FULL_FLUSH)
    body = head + _zero_segment() * segments + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    true_size = len(HEADER) + segments * SEGMENT
    size = true_size if declared_size is None else declared_size
    assert size < 2**32, "keep bombs under 4 GiB (no zip64)"
    name = member.encode()
    crc = 0
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), size, len(name), 0)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(body),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    central_at = len(local) + len(name) + len(body)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(name), central_at, 0)
    with path.open("wb") as fh:
        fh.write(local + name + body + central + name + end)
    return true_size


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """Write a zip from (name, raw deflate data, crc, uncompressed size) members (no zip64)."""
    local_parts: list[bytes] = []
    central_parts: list[bytes] = []
    offset = 0
    for name, body, crc, size in members:
        n = name.encode()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(body), size, len(n), 0)
        central_parts.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(body),
                size,
                len(n),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + n
        )
        local_parts.append(local + n + body)
        offset += len(local) + len(n) + len(body)
    central = b"".join(central_parts)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), offset, 0)
    path.write_bytes(b"".join(local_parts) + central + end)


def _deflate(data: bytes) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush()


def xlsx_bomb(path: Path, segments: int) -> int:
    """A real workbook whose one sheet inflates to ~segments x 64 MiB of identical data rows.

    Built from a workbook openpyxl writes, with the sheet's XML replaced. Returns the sheet's size.
    The sheet's CRC is 0 (see zip_bomb): a reader must stop on the size limit long before the end.
    """
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["incident_id", "opened_at"])
    buf = io.BytesIO()
    wb.save(buf)
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row><c t="inlineStr"><is><t>incident_id</t></is></c>'
        b'<c t="inlineStr"><is><t>opened_at</t></is></c></row>'
    )
    row = (
        b'<row><c t="inlineStr"><is><t>INC1</t></is></c><c t="inlineStr"><is><t>2026-01-05</t></is></c></row>'
    )
    seg_rows = SEGMENT // len(row)
    tail = b"</sheetData></worksheet>"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = comp.compress(row * seg_rows) + comp.flush(zlib.Z_FULL_FLUSH)
    body = start + segment * segments + _deflate(tail)
    size = len(head) + segments * seg_rows * len(row) + len(tail)
    members: list[tuple[str, bytes, int, int]] = []
    with zipfile.ZipFile(buf) as z:
        for info in z.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                members.append((info.filename, body, 0, size))
            else:
                data = z.read(info)
                members.append((info.filename, _deflate(data), zlib.crc32(data), len(data)))
    _raw_zip(path, members)
    return size
