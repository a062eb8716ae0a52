"""The board report's "Who answers" section on the hand-computed chain fixture (tests/who/test_chain.py):
the work list's head with who answers for each, the whole list in one sentence, and the mismatches, in
the typed Report, the HTML and the PDF."""

from __future__ import annotations

import duckdb

from answerable.report import build_report, render_html, render_pdf
from tests.who.test_chain import store_con  # noqa: F401  (the fixture)


def test_who_answers_section(store_con: duckdb.DuckDBPyConnection) -> None:  # noqa: F811
    report = build_report(store_con, organisation="Fixture Org")
    # the same order as tests/who/test_worklist.py: D6 incorrect first; D1 two reasons; D2 (May), D4 (March)
    assert [b.decision_id for b in report.broken_chains] == ["D6", "D1", "D2", "D4"]
    d6, d1 = report.broken_chains[0], report.broken_chains[1]
    assert (d6.who_answers, d6.incident_text, d6.outcome) == ("Ann Lee", "I1 (P2)", "incorrect")
    assert d6.broken == "incorrect and never caught, beyond decision rights"
    assert (d1.who_answers, d1.role) == ("nobody", "nobody")
    assert report.broken_chains_note == (
        "4 AI decisions have a broken accountability chain (nobody answers: 1; "
        "incorrect and never caught: 1; escalation unanswered: 1; "
        "uncontrolled identity at the decision's time: 2; beyond decision rights: 1); "
        "all of them below, incorrect outcomes first, then priority 1–2 incidents, then autonomous decisions."
    )
    assert [(m.ai_system, m.mismatch) for m in report.mismatches] == [
        ("sys-a", "the business owner (Bea Owner) reviewed none of 6 decisions"),
        ("sys-b", "no business owner is declared ('TBD' is a placeholder)"),
    ]
    html = render_html(report)
    assert "<h2>Who answers</h2>" in html
    assert html.index("<h2>Who answers</h2>") < html.index("<h2>AI inventory accountability</h2>")
    assert "I1 (P2)" in html and "reviewed none of 6 decisions" in html
    assert "no business owner is declared (&#39;TBD&#39; is a placeholder)" in html  # escaped, not markup
    assert render_pdf(report).startswith(b"%PDF")
