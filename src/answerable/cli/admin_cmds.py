"""Store administration: `backup OUT` and `restore IN`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from answerable import backup, store
from answerable.cli.common import add_command


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(
        sub, "backup", _backup,
        help="write a consistent, verified copy of the store",
        description="Copy the store to OUT while holding it (no writer can interfere), then verify the copy.",
    )
    p.add_argument("out", metavar="OUT", type=Path, help="backup file to write, e.g. backups/store.duckdb")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")

    p = add_command(
        sub, "restore", _restore,
        help="replace the store with a backup (refused while the store is in use)",
        description="Replace the store with the backup IN. The replaced store is kept beside it as "
        "<store>.before-restore-<time>. Stop the app first: a store in use is never overwritten.",
    )
    p.add_argument("backup_file", metavar="IN", type=Path, help="backup file written by `answerable backup`")


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else store.default_db_path()


def _backup(args: argparse.Namespace) -> int:
    summary = backup.backup(_db(args), args.out, overwrite=args.force)
    print(f"Backed up {_db(args)} to {args.out}: {summary.describe()}.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    summary, kept = backup.restore(args.backup_file, _db(args))
    print(f"Restored {_db(args)} from {args.backup_file}: {summary.describe()}.")
    if kept is not None:
        print(f"The previous store was kept as {kept}.")
    return 0
