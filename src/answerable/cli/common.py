"""Helpers shared by the CLI command modules."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import duckdb

from answerable import store
from answerable.errors import AnswerableError
from answerable.metrics.session import Session
from answerable.metrics.session_base import MetricSession
from answerable.metrics.settings import Settings
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


def add_command(
    sub: Any, name: str, run: Callable[[argparse.Namespace], int], *, help: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """One subcommand of SUB (an argparse._SubParsersAction): HELP in the command list, DESCRIPTION in its
    own --help, RUN called with the parsed arguments. Returns its parser, for its arguments."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    p.set_defaults(func=run)
    return p


def print_json(value: Any, **options: Any) -> None:
    """VALUE as indented JSON on stdout: what --json prints (OPTIONS go to json.dumps)."""
    print(json.dumps(value, indent=2, **options))


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


def add_engine_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                   help="where the indicator SQL runs (default: the DuckDB store; spark: answerable[spark])")
    p.add_argument("--source", metavar="DIR",
                   help="with --engine spark: a directory (or a URI Spark reads, e.g. s3a://...) "
                   "written by `answerable export --parquet DIR`")
    p.add_argument("--spark-table", dest="spark_tables", action="append", default=[], metavar="KIND=db.table",
                   help="with --engine spark: read a dataset from a catalog table (repeatable)")


@contextmanager
def metric_session(args: argparse.Namespace, settings: Settings) -> Iterator[MetricSession]:
    """The metric session the arguments ask for: the DuckDB store, or Spark over --source/--spark-table."""
    if args.engine != "spark":
        if args.source is not None or args.spark_tables:
            raise AnswerableError("--source and --spark-table go with --engine spark.")
        con = open_store(args, read_only=True)
        try:
            with Session(con, settings) as session:
                yield session
        finally:
            con.close()
        return
    from answerable.spark.run import open_spark_session
    from answerable.spark.source import parse_table_args

    tables = parse_table_args(args.spark_tables)
    with open_spark_session(settings, args.source, tables) as spark_session:
        yield spark_session
