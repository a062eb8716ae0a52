"""`answerable score`: the maturity scorecard (DESIGN §5, §8) as a readable table or stable JSON."""

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
from answerable.maturity import load_model, score_to_json
from answerable.maturity.score import coverage_text, dimension_provisional, score_in
from answerable.metrics import settings_for
from answerable.present import MISSING, format_score, format_value, level_text
from answerable.results import Score


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(
        sub, "score", run,
        help="maturity level and index per dimension, with next-level gaps",
        description="Score the store's current data with the maturity model (DESIGN §5).",
    )
    add_filter_args(p)
    add_engine_args(p)
    p.add_argument("--model", metavar="M.toml", help="a model file merged over the built-in model")
    p.add_argument("--json", action="store_true", help="print stable JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    filters = filters_from_args(args)
    model = load_model(args.model)
    with metric_session(args, settings_for(model)) as session:
        result = score_in(session, filters, model)
    if args.json:
        print_json(score_to_json(result), ensure_ascii=False)
    else:
        print(render_table(result))
    return 0


def _num(x: float | None) -> str:
    """A score in a right-aligned column: always one decimal, so the column lines up."""
    return MISSING if x is None else f"{x:.1f}"


def _level(level: int | None) -> str:
    return level_text(level).lower() if level is None else level_text(level)


def render_table(s: Score) -> str:
    o = s.overall
    flags = [f for f, on in (("provisional", o.provisional), ("fully embedded", o.fully_embedded)) if on]
    marks = f"  [{', '.join(flags)}]" if flags else ""
    headline = f"Overall: {_level(o.level)}, index {format_score(o.index, 1)}{marks}"
    if o.provisional and o.level is not None:  # DESIGN §5: no level headlined on provisional evidence
        headline = (f"Overall: not enough evidence for a level (provisional, from what is assessed: "
                    f"{_level(o.level)}, index {format_score(o.index, 1)}); load the data the not-assessed "
                    "indicators below need (`answerable metrics` gives each one's reason)")
    lines = [
        f"Maturity (model {s.model_version}, as of {s.as_of or 'no data'})",
        headline,
        f"Coverage: {coverage_text(o.indicators_assessed, o.indicators_total)}, "
        f"{o.dimensions_assessed} of {o.dimensions_total} dimensions",
    ]
    if o.level is None:
        lines.append(
            "Nothing could be assessed yet: load incidents, AI decisions and the AI inventory "
            "(answerable ingest FILE...), or the demo data (answerable demo)."
        )
    lines += [
        "",
        f"{'dimension / indicator':<40} {'value':>12} {'level':>21} {'score':>6}",
    ]
    metrics = {m.id: m for m in s.metrics}
    for d in s.dimensions:
        provisional = "; level provisional" if dimension_provisional(d) else ""  # DESIGN §5
        lines.append(f"{d.title:<40} {'':>12} {_level(d.level):>21} {_num(d.score):>6}"
                     f"  ({coverage_text(d.indicators_assessed, d.indicators_total)}{provisional})")
        for i in d.indicators:
            m = metrics.get(i.id)
            unit = m.unit if m else "%"
            value = format_value(i.value, unit)
            level = _level(i.level) if i.status == "ok" else i.status.replace("_", " ")
            if not i.scored:
                level = "organisation-wide"
            lines.append(f"  {i.id:<38} {value:>12} {level:>21} {_num(i.score):>6}")
        for gap in d.next_level_gaps:
            lines.append(f"    next level: {gap}")
    return "\n".join(lines)
