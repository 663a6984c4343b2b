"""The shared small-cell rule: small counts, ratios, and parts of a shown total."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.disclosure import DEFAULT_THRESHOLD, disclose_parts, small, small_ratio


def test_a_small_count_is_one_to_threshold_minus_one() -> None:
    assert DEFAULT_THRESHOLD == 5
    assert [n for n in range(8) if small(n, 5)] == [1, 2, 3, 4]
    assert not any(small(n, 0) for n in range(8))  # 0: nothing is withheld
    assert [n for n in range(4) if small(n, 2)] == [1]


@pytest.mark.parametrize(
    ("numerator", "denominator", "withheld"),
    [(0, 0, False), (5, 5, False), (0, 5, False), (5, 10, False), (1, 10, True), (9, 10, True),
     (3, 3, True), (5, 9, True), (4, 9, True)],
)  # fmt: skip
def test_a_ratio_is_withheld_when_a_side_or_the_difference_is_small(
    numerator: int, denominator: int, withheld: bool
) -> None:
    assert small_ratio(numerator, denominator, 5) is withheld


def test_parts_are_shown_when_none_is_small() -> None:
    assert disclose_parts({"open": 7, "closed": 0}, 5) == ({"open": 7, "closed": 0}, 7)
    assert disclose_parts({"open": 5, "closed": 12}, 5) == ({"open": 5, "closed": 12}, 17)
    assert disclose_parts({}, 5) == ({}, 0)


def test_one_small_part_withholds_every_part_and_a_small_total_itself() -> None:
    assert disclose_parts({"open": 6, "closed": 2}, 5) == ({"open": None, "closed": None}, 8)
    assert disclose_parts({"open": 4, "closed": 9, "x": 7}, 5) == (
        {"open": None, "closed": None, "x": None},
        20,
    )
    assert disclose_parts({"open": 3, "closed": 0}, 5) == ({"open": None, "closed": None}, None)
    assert disclose_parts({"open": 3, "closed": 0}, 0) == ({"open": 3, "closed": 0}, 3)


@given(st.dictionaries(st.sampled_from("abcd"), st.integers(0, 30)), st.integers(0, 10))
def test_no_withheld_part_can_be_had_from_what_is_shown(parts: dict[str, int], threshold: int) -> None:
    shown, total = disclose_parts(parts, threshold)
    assert set(shown) == set(parts)
    assert all(v is None or v == parts[k] for k, v in shown.items())
    assert total is None or total == sum(parts.values())
    hidden = [k for k, v in shown.items() if v is None]
    assert not any(small(v, threshold) for v in shown.values() if v is not None)
    assert total is None or not small(total, threshold)
    # a single withheld part next to a shown total would be the total minus the others
    assert len(hidden) != 1 or total is None or parts[hidden[0]] == 0
