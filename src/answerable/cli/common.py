"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import argparse
from datetime import date

import duckdb

from answerable import store
from answerable.errors import AnswerableError
from answerable.results import Filters


def terminal(text: object) -> str:
    """Text safe to print on a terminal: every non-printable character escaped as \\xNN / \\uNNNN.

    File names and values come from uploaded files; raw, an escape sequence could clear an admin's
    screen, move the cursor over a line or hide a batch (ESC, CSI, carriage return, backspace,
    bidirectional overrides, zero-width characters). Printable text, accents included, is unchanged.
    """
    s = str(text)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch.isprintable():
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        else:
            code = ord(ch)
            width = 2 if code < 0x100 else 4 if code <= 0xFFFF else 8
            out.append(f"\\{'x' if width == 2 else 'u' if width == 4 else 'U'}{code:0{width}x}")
    return "".join(out)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def open_store(args: argparse.Namespace, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return store.connect(args.db, read_only=read_only)


def add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="period start (inclusive)")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="period end (exclusive)")
    p.add_argument("--ai-system", dest="ai_system", help="only this AI system")
    p.add_argument("--group", dest="assignment_group", help="only this assignment group")


def _parse_date(text: str | None, flag: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AnswerableError(f"{flag} {text!r} is not a date; write it as YYYY-MM-DD.") from None


def filters_from_args(args: argparse.Namespace) -> Filters:
    f = Filters(
        date_from=_parse_date(args.date_from, "--from"),
        date_to=_parse_date(args.date_to, "--to"),
        ai_system=args.ai_system or None,
        assignment_group=args.assignment_group or None,
    )
    if f.date_from and f.date_to and f.date_from >= f.date_to:
        raise AnswerableError("--from must be before --to (the period is from inclusive, to exclusive).")
    return f
