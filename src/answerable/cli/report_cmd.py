"""`answerable report`: the board report as PDF or self-contained HTML (DESIGN §7-8)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from answerable.cli.common import add_command, add_filter_args, filters_from_args, open_store
from answerable.errors import AnswerableError


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(
        sub, "report", run,
        help="write the board governance report (PDF or self-contained HTML)",
        description="Write the board governance report: maturity, KPIs with targets, trends, top risks with "
        "owners, the AI inventory and the data lineage. Same store, filters and model give the same report.",
    )
    p.add_argument("--format", choices=("pdf", "html"), required=True, help="pdf or html")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
    add_filter_args(p)
    p.add_argument("--model", metavar="M.toml", help="maturity model file (default: the built-in model)")
    p.add_argument(
        "--organisation",
        metavar="NAME",
        help='name on the cover (default: $ANSWERABLE_ORG, else "Your organisation")',
    )


def run(args: argparse.Namespace) -> int:
    from answerable import maturity
    from answerable.report import build_report, render_html, render_pdf

    filters = filters_from_args(args)
    model = maturity.load_model(args.model) if args.model else maturity.load_model()
    out = Path(args.out)
    if out.is_dir():
        raise AnswerableError(
            f"--out {out} is a directory; give a file name such as {out / ('report.' + args.format)}."
        )
    con = open_store(args, read_only=True)
    try:
        report = build_report(con, filters, model, organisation=args.organisation)
    finally:
        con.close()
    data = render_pdf(report) if args.format == "pdf" else render_html(report).encode("utf-8")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise AnswerableError(
            f"Cannot write the report to {out}: {exc.strerror}. Choose another --out path."
        ) from None
    o = report.overall
    # no brackets inside the line's own: "(..., html; not enough evidence for a level; provisional: ...)"
    claim = (f"not enough evidence for a level; provisional: {o.level_text}, index {o.index_text}; "
             f"{o.coverage_text}" if o.provisional and o.level is not None
             else f"{o.level_text}, index {o.index_text}")  # DESIGN §5: only claim what the data supports
    print(f"wrote {out} ({len(data):,} bytes, {args.format}; {claim})", file=sys.stderr)
    return 0
