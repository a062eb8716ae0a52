"""The board report's "Who answers" section (DESIGN §7, second edition): the ten most consequential
broken accountability chains with who answers for each, and the declared-vs-observed mismatches, from
answerable.who under the report's filters."""

from __future__ import annotations

from typing import Any

import duckdb

from answerable import present
from answerable.report.structure import BrokenChainRow, MismatchRow
from answerable.results import Filters
from answerable.who.board import who_section


def who_answers(
    con: duckdb.DuckDBPyConnection, filters: Filters, model: Any
) -> tuple[tuple[BrokenChainRow, ...], str, tuple[MismatchRow, ...]]:
    """(the list's head, a sentence on the whole list, the mismatches)."""
    section = who_section(con, filters, model)
    col = {c: i for i, c in enumerate(section.head.columns)}
    rows = tuple(
        BrokenChainRow(
            decision_id=str(r[col["decision_id"]]),
            decided_at=present.timestamp_text(r[col["decided_at"]]),
            ai_system=str(r[col["ai_system"]] or present.MISSING),
            who_answers=str(r[col["who_answers"]] or "nobody"),
            role=str(r[col["role"]]),
            broken=str(r[col["broken"]]),
            outcome=str(r[col["outcome"]] or present.MISSING),
            incident_text=_incident(r[col["incident_id"]], r[col["incident_priority"]]),
        )
        for r in section.head.rows
    )
    total = section.head.total
    if total == 0:
        note = "No AI decision under these filters has a broken accountability chain."
    else:
        shown = "the most consequential" if total > len(rows) else "all of them"
        note = (
            f"{present.format_count(total)} AI decisions have a broken accountability chain "
            f"({'; '.join(section.reason_lines())}); {shown} below, incorrect outcomes first, then "
            "priority 1–2 incidents, then autonomous decisions."
        )
    mismatches = tuple(MismatchRow(system, sentence) for system, sentence in section.mismatches)
    return rows, note, mismatches


def _incident(incident_id: Any, priority: Any) -> str:
    if not incident_id:
        return present.MISSING
    return f"{incident_id} (P{priority})" if priority is not None else str(incident_id)
