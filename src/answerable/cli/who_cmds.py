"""`answerable who`, `unanswered` and `responsibility` (DESIGN §8, second edition): who answers for a
decision, incident or change; the work list of broken chains; declared vs observed responsibility."""

from __future__ import annotations

import argparse
from typing import Any

from answerable.cli.common import add_command, add_filter_args, filters_from_args, open_store, print_json
from answerable.who import model as who_model


def register(sub: Any) -> None:  # argparse._SubParsersAction
    p = add_command(
        sub, "who", run_who,
        help="the accountability chain of a decision, incident or change",
        description="Who answers for an AI decision, incident or change, and each link of its chain, held "
        "or broken with the rule that broke it.",
    )
    p.add_argument("id", help="a decision_id, incident_id or change_id")
    p.add_argument(
        "--blast",
        action="store_true",
        help="for a change: its blast radius (incidents, AI decisions, identities)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = add_command(
        sub, "unanswered", run_unanswered,
        help="the work list of AI decisions with a broken accountability chain",
        description="AI decisions whose chain is broken (nobody answers, incorrect and never caught, "
        "escalation unanswered, uncontrolled identity, beyond decision rights), most "
        "consequential first.",
    )
    add_filter_args(p)
    p.add_argument("--limit", type=int, default=50, help="rows to print (default 50)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = add_command(
        sub, "responsibility", run_responsibility,
        help="declared vs observed responsibility per AI system",
        description="Per AI system: the inventory's owners, escalation path and SLA beside who reviewed, "
        "overrode, was escalated to and took over, with the mismatches.",
    )
    add_filter_args(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(who_model.jsonable(value))


def format_chain(chain: who_model.Chain) -> str:
    a = chain.answers
    lines = [
        f"{chain.kind} {chain.id}",
        f"Who answers: {a.name or 'NOBODY'} ({a.role}{', from ' + a.source if a.source else ''})",
        f"Minutes to an accountable human: {_text(chain.minutes_to_human)}",
        "",
    ]
    for n, link in enumerate(chain.links, 1):
        mark = "held  " if link.held else "BROKEN"
        head = f"{n:>2}. {mark} {link.step}: {link.who or '-'}"
        if link.at is not None:
            head += f" at {_text(link.at)}"
        if link.rule:
            head += f"  [rule: {link.rule}]"
        lines.append(head)
        facts = ", ".join(f"{k}={_text(v)}" for k, v in link.facts if v is not None)
        if facts:
            lines.append(f"      {facts}")
    lines += [
        "",
        f"Broken: {', '.join(chain.broken) or 'nothing'}",
        f"Batches: {', '.join(str(b) for b in chain.batches)}",
    ]
    return "\n".join(lines)


def _table(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    cells = [list(columns)] + [[_text(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )


def run_who(args: argparse.Namespace) -> int:
    from answerable.who import blast, chain

    with open_store(args, read_only=True) as con:
        if args.blast:
            radius = blast.blast_radius(con, args.id)
            if args.json:
                print_json(radius.to_json())
                return 0
            print("\n".join(radius.summary))
            for title, table in (
                ("Incidents", radius.incidents),
                ("AI decisions", radius.decisions),
                ("Identities", radius.identities),
            ):
                print(f"\n{title} ({table.total:,})\n{_table(table.columns, table.rows)}")
            return 0
        found = chain(con, args.id)
    if args.json:
        print_json(found.to_json())
    else:
        print(format_chain(found))
    return 0


def run_unanswered(args: argparse.Namespace) -> int:
    from answerable.who.worklist import unanswered

    filters = filters_from_args(args)
    with open_store(args, read_only=True) as con:
        page = unanswered(con, filters, limit=max(0, args.limit))
    if args.json:
        print_json({"total": page.total, "rows": page.to_json()})
        return 0
    print(
        f"{page.total:,} AI decisions with a broken chain "
        f"(most consequential first; showing {len(page.rows):,})"
    )
    if page.rows:
        print(_table(page.columns, page.rows))
    return 0


def run_responsibility(args: argparse.Namespace) -> int:
    from answerable.who.responsibility import responsibility

    filters = filters_from_args(args)
    with open_store(args, read_only=True) as con:
        systems = responsibility(con, filters)
    if args.json:
        print_json([s.to_json() for s in systems])
        return 0
    for s in systems:
        declared = (
            f"declared: business owner {s.business_owner or '-'}, "
            f"technical owner {s.technical_owner or '-'}, "
            f"escalation path {s.escalation_path or '-'}, SLA {s.sla_minutes:,.0f} min"
        )
        share = f" ({100 * s.top_taker_share:.0f}%)" if s.top_taker_share is not None else ""
        observed = (
            f"observed: {s.decisions:,} decisions, {s.reviewed:,} reviewed, {s.overridden:,} overridden, "
            f"{s.escalated:,} escalated, {s.taken_over:,} taken over (most by {s.top_taker or '-'}{share}), "
            f"median takeover {_text(s.median_takeover_min)} min"
        )
        print(f"{s.ai_system}\n  {declared}\n  {observed}")
        for m in s.mismatches:
            print(f"  MISMATCH: {m}")
    return 0
