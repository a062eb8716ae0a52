"""Generate the six demo CSVs for Northwind Services (DESIGN §9): deterministic for a given seed."""

from __future__ import annotations

from pathlib import Path

from answerable.contract import KINDS
from answerable.demo import story
from answerable.demo.decisions import decisions
from answerable.demo.incidents import incidents
from answerable.demo.reference import ai_systems, changes, cmdb_items, knowledge_articles
from answerable.demo.rows import Row, seeded, write_csv


def build(seed: int = story.DEFAULT_SEED) -> dict[str, list[Row]]:
    """All six datasets as rows, keyed by kind. Each dataset draws from its own seeded stream, so
    changing how one is generated does not reshuffle the others."""
    change_rows = changes(seeded(seed, "changes"))
    incident_rows = incidents(seeded(seed, "incidents"), change_rows)
    decision_rows = decisions(seeded(seed, "decisions"), incident_rows, change_rows)
    return {
        "incidents": incident_rows,
        "ai_decisions": decision_rows,
        "ai_systems": ai_systems(),
        "changes": change_rows,
        "knowledge_articles": knowledge_articles(seeded(seed, "knowledge")),
        "cmdb_items": cmdb_items(seeded(seed, "cmdb")),
    }


def generate(out_dir: Path, seed: int = story.DEFAULT_SEED) -> dict[str, Path]:
    """Write `<kind>.csv` for every dataset kind into `out_dir`; returns the paths by kind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    datasets = build(seed)
    paths: dict[str, Path] = {}
    for kind in KINDS:
        path = out_dir / f"{kind}.csv"
        write_csv(path, kind, datasets[kind])
        paths[kind] = path
    return paths
