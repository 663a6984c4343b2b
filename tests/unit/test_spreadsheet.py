"""Text that would start a spreadsheet formula leaves a CSV as text."""

from __future__ import annotations

import pytest

from shared.spreadsheet import csv_row, csv_text


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(text: str) -> None:
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("value", ["Tố giác", "80%", "", 5, -5, None, "a=b"])
def test_other_values_are_left_alone(value: object) -> None:
    assert csv_text(value) == value


def test_a_row_is_made_safe_cell_by_cell() -> None:
    assert csv_row({"a": "=1+1", "b": 2}) == {"a": "'=1+1", "b": 2}
