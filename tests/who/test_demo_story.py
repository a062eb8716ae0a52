"""The seeds' 02:00 IAM change seen whole (docs/demo-data.md, story 1 and 2), and the three commands'
JSON on the demo data. The expected figures are the story's, written in the docs before this code."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from answerable import store
from answerable.cli import main
from answerable.who import chain
from answerable.who.blast import blast_radius

TEAMS = (
    "Application Support, Cloud Platform, Database Team, Identity & Access, Network Operations, Service Desk"
)


@pytest.fixture(scope="module")
def demo(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The module's own copy of the session's demo store (tests/conftest.py), held open."""
    path = tmp_path_factory.mktemp("who_demo") / "demo.duckdb"
    shutil.copy(demo_template, path)
    con = store.connect(path)
    yield con
    con.close()


def test_the_0200_iam_change_reads_as_the_seeds_tell_it(demo: duckdb.DuckDBPyConnection) -> None:
    b = blast_radius(demo, "CHG0042")
    summary = "\n".join(b.summary)
    # CHG0042: owner Sami Jensen, approved=false, communicated=false, 2026-04-14 02:00 on CI00042
    assert b.summary[0] == (
        "CHG0042 (Sami Jensen answers for it; not approved, not announced) was implemented "
        "2026-04-14 02:00 on CI00042."
    )
    # 64 incidents from 02:16 to 08:06 across six teams
    assert (
        b.summary[1] == f"It caused 64 incidents across 6 teams ({TEAMS}), opened 2026-04-14 02:16 to 08:06."
    )
    assert b.incidents.total == 64
    # AutoRemediate tried `restart service` on every one (60 incorrect), paged Cloud Platform on-call,
    # 62 of 64 escalations slower than the 15-minute SLA; svc-autoremediate is uncontrolled all year
    line = next(s for s in b.summary if s.startswith("autoremediate"))
    assert line.startswith(
        "autoremediate tried 'restart service' on 64 of them: 60 incorrect, 64 escalated to "
        "Cloud Platform on-call (62 later than the SLA"
    )
    assert line.endswith("; 64 under an identity uncontrolled at the decision's time.")
    ident = {r[0]: r for r in b.identities.rows}
    assert ident["svc-autoremediate"][2:] == (64, 64)
    # INC0012672 (P1, major): review by Dana Whitfield, completed 2026-04-17
    assert (
        "INC0012672 (P1, major) has a post-incident review by Dana Whitfield, completed 2026-04-17."
        in summary
    )
    change = chain(demo, "CHG0042")
    assert change.answers.name == "Sami Jensen"
    assert change.links[0].rule == "unannounced_change_incident_rate"
    assert sum(1 for li in change.links if li.step == "caused incident") == 64


def test_an_incident_of_the_burst_names_its_change_and_review(demo: duckdb.DuckDBPyConnection) -> None:
    c = chain(demo, "INC0012672")
    steps = {li.step: li for li in c.links}
    assert steps["causing change"].who == "Sami Jensen" and not steps["causing change"].held
    assert steps["post-incident review"].who == "Dana Whitfield" and steps["post-incident review"].held


def test_the_three_commands_print_json(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.duckdb"  # a copy: the demo template is shared
    shutil.copy(demo_template, db)
    assert main(["--db", str(db), "who", "INC0012672", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["kind"], out["id"], out["answers"]["source"]) == (
        "incident",
        "INC0012672",
        "incidents.assigned_to",
    )
    assert (
        main(
            [
                "--db",
                str(db),
                "unanswered",
                "--limit",
                "3",
                "--json",
                "--ai-system",
                "copilot-summarizer",
            ]
        )
        == 0
    )
    page = json.loads(capsys.readouterr().out)
    # copilot-summarizer is not in the inventory and none of its 380 decisions has an owner: nobody answers
    assert len(page["rows"]) == 3 and page["total"] == 380
    assert all(r["who_answers"] is None and "nobody answers" in r["broken"] for r in page["rows"])
    assert main(["--db", str(db), "responsibility", "--json"]) == 0
    systems = {s["ai_system"]: s for s in json.loads(capsys.readouterr().out)}
    assert systems["copilot-summarizer"]["mismatches"][0].startswith("not in the AI inventory: 380 decisions")
    assert (
        systems["legacy-classifier"]["mismatches"][0] == "retired in the inventory, yet it made 51 decisions"
    )
    assert main(["--db", str(db), "who", "NOPE"]) == 2
    assert "No AI decision, incident or change has the id 'NOPE'" in capsys.readouterr().err


def test_list_and_chain_agree_on_identity_control_on_the_demo(demo: duckdb.DuckDBPyConnection) -> None:
    from answerable.who.worklist import unanswered

    listed = unanswered(demo, reason="uncontrolled_identity_decision_rate", limit=100_000)
    flagged = {r[0] for r in listed.rows}
    assert len(flagged) == listed.total > 0
    # decisions from every system and month: every 997th decision id, judged by the indicator's SQL
    sample = [f"AID{n:07d}" for n in range(1, 25_220, 997)]
    for decision_id in sample:
        identity = next(li for li in chain(demo, decision_id).links if li.step == "identity")
        assert (not identity.held) == (decision_id in flagged), decision_id
