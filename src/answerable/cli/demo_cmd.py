"""Placeholder: commands of this group are being built."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:  # argparse._SubParsersAction
    del sub


def _unused(args: argparse.Namespace) -> int:  # pragma: no cover
    return 0
