"""Data commands: ingest, batches, retract, template (DESIGN §8)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from answerable import store
from answerable.cli.common import add_command, open_store, print_json, terminal
from answerable.contract import KINDS, template_header
from answerable.errors import IngestError
from answerable.ingest import IngestReport, ingest_file, load_mapping
from answerable.ingest.detect import load_profiles
from answerable.ingest.report import summarise


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(sub, "ingest", cmd_ingest, help="load CSV/XLSX files (one batch per file)")
    p.add_argument("files", nargs="+", metavar="FILE", help="CSV, CSV in .zip/.gz, or XLSX")
    p.add_argument("--kind", choices=KINDS, help="the dataset kind (default: detected from the headers)")
    p.add_argument(
        "--profile", choices=sorted(load_profiles()), help="the vendor profile (default: detected)"
    )
    p.add_argument("--mapping", metavar="M.toml", help="a TOML mapping of contract columns to headers")
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per file")

    p = add_command(sub, "batches", cmd_batches, help="list loaded batches with their lineage")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add_command(sub, "retract", cmd_retract, help="retract a batch (its rows leave the current data)")
    p.add_argument("batch_id", type=int, metavar="BATCH_ID")

    p = sub.add_parser("mapping", help="mappings: suggest one for an export no profile recognises")
    msub = p.add_subparsers(dest="mapping_command", required=True, metavar="suggest")
    s = add_command(
        msub, "suggest", cmd_mapping_suggest,
        help="print a suggested mapping (TOML, ready for --mapping) for a file",
    )
    s.add_argument("file", metavar="FILE", help="CSV, CSV in .zip/.gz, or XLSX")
    s.add_argument("--kind", choices=KINDS, help="the dataset kind (default: the best match)")

    p = add_command(sub, "template", cmd_template, help="print the CSV header template of a dataset kind")
    p.add_argument("kind", choices=KINDS, metavar="KIND", help=", ".join(KINDS))


def _describe(r: IngestReport) -> str:
    """The lines printed for one loaded file; each escaped, since names and values come from the file."""
    if r.status == "duplicate":
        return terminal(f"{r.file}: {r.summary}")
    lines = [
        f"{r.file}: loaded as batch {r.batch_id} ({r.kind}, profile {r.profile}). "
        f"{r.rows_read:,} row{'' if r.rows_read == 1 else 's'} read, {r.rows_rejected:,} rejected. "
        f"{r.summary}."
    ]
    lines += [f"  date format {col}: {fmt}" for col, fmt in r.date_formats.items()]
    lines += [f"  rejected: {p}" for p in r.problems[:10]]
    lines += [f"  warning: {line}" for line in summarise(r.warning_counts, r.warnings)]  # one line a rule
    if r.linkage is not None:  # AI decisions and incidents both loaded: do they describe the same work?
        lines.append(f"  linkage: {r.linkage.summary()}")
        warning = r.linkage.warning()
        if warning:
            lines.append(f"  warning: {warning}")
    return "\n".join(terminal(line) for line in lines)


def cmd_ingest(args: argparse.Namespace) -> int:
    mapping = load_mapping(args.mapping) if args.mapping else None
    con = open_store(args)
    out: list[dict[str, Any]] = []
    failed = 0
    try:
        for f in args.files:
            try:
                report = ingest_file(con, f, kind=args.kind, profile=args.profile, mapping=mapping)
            except IngestError as exc:
                failed += 1
                print(f"error: {terminal(exc)}", file=sys.stderr)
                out.append({"file": exc.file_name or f, "status": "refused", "error": str(exc)})
                continue
            if args.json:
                out.append(report.to_json())
            else:
                print(_describe(report))
    finally:
        con.close()
    if args.json:
        print_json(out, default=str)
    return 1 if failed else 0


def cmd_mapping_suggest(args: argparse.Namespace) -> int:
    from answerable.ingest.suggest import suggest_file, suggestion_toml

    try:
        suggestion = suggest_file(args.file, kind=args.kind)
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(suggestion_toml(suggestion), end="")
    return 0 if suggestion.kind and not suggestion.missing_required else 1


def cmd_batches(args: argparse.Namespace) -> int:
    con = open_store(args)
    try:
        batches = store.list_batches(con)
    finally:
        con.close()
    if args.json:
        rows = [{**b.__dict__, "active": b.active} for b in batches]
        print_json(rows, default=str)
        return 0
    if not batches:
        print("No batches yet. Load data with `answerable ingest FILE` or `answerable demo`.")
        return 0
    print(
        f"{'id':>4}  {'kind':<18} {'status':<10} {'read':>9} {'rejected':>8} {'records':>8}  "
        f"{'loaded at':<16}  file"
    )
    for b in batches:
        status = "retracted" if b.retracted_at else ("demo" if b.is_demo else "active")
        print(
            f"{b.batch_id:>4}  {b.kind:<18} {status:<10} {b.rows_read:>9,} {b.rows_rejected:>8,} "
            f"{b.records:>8,}  {b.loaded_at:%Y-%m-%d %H:%M}  {terminal(b.file_name)}"
        )
    return 0


def cmd_retract(args: argparse.Namespace) -> int:
    con = open_store(args)
    try:
        batch = store.retract(con, args.batch_id)
    finally:
        con.close()
    print(
        f"Batch {batch.batch_id} ({batch.kind}, {terminal(batch.file_name)}) retracted; "
        "the previous data is current again."
    )
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    print(template_header(args.kind))
    return 0
