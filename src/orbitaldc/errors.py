"""Shared error types, so that no stage imports scenario.py for them."""

from __future__ import annotations


class ScenarioError(ValueError):
    """Bad input: ``field`` is a dotted path (or the file), ``why`` one line."""

    def __init__(self, field: str, why: str):
        super().__init__(f"{field}: {why}")
        self.field = field
        self.why = why
