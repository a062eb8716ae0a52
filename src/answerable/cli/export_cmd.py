"""`answerable export --parquet DIR`: the current data and lineage as Parquet (DESIGN §10)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from answerable.cli.common import add_command, open_store, print_json


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(
        sub, "export", run,
        help="write the current data and its lineage as Parquet (for Spark or a lakehouse)",
        description="Write the current views (contract columns, partitioned by month) and the lineage "
        "as Parquet with a manifest (batches, files, row counts, sha256). Read it back with "
        "`answerable metrics --engine spark --source DIR`.",
    )
    p.add_argument("--parquet", required=True, type=Path, metavar="DIR", help="a new or empty directory")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(args: argparse.Namespace) -> int:
    from answerable.export import export_parquet

    con = open_store(args, read_only=True)
    try:
        manifest = export_parquet(con, args.parquet)
    finally:
        con.close()
    if args.json:
        print_json(manifest.to_json())
        return 0
    print(f"Exported to {manifest.directory} ({manifest.batches} batches of lineage):")
    for d in manifest.datasets:
        parts = f", partitioned by {d.partitioned_by}" if d.partitioned_by else ""
        print(f"  {d.kind}: {d.records:,} records in {len(d.files)} file(s){parts}")
    return 0
