"""The `answerable` command line: one sub-module per group of commands, each with `register`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from answerable.errors import AnswerableError


def build_parser() -> argparse.ArgumentParser:
    from answerable.cli import admin_cmds, data_cmds, demo_cmd, export_cmd, metrics_cmds, report_cmd, who_cmds

    parser = argparse.ArgumentParser(
        prog="answerable",
        description="Accountability metrics and AI governance maturity for IT service management.",
    )
    parser.add_argument(
        "--db", default=None, help="store file (default: $ANSWERABLE_DB, else data/answerable.duckdb)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (data_cmds, demo_cmd, metrics_cmds, report_cmd, who_cmds, export_cmd, admin_cmds):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AnswerableError as exc:
        from answerable.cli.common import terminal

        print(f"error: {terminal(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted: nothing partial was loaded", file=sys.stderr)
        return 130
