"""The indicator catalogue as the plan states it, and every target checked exactly at the target and
one unit on each side of it."""

from __future__ import annotations

import pytest

from services.reporting.domain.indicators import (
    ALL_PERIODS,
    BASIS_POINTS,
    BY_CODE,
    CATALOGUE,
    Comparison,
    Indicator,
    IndicatorValue,
    Kind,
)
from services.reporting.domain.periods import PeriodType

GE, GT, LE, EQ = Comparison.AT_LEAST, Comparison.GREATER_THAN, Comparison.AT_MOST, Comparison.EQUAL

# code, clause, kind, target, comparison, counts people (section I.3 and I.2 of the plan)
PLAN_TABLE = [
    ("PLAN_YEARLY", "I.3.1", Kind.YES_NO, 1, EQ, False),
    ("COMM_REGULAR", "I.3.1", Kind.RATIO, 10_000, GE, False),
    ("HR_ACCESS", "I.3.1", Kind.RATIO, 8_000, GE, True),
    ("TIPS_TIMELY", "I.3.1", Kind.RATIO, 10_000, GE, False),
    ("ONLINE_HANDLED", "I.3.1", Kind.RATIO, 10_000, GE, False),
    ("IT_REPORTING", "I.3.1", Kind.RATIO, 10_000, GE, False),
    ("DIRECTIVES_TIMELY", "I.3.2", Kind.RATIO, 10_000, GE, False),
    ("ESTAB_MANAGED", "I.3.2", Kind.RATIO, 9_500, GT, False),
    ("STAFF_TRAINED", "I.3.2", Kind.RATIO, 10_000, GE, True),
    ("HOTSPOTS", "I.2", Kind.COUNT, 0, LE, False),
]


def test_the_catalogue_is_the_plans_ten_indicators() -> None:
    assert [
        (i.code, i.clause, i.kind, i.target, i.comparison, i.counts_people) for i in CATALOGUE
    ] == PLAN_TABLE
    assert BASIS_POINTS == 10_000
    assert {i.code: i for i in CATALOGUE} == BY_CODE
    assert all(i.period_types == ALL_PERIODS == tuple(PeriodType) for i in CATALOGUE)
    assert all(i.name_vi and i.name_en and i.numerator_vi and i.denominator_en for i in CATALOGUE)


def test_only_counts_of_people_are_subject_to_small_cell_suppression() -> None:
    assert {i.code for i in CATALOGUE if i.counts_people} == {"HR_ACCESS", "STAFF_TRAINED"}


# ---------------------------------------------------------------- comparisons


@pytest.mark.parametrize(
    ("comparison", "below", "at", "above", "symbol"),
    [
        (GE, False, True, True, "≥"),
        (GT, False, False, True, ">"),
        (LE, True, True, False, "≤"),
        (EQ, False, True, False, "="),
    ],
)
def test_each_comparison_below_at_and_above_its_target(
    comparison: Comparison, below: bool, at: bool, above: bool, symbol: str
) -> None:
    assert [comparison.holds(v, 80) for v in (79, 80, 81)] == [below, at, above]
    assert comparison.symbol == symbol


def test_comparisons_hold_on_values_not_identities() -> None:
    # values above 256 are distinct objects in CPython: an identity check would fail where == holds
    target = int("80000")
    assert [c.holds(int("79999"), target) for c in (GE, GT, LE, EQ)] == [False, False, True, False]
    assert [c.holds(int("80000"), target) for c in (GE, GT, LE, EQ)] == [True, False, True, True]
    assert [c.holds(int("80001"), target) for c in (GE, GT, LE, EQ)] == [True, True, False, False]


def test_indicators_and_values_are_immutable() -> None:
    with pytest.raises(AttributeError):
        BY_CODE["HR_ACCESS"].target = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        BY_CODE["HR_ACCESS"].evaluate(1, 2).met = True  # type: ignore[misc]


# ---------------------------------------------------------------- each target at its boundary


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "value", "met"),
    [
        # 100% targets: every one, or one short
        ("COMM_REGULAR", 3, 3, 10_000, True),
        ("COMM_REGULAR", 2, 3, 6_666, False),
        ("COMM_REGULAR", 11, 12, 9_166, False),
        ("TIPS_TIMELY", 40, 40, 10_000, True),
        ("TIPS_TIMELY", 39, 40, 9_750, False),
        ("ONLINE_HANDLED", 1, 1, 10_000, True),
        ("ONLINE_HANDLED", 9_999, 10_000, 9_999, False),
        ("IT_REPORTING", 3, 3, 10_000, True),
        ("IT_REPORTING", 2, 3, 6_666, False),
        ("DIRECTIVES_TIMELY", 4, 4, 10_000, True),
        ("DIRECTIVES_TIMELY", 3, 4, 7_500, False),
        ("STAFF_TRAINED", 12, 12, 10_000, True),
        ("STAFF_TRAINED", 11, 12, 9_166, False),
        # at least 80%: exactly 80.00%, 79.99%, 80.01%
        ("HR_ACCESS", 4, 5, 8_000, True),
        ("HR_ACCESS", 7_999, 10_000, 7_999, False),
        ("HR_ACCESS", 8_001, 10_000, 8_001, True),
        # more than 95%: exactly 95.00% is not enough
        ("ESTAB_MANAGED", 19, 20, 9_500, False),
        ("ESTAB_MANAGED", 9_499, 10_000, 9_499, False),
        ("ESTAB_MANAGED", 9_501, 10_000, 9_501, True),
        ("ESTAB_MANAGED", 20, 20, 10_000, True),
        # a yearly plan for every (ward, year) in scope
        ("PLAN_YEARLY", 1, 1, 1, True),
        ("PLAN_YEARLY", 5, 5, 1, True),
        ("PLAN_YEARLY", 4, 5, 0, False),
        ("PLAN_YEARLY", 0, 1, 0, False),
        ("PLAN_YEARLY", 2, 1, 1, True),  # more plans than (ward, year) pairs still means every one has one
        # no hotspot at all
        ("HOTSPOTS", 0, 0, 0, True),
        ("HOTSPOTS", 1, 0, 1, False),
    ],
)
def test_each_indicator_meets_its_target_exactly_at_it_and_not_one_unit_short(
    code: str, numerator: int, denominator: int, value: int, met: bool
) -> None:
    v = BY_CODE[code].evaluate(numerator, denominator)
    assert (v.numerator, v.denominator, v.value, v.met, v.no_data) == (
        numerator,
        denominator,
        value,
        met,
        False,
    )
    assert (v.code, v.kind, v.target, v.comparison) == (
        code,
        BY_CODE[code].kind,
        BY_CODE[code].target,
        v.comparison,
    )
    assert v.comparison is BY_CODE[code].comparison and not v.suppressed


