"""`answerable demo [--reset | --if-empty]`: load the bundled Northwind Services demo data."""

from __future__ import annotations

import argparse
from typing import Any

from answerable import store
from answerable.cli.common import add_command, open_store
from answerable.demo.story import END, ORGANISATION, START


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(
        sub, "demo", run,
        help="load the bundled demo data (a fictional organisation, 12 months)",
        description=(
            f"Load the demo data of {ORGANISATION} (six datasets, {START:%Y-%m-%d} .. "
            f"{END:%Y-%m-%d}, exclusive) as demo batches. Loading it twice changes nothing."
        ),
    )
    when = p.add_mutually_exclusive_group()
    when.add_argument("--reset", action="store_true", help="clear the store first, then load the demo data")
    when.add_argument(
        "--if-empty", dest="if_empty", action="store_true",
        help="load only when the store holds no data (used by `make run`)",
    )


def run(args: argparse.Namespace) -> int:
    from answerable.demo.load import load_demo

    where = args.db or store.default_db_path()
    con = open_store(args)
    try:
        result = load_demo(con, reset=args.reset, if_empty=args.if_empty)
    finally:
        con.close()
    if not result.loaded:
        print(f"{where}: {result.reason} (use `answerable demo --reset` to replace it with the demo data).")
        return 0
    cleared = "cleared the store, then " if result.cleared else ""
    print(f"{where}: {cleared}loaded the {ORGANISATION} demo data from {result.directory}")
    for report in result.reports:
        state = "already loaded, unchanged" if report.status == "duplicate" else "loaded"
        print(f"  {report.kind:<20} {report.records:>7,} records  batch {report.batch_id:<4} {state}")
    return 0
