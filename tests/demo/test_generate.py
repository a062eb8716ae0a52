"""The demo generator: byte-identical regeneration, volumes, size and the canonical CSV shape."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from answerable.contract import KINDS, dataset
from answerable.demo import DEFAULT_SEED, generate

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = ROOT / "data" / "demo"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate(out, seed=DEFAULT_SEED)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_regeneration_is_byte_identical_to_the_committed_files(regenerated: Path, kind: str) -> None:
    fresh = (regenerated / f"{kind}.csv").read_bytes()
    committed = (DEMO_DIR / f"{kind}.csv").read_bytes()
    assert fresh == committed, f"data/demo/{kind}.csv is stale: run `python -m answerable.demo`"


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path, seed=DEFAULT_SEED + 1)
    assert (tmp_path / "ai_decisions.csv").read_bytes() != (DEMO_DIR / "ai_decisions.csv").read_bytes()


def _rows(kind: str) -> list[dict[str, str]]:
    with (DEMO_DIR / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("kind", KINDS)
def test_headers_are_the_contract_columns_and_keys_are_unique(kind: str) -> None:
    ds = dataset(kind)
    with (DEMO_DIR / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == ds.names
    keys = [r[ds.key] for r in _rows(kind)]
    assert all(keys), f"{kind}: empty key"
    assert len(keys) == len(set(keys)), f"{kind}: duplicate keys"


def test_volumes_match_design_section_9() -> None:
    counts = {kind: len(_rows(kind)) for kind in KINDS}
    assert counts["incidents"] == 6000
    assert 24_000 <= counts["ai_decisions"] <= 26_000
    assert counts["ai_systems"] == 10  # ten in the inventory (one retired); the shadow system is not
    assert 300 <= counts["changes"] <= 400
    assert counts["knowledge_articles"] == 400
    assert counts["cmdb_items"] == 800


def test_files_stay_under_8_mb_in_all() -> None:
    total = sum((DEMO_DIR / f"{kind}.csv").stat().st_size for kind in KINDS)
    assert total < 8 * 1024 * 1024, f"{total:,} bytes"


def test_timestamps_are_iso_and_inside_the_demo_year() -> None:
    opened = [r["opened_at"] for r in _rows("incidents")]
    decided = [r["decided_at"] for r in _rows("ai_decisions")]
    for value in opened + decided:
        assert len(value) == 19 and value[10] == " " and value[4] == "-", value
    # String order is time order for this format; the year runs 2025-11-01 .. 2026-10-31.
    assert min(opened + decided) >= "2025-11-01 00:00:00"
    assert max(opened + decided) < "2026-11-01 00:00:00"


def test_confidences_are_fractions_with_two_decimals() -> None:
    values = [r["confidence"] for r in _rows("ai_decisions") if r["confidence"]]
    assert values, "no confidences"
    assert all(0 <= float(v) <= 1 and len(v) == 4 for v in values)
