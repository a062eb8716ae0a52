"""What the board report says about who answers (DESIGN §7): the head of the Unanswered work list (the
ten most consequential broken chains, with who answers for each) and the declared-vs-observed mismatches.
Computed in one metric session under the report's filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from answerable.metrics import Session, settings_for
from answerable.results import Filters
from answerable.who.model import Table
from answerable.who.responsibility import responsibility_in
from answerable.who.worklist import REASONS, worklist_in

HEAD = 10


@dataclass(frozen=True)
class WhoSection:
    head: Table  # the ten most consequential broken chains (total = the whole list's size)
    counts: dict[str, int]  # reason id -> decisions breaking it
    mismatches: tuple[tuple[str, str], ...]  # (AI system, sentence)

    def reason_lines(self) -> tuple[str, ...]:
        return tuple(f"{REASONS[r]}: {n:,}" for r, n in self.counts.items() if n)


def who_section(con: duckdb.DuckDBPyConnection, filters: Filters, model: Any | None = None) -> WhoSection:
    with Session(con, settings_for(model)) as session:
        listed = worklist_in(session, filters, limit=HEAD)
        systems = responsibility_in(session, filters)
    mismatches = tuple((s.ai_system, m) for s in systems for m in s.mismatches)
    return WhoSection(listed.page, listed.counts, mismatches)
