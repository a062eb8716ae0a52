"""File names and values reach the terminal escaped: (found) `ingest`, `batches`, `retract` and the
reject lines printed them raw, so an escape sequence in a file name could clear an admin's screen,
rewrite a line with a carriage return, or hide a batch from the `batches` listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable.cli import main
from answerable.cli.common import terminal

# Clear the screen, home the cursor, set the window title, carriage return over the line, backspaces,
# a C1 CSI, a right-to-left override and a zero-width space.
NASTY = "\x1b[2J\x1b[H\x1b]0;owned\x07\rinc\b\b\x9b31m\u202etxt.\u200bcsv"
CONTROL = [chr(c) for c in range(0x20) if chr(c) != "\n"] + ["\x7f", "\x9b", "\u202e", "\u200b"]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def _no_control(text: str) -> None:
    found = sorted({repr(ch) for ch in text if ch in CONTROL})
    assert not found, (found, text)


def test_terminal_escapes_only_what_is_not_printable() -> None:
    assert terminal("Désk – 東京 ✓") == "Désk – 東京 ✓"
    assert terminal("a\x1b[2Jb\r\n\t\x9b\u202e\U000e0001") == "a\\x1b[2Jb\\r\\n\\t\\x9b\\u202e\\U000e0001"


def test_ingest_batches_retract_and_rejects_print_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.duckdb"
    f = tmp_path / f"{NASTY}.csv"
    bad_value = "2026-13-45\x1b[8m"  # conceals the rest of the line on a terminal
    f.write_text(
        "incident_id,opened_at,category\n"
        "INC1,2026-01-05 10:00:00,Network\n"
        f"INC2,{bad_value},Access\x1b[2K\n",
        encoding="utf-8",
    )
    rc, out, err = _run(capsys, "--db", str(db), "ingest", "--kind", "incidents", str(f))
    assert rc == 0, err
    _no_control(out + err)
    assert "\\x1b[2J\\x1b[H\\x1b]0;owned\\x07\\rinc\\x08\\x08\\x9b31m\\u202etxt.\\u200bcsv" in out
    assert "rejected: " in out and "2026-13-45\\x1b[8m" in out  # the reject line names the value, escaped

    rc, out, err = _run(capsys, "--db", str(db), "batches")
    assert rc == 0
    _no_control(out + err)
    assert "\\x1b[2J" in out and out.count("\n") == 2  # header and one batch: nothing hidden, nothing forged

    rc, out, err = _run(capsys, "--db", str(db), "retract", "1")
    assert rc == 0
    _no_control(out + err)
    assert out.startswith("Batch 1 (incidents, \\x1b[2J")


def test_a_refused_file_is_named_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.duckdb"
    f = tmp_path / f"{NASTY}.csv"
    f.write_text("", encoding="utf-8")  # empty: refused
    rc, out, err = _run(capsys, "--db", str(db), "ingest", str(f))
    assert rc == 1
    _no_control(out + err)
    assert err.startswith("error: ") and "\\x1b[2J" in err


def test_a_file_name_with_a_newline_cannot_forge_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.duckdb"
    f = tmp_path / "x\n   2  incidents          active             1        0        1  fake.csv"
    f.write_text("incident_id,opened_at\nINC1,2026-01-05 10:00:00\n", encoding="utf-8")
    assert _run(capsys, "--db", str(db), "ingest", str(f))[0] == 0
    rc, out, _ = _run(capsys, "--db", str(db), "batches")
    assert rc == 0 and out.count("\n") == 2 and "x\\n   2  incidents" in out