def test_a_ratio_is_rounded_down_never_up() -> None:
    assert BY_CODE["TIPS_TIMELY"].evaluate(2, 3).value == 6_666
    assert BY_CODE["TIPS_TIMELY"].evaluate(1, 3).value == 3_333
    assert BY_CODE["HR_ACCESS"].evaluate(7_999_9, 100_000).value == 7_999  # 79.999% is not 80%
    assert not BY_CODE["HR_ACCESS"].evaluate(7_999_9, 100_000).met


@pytest.mark.parametrize("code", ["TIPS_TIMELY", "HR_ACCESS", "ESTAB_MANAGED", "PLAN_YEARLY"])
@pytest.mark.parametrize("denominator", [0, -1])
def test_a_ratio_or_yes_no_with_nothing_to_count_has_no_data_and_is_not_met(
    code: str, denominator: int
) -> None:
    v = BY_CODE[code].evaluate(0, denominator)
    assert (v.value, v.met, v.no_data) == (0, False, True)


def test_a_ratio_over_one_item_has_data() -> None:
    assert BY_CODE["TIPS_TIMELY"].evaluate(0, 1).no_data is False
    assert BY_CODE["PLAN_YEARLY"].evaluate(0, 1).no_data is False


def test_a_count_is_its_numerator_whatever_the_denominator() -> None:
    v = BY_CODE["HOTSPOTS"].evaluate(3, 0)
    assert (v.value, v.no_data, v.met) == (3, False, False)
    assert BY_CODE["HOTSPOTS"].evaluate(0, 0).met


def test_a_target_given_replaces_the_catalogues_even_when_it_is_zero() -> None:
    estab = BY_CODE["ESTAB_MANAGED"]
    assert estab.evaluate(1, 2, target=0) == estab.evaluate(1, 2, 0)
    v = estab.evaluate(1, 2, target=0)
    assert (v.target, v.met) == (0, True)
    v = estab.evaluate(19, 20, target=9_000)
    assert (v.target, v.met) == (9_000, True)
    assert estab.evaluate(19, 20).target == 9_500


def test_a_custom_indicator_uses_its_own_kind_and_comparison() -> None:
    ratio = Indicator("X", "I", "s", "n", "n", "a", "a", "b", "b", Kind.RATIO, 5_000, LE)
    assert ratio.evaluate(1, 2).met and not ratio.evaluate(2, 3).met
    assert ratio.period_types == ALL_PERIODS and not ratio.counts_people


# ---------------------------------------------------------------- stored form


def test_a_value_is_stored_as_a_plain_dict_and_read_back() -> None:
    v = BY_CODE["HR_ACCESS"].evaluate(4, 5)
    d = v.as_dict()
    assert d == {
        "code": "HR_ACCESS",
        "kind": "ratio",
        "numerator": 4,
        "denominator": 5,
        "value": 8_000,
        "target": 8_000,
        "comparison": "at_least",
        "met": True,
        "no_data": False,
        "suppressed": False,
    }
    assert IndicatorValue.from_dict(d) == v
    suppressed = IndicatorValue.from_dict({**d, "suppressed": True, "met": False, "no_data": True})
    assert (suppressed.suppressed, suppressed.met, suppressed.no_data) == (True, False, True)


def test_a_value_stored_before_suppression_existed_reads_as_not_suppressed() -> None:
    d = BY_CODE["TIPS_TIMELY"].evaluate(1, 2).as_dict()
    del d["suppressed"]
    assert IndicatorValue.from_dict(d).suppressed is False


def test_a_complement_flag_is_stored_only_when_set() -> None:
    v = BY_CODE["HR_ACCESS"].evaluate(4, 5)
    assert "complement" not in v.as_dict()
    withheld = IndicatorValue.from_dict({**v.as_dict(), "suppressed": True, "complement": True})
    assert withheld.complement is True
    assert withheld.as_dict()["complement"] is True
    assert IndicatorValue.from_dict(withheld.as_dict()) == withheld
