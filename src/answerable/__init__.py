"""Answerable: accountability metrics and governance maturity for AI in IT service management."""

__version__ = "0.1.0"
