"""Each indicator is two files, sql/<id>.sql and sql/<id>.toml; the reader refuses a bad file by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from answerable.errors import IndicatorFileError
from answerable.metrics import REGISTRY
from answerable.metrics.indicator import SQL_DIR
from answerable.metrics.indicator_file import read_all, read_indicator

GOOD = (SQL_DIR / "unowned_decision_rate.toml").read_text(encoding="utf-8")


def test_every_sql_file_has_its_toml_and_the_registry_holds_them_all() -> None:
    tomls = {p.stem for p in SQL_DIR.glob("*.toml")}
    shared = {i.sql_file for i in REGISTRY.values()}  # mttr_hours.sql serves two metrics
    for sql in SQL_DIR.glob("*.sql"):
        assert sql.stem in tomls or sql.name in shared, f"{sql.name} has no {sql.stem}.toml"
    assert set(REGISTRY) == tomls
    assert all((SQL_DIR / i.sql_file).is_file() for i in REGISTRY.values())


def test_registry_order_is_kind_then_order() -> None:
    ids = list(REGISTRY)
    assert ids[:3] == ["unowned_decision_rate", "ai_system_owner_coverage", "unowned_incident_rate"]
    acc = [i for i in REGISTRY.values() if i.kind == "accountability"]
    assert [i.order for i in acc] == sorted(i.order for i in acc)
    assert [i.id for i in read_all()] == ids


def test_a_file_is_read_into_the_indicator() -> None:
    ind = REGISTRY["decision_rights_violation_rate"]
    assert ind.dimension == "decision_rights" and ind.kind == "accountability"
    assert ind.requires == ("ai_decisions", "ai_systems")  # the population first, then `requires`
    assert ind.reads == ("ai_decisions", "ai_systems", "incidents")  # plus the look-ups
    assert ind.bands == (0.5, 2.0, 5.0, 15.0)
    assert ind.gap.startswith("keep {n} more") and ind.gap_label == "violations"
    assert REGISTRY["mttr_mean_hours"].sql_file == "mttr_hours.sql"
    assert REGISTRY["escalation_ack_rate"].shown_with == "escalation"
    assert REGISTRY["escalation_latency_p90_min"].quantile == 0.9
    assert REGISTRY["pir_lead_time_days"].quantile == 0.5 and REGISTRY["pir_coverage"].quantile is None


def _write(tmp_path: Path, text: str, name: str = "unowned_decision_rate") -> Path:
    path = tmp_path / f"{name}.toml"  # the SQL is still read from the package's sql/ folder
    path.write_text(text, encoding="utf-8")
    return path


def test_the_copy_of_a_good_file_reads_the_same(tmp_path: Path) -> None:
    assert read_indicator(_write(tmp_path, GOOD)) == REGISTRY["unowned_decision_rate"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('unit = "%"', 'unit = "%"\ncolour = "red"', r"unowned_decision_rate\.toml: colour: unknown key"),
        ('title = "Unowned AI decisions"\n', "", r"title: expected a non-empty text, found None"),
        ('direction = "lower"', 'direction = "down"', r"direction: expected one of 'lower', 'higher'"),
        ('population = "ai_decisions"', 'population = "tickets"', r"population: expected one of 'incidents'"),
        ('aggregate = "rate"', 'aggregate = "sum"', r"aggregate: expected one of 'rate'"),
        ('["accountable_owner"]', '["owner"]', r"needs\.ai_decisions: 'owner' is not a column"),
        ("needs = { ai_decisions", "needs = { tickets", r"needs\.tickets: no such dataset"),
        ("ignores_filters = []", 'ignores_filters = ["period"]',
         r"ignores_filters: a ai_decisions population ignores exactly \[\]"),
        ('breakdowns = ["ai_system"', 'breakdowns = ["cmdb_ci"', r"breakdowns: 'cmdb_ci' is not one of"),
        ("bands = { L5 = 1,", "bands = { L1 = 1,", r"bands: expected \{ L5 = \.\., L4"),
        ('gap_label = "unowned"\n', "", r"gap_label: missing; an indicator with a dimension is scored"),
        ('gap = "assign an accountable owner to {n} more', 'gap = "assign an accountable owner to more',
         r"gap: the sentence must contain \{n\}"),
        ('dimension = "ownership"', 'shown_with = "ownership"', r"bands: only an indicator with a dimension"),
        ("order = 10", "order = -1", r"order: expected a whole number >= 0"),
        ('evidence_label = "AI decisions"', 'evidence_label = "AI decisions"\nsql_file = "nope.sql"',
         r"sql_file: the SQL file nope\.sql does not exist"),
        ('title = "Unowned AI decisions"', 'title = "Unowned AI decisions', r"cannot be read as UTF-8 TOML"),
    ],
)
def test_a_bad_file_is_refused_with_file_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(IndicatorFileError, match=message):
        read_indicator(_write(tmp_path, GOOD.replace(old, new, 1)))


def test_an_indicator_without_its_sql_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IndicatorFileError, match=r"brand_new_rate\.toml: sql_file: the SQL file"):
        read_indicator(_write(tmp_path, GOOD, name="brand_new_rate"))

