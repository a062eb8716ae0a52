"""`python -m answerable.demo [OUT_DIR] [--seed N]`: regenerate the demo CSVs (default data/demo)."""

from __future__ import annotations

import argparse
from pathlib import Path

from answerable.demo.generate import generate
from answerable.demo.story import DEFAULT_SEED


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m answerable.demo", description=__doc__)
    parser.add_argument("out_dir", nargs="?", default="data/demo", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    for kind, path in generate(args.out_dir, seed=args.seed).items():
        print(f"{kind:<20} {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
