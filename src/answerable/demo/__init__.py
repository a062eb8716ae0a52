"""Deterministic demo data for a fictional organisation, Northwind Services (DESIGN §9)."""

from answerable.demo.generate import build, generate
from answerable.demo.story import DEFAULT_SEED, ORGANISATION

__all__ = ["DEFAULT_SEED", "ORGANISATION", "build", "generate"]
