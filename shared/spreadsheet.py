"""Text that leaves as a spreadsheet cell stays text (CSV and formula injection, OWASP)."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is read by spreadsheet programs as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A CSV value: text that would start a formula gets a leading apostrophe; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: dict[str, Any]) -> dict[str, Any]:
    return {key: csv_text(value) for key, value in values.items()}
