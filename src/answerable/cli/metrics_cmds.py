"""`answerable metrics`: every indicator and context metric under the filters, as a table or JSON.

(The maturity `score` command joins this module; each command has its own `_add_<name>` helper.)
"""

from __future__ import annotations

import argparse
from typing import Any

from answerable.cli.common import (
    add_command,
    add_engine_args,
    add_filter_args,
    filters_from_args,
    metric_session,
    print_json,
)
from answerable.present import MISSING, format_count, format_value, level_short
from answerable.results import MetricResult

JSON_FIELDS = (
    "id", "title", "status", "value", "numerator", "denominator", "level", "score", "unit", "reason",
    "scope",
)


def register(sub: Any) -> None:  # argparse._SubParsersAction
    _add_metrics(sub)
    _add_score(sub)


def _add_score(sub: Any) -> None:
    from answerable.cli import score_cmd  # the maturity `score` command lives in its own module

    score_cmd.register(sub)


def _add_metrics(sub: Any) -> None:
    p = add_command(
        sub, "metrics", run_metrics,
        help="compute the accountability indicators and context metrics",
        description="Compute every accountability indicator and context metric under the filters.",
    )
    add_filter_args(p)
    add_engine_args(p)
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")


def metric_json(r: MetricResult) -> dict[str, Any]:
    """The stable JSON object of one metric (DESIGN §8), plus its kind and warnings. `scope` says what
    the figure covers: "ai_system" (the filtered system) or "organisation" (no AI-system filter, or an
    indicator the filter does not apply to; then it is context, without level or score)."""
    d: dict[str, Any] = {f: getattr(r, f) for f in JSON_FIELDS}
    d["kind"] = r.kind
    d["warnings"] = list(r.warnings)
    return d


def format_table(results: list[MetricResult]) -> str:
    rows = [("id", "status", "value", "numerator", "denominator", "level")]
    rows += [
        (r.id, r.status, format_value(r.value, r.unit), format_count(r.numerator),
         format_count(r.denominator), MISSING if r.level is None else level_short(r.level))
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    notes = [f"  {r.id}: {r.reason}" for r in results if r.reason]
    notes += [f"  {r.id}: {w}" for r in results for w in r.warnings]
    if any(r.scope == "ai_system" for r in results):
        context = [r.id for r in results if r.scope == "organisation"]
        notes.append("  organisation-wide context (the AI-system filter does not apply; not scored): "
                     + ", ".join(context))
    return "\n".join(lines + (["", "Notes:", *notes] if notes else []))


def run_metrics(args: argparse.Namespace) -> int:
    from answerable.maturity import load_model
    from answerable.maturity.score import rate
    from answerable.metrics import compute_in, settings_for

    filters = filters_from_args(args)
    model = load_model()
    with metric_session(args, settings_for(model)) as session:
        results = [
            rate(r, model) if not filters.ai_system or r.scope == "ai_system" else r  # context: no level
            for r in compute_in(session, filters)
        ]
    if args.json:
        print_json([metric_json(r) for r in results])
    else:
        print(format_table(results))
    return 0
