"""Reasons are read by people: singular counts and dataset names read naturally."""

from __future__ import annotations

from datetime import datetime

from answerable.metrics import compute
from answerable.metrics.engine import _count_label
from tests.conftest import load_rows


def test_count_label_singular_and_plural() -> None:
    assert _count_label(1, "AI systems") == "1 AI system"
    assert _count_label(2, "AI systems") == "2 AI systems"
    assert _count_label(1, "incidents with both categories") == "1 incident with both categories"
    assert _count_label(0, "timed escalations") == "0 timed escalations"


def test_missing_dataset_reason_names_what_to_load(con) -> None:  # type: ignore[no-untyped-def]
    load_rows(con, "incidents", [{"incident_id": "INC1", "opened_at": datetime(2026, 1, 5)}])
    by_id = {m.id: m for m in compute(con, ids=["unowned_decision_rate"])}
    reason = by_id["unowned_decision_rate"].reason
    assert by_id["unowned_decision_rate"].status == "not_assessed"
    assert reason == (
        "The ai_decisions dataset is not loaded: "
        "load AI decisions (kind ai_decisions) to assess this indicator."
    )
