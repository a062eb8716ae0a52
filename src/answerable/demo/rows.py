"""Small deterministic helpers: weighted picks, people, timestamps and the canonical CSV writer.

Only `random.Random` draws (random, randint, choice, choices) are used, never transcendental-function
distributions, so the files are byte-identical on every platform and Python version we support.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

from answerable.contract import dataset
from answerable.demo.story import END, FIRST_NAMES, LAST_NAMES, PLACEHOLDERS, START

T = TypeVar("T")
Row = dict[str, object]
TS_FORMAT = "%Y-%m-%d %H:%M:%S"


def seeded(seed: int, stream: str) -> random.Random:
    """An independent, reproducible stream per dataset (string seeds hash with SHA-512, stable across runs).

    Demo data, not security: a plain Mersenne Twister is what we want here.
    """
    return random.Random(f"{seed}-{stream}")  # noqa: S311


def weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    """One value from (value, integer weight) pairs."""
    total = sum(w for _, w in pairs)
    draw = rng.randrange(total)
    for value, w in pairs:
        if draw < w:
            return value
        draw -= w
    raise AssertionError("unreachable: weights exhausted")


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def placeholder(rng: random.Random) -> str:
    return rng.choice(PLACEHOLDERS)


def month_of(moment: datetime) -> int:
    """1-based month of the demo year (1 = November 2025)."""
    return (moment.year - START.year) * 12 + moment.month - START.month + 1


def random_day(rng: random.Random) -> datetime:
    """A day in the demo year; weekdays are about three times as busy as weekend days."""
    days = (END - START).days
    while True:
        day = START + timedelta(days=rng.randrange(days))
        if day.weekday() < 5 or chance(rng, 0.35):
            return day


def random_moment(rng: random.Random, day: datetime, *, business: float = 0.8) -> datetime:
    """A second on `day`, inside 08:00-18:00 with probability `business`."""
    seconds = rng.randrange(8 * 3600, 18 * 3600) if chance(rng, business) else rng.randrange(24 * 3600)
    return day + timedelta(seconds=seconds)


def minutes(rng: random.Random, low: float, high: float) -> timedelta:
    """A duration uniform between `low` and `high` minutes, whole seconds."""
    return timedelta(seconds=rng.randint(int(low * 60), int(high * 60)))


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime(TS_FORMAT)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def write_csv(path: Path, kind: str, rows: Iterable[Mapping[str, object]]) -> int:
    """Write rows with the contract's column names as the header; '\\n' line ends, UTF-8. Returns rows."""
    names = dataset(kind).names
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            unknown = set(row) - set(names)
            if unknown:
                raise ValueError(f"demo rows of {kind} have columns outside the contract: {sorted(unknown)}")
            writer.writerow([fmt(row.get(name)) for name in names])
            count += 1
    return count
