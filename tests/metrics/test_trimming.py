"""Unicode-aware trimming in every comparison (DESIGN §4 "Text comparisons")."""

from __future__ import annotations

import duckdb
import pytest

from answerable.results import Filters
from answerable.text import TRIM_CHARS, install_macros, strip_text
from tests.metrics.helpers import decision, incident, load, metric, system

WS = [
    "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2003", "\u200b", "\u200c", "\u200d", "\ufeff", "\x85", "\x0b",
]


def test_trim_chars_cover_whitespace_and_zero_width() -> None:
    for ch in ["\t", "\n", "\u00a0", "\u2028", "\u3000", "\u200b", "\u200c", "\u200d", "\ufeff", " "]:
        assert ch in TRIM_CHARS
    assert "x" not in TRIM_CHARS and "\u00e9" not in TRIM_CHARS


@pytest.mark.parametrize("value", [
    "\u00a0\t x y\u200b\ufeff\n", "\u3000caf\u00e9\u3000", "abc", "a", "", " ", "\u200b", "\x1c a\x85",
    "\ufeffTBD", "a\u00a0b", " \u2003\u2009x\u202f",
])
def test_sql_utrim_agrees_with_python(value: str) -> None:
    cur = duckdb.connect()
    install_macros(cur)
    row = cur.execute("SELECT utrim(?), clean(?), enum_key(?)", [value, value, value]).fetchone()
    assert row is not None
    expected = strip_text(value)
    assert row[0] == expected
    assert row[1] == (expected or None)
    assert row[2] == expected.lower().replace(" ", "_").replace("-", "_")


def test_whitespace_owner_is_not_present(con) -> None:
    owners = [f"{ws}" for ws in WS]  # 12 owners that are only whitespace or zero-width
    owners += [f"{WS[3]}n/a{WS[6]}", "\tTBD\n"]  # 2 placeholders wrapped in Unicode whitespace
    owners += ["\u00a0alice\u200b"] * 26  # 26 real owners wrapped in no-break space / zero-width
    load(con, "ai_decisions", [decision(i, accountable_owner=o) for i, o in enumerate(owners)])
    r = metric(con, "unowned_decision_rate")
    # 12 + 2 unowned of 40 decisions = 35%
    assert (r.numerator, r.denominator, r.value) == (14, 40, pytest.approx(35.0))


def test_keys_enumerations_and_categories_compare_after_trimming(con) -> None:
    load(con, "ai_systems", [system("triage", status="\u00a0approved\t")])
    load(con, "incidents", [incident(i, category="network\u200b") for i in range(40)])
    rows = [
        decision(i, ai_system="\ufefftriage\u3000", incident_id=f"\tINC{i:04d}\u00a0",
                 decision_type="Classify\u2003", decision_value="\u00a0network")
        for i in range(40)
    ]
    rows[0]["decision_value"] = "storage"
    load(con, "ai_decisions", rows)
    # every decision's system matches the inventory row "triage": no shadow AI
    shadow = metric(con, "shadow_ai_rate")
    assert (shadow.numerator, shadow.denominator) == (0, 40)
    mis = metric(con, "ai_misclassification_rate")
    # 40 classify decisions linked to incidents categorised "network"; 1 says "storage" = 2.5%
    assert (mis.numerator, mis.denominator, mis.value) == (1, 40, pytest.approx(2.5))
    # the AI-system filter value is trimmed the same way
    filtered = metric(con, "shadow_ai_rate", Filters(ai_system="\u200btriage\t"))
    assert filtered.denominator == 40
