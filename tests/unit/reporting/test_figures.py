"""How a figure is written: basis points rounded half up to one decimal, the comma in Vietnamese.

Every boundary is stated here: the half (``.x5``) and one basis point each side, zero and negative
values, ``trim`` only for a whole percent, and each kind of indicator as every channel writes it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.reporting.domain.figures import NO_DATA, fraction, percent, tenths_of_percent, value_text
from services.reporting.domain.indicators import BY_CODE, Kind


@pytest.mark.parametrize(
    ("bp", "tenths"),
    [
        (0, 0),
        (4, 0),  # 0.04 % -> 0.0 %
        (5, 1),  # 0.05 % -> 0.1 %: the half goes up
        (6, 1),
        (14, 1),
        (15, 2),
        (24, 2),
        (25, 3),  # 0.25 % -> 0.3 %, half up, not half to even (0.2)
        (26, 3),
        (1224, 122),
        (1225, 123),
        (1226, 123),
        (6666, 667),
        (9994, 999),
        (9995, 1000),
        (10000, 1000),
        (-4, 0),
        (-5, -1),  # a half below zero goes away from zero, like one above it
        (-6, -1),
        (-1225, -123),
    ],
)
def test_tenths_of_a_percent_are_rounded_half_up(bp: int, tenths: int) -> None:
    assert tenths_of_percent(bp) == tenths
    assert fraction(bp) == tenths / 1000


@pytest.mark.parametrize(
    ("bp", "vi", "en"),
    [
        (0, "0,0%", "0.0%"),
        (4, "0,0%", "0.0%"),
        (5, "0,1%", "0.1%"),
        (10, "0,1%", "0.1%"),
        (95, "1,0%", "1.0%"),
        (1225, "12,3%", "12.3%"),
        (6666, "66,7%", "66.7%"),
        (9995, "100,0%", "100.0%"),
        (-4, "0,0%", "0.0%"),  # rounds to zero: no sign
        (-5, "-0,1%", "-0.1%"),
        (-10, "-0,1%", "-0.1%"),
        (-1225, "-12,3%", "-12.3%"),
    ],
)
def test_percent_writes_the_decimal_comma_in_vietnamese_and_the_point_in_english(
    bp: int, vi: str, en: str
) -> None:
    assert (percent(bp, "vi"), percent(bp, "en")) == (vi, en)


def test_the_language_is_compared_by_value_not_by_identity() -> None:
    vi = "".join(["v", "i"])  # a string built at run time, as from a request, is not the literal
    assert percent(6666, vi) == "66,7%"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bp", "vi", "en"),
    [
        (8000, "80%", "80%"),  # a whole percent: the ",0" goes
        (0, "0%", "0%"),
        (9995, "100%", "100%"),  # rounds to a whole percent
        (-10000, "-100%", "-100%"),
        (8010, "80,1%", "80.1%"),  # one tenth either side keeps its decimal
        (7990, "79,9%", "79.9%"),
        (8090, "80,9%", "80.9%"),
        (-8010, "-80,1%", "-80.1%"),
    ],
)
def test_trim_drops_only_a_zero_tenth(bp: int, vi: str, en: str) -> None:
    assert (percent(bp, "vi", trim=True), percent(bp, "en", trim=True)) == (vi, en)
    assert percent(8000, "vi") == "80,0%"  # untrimmed by default


def test_value_text_of_each_kind() -> None:
    ratio = BY_CODE["HR_ACCESS"].evaluate(2, 3)
    count = BY_CODE["HOTSPOTS"].evaluate(2, 0)
    yes, no = BY_CODE["PLAN_YEARLY"].evaluate(3, 3), BY_CODE["PLAN_YEARLY"].evaluate(2, 3)
    assert (ratio.kind, count.kind, yes.kind) == (Kind.RATIO, Kind.COUNT, Kind.YES_NO)
    assert (yes.value, no.value) == (1, 0)
    assert [value_text(v, 5, "vi") for v in (ratio, count, yes, no)] == ["66,7%", "2", "Có", "Chưa"]
    assert [value_text(v, 5, "en") for v in (ratio, count, yes, no)] == ["66.7%", "2", "Yes", "No"]
    assert value_text(BY_CODE["HOTSPOTS"].evaluate(0, 0), 5, "en") == "0"  # a count of 0 is a figure


def test_value_text_of_a_withheld_value_and_of_no_data() -> None:
    withheld = BY_CODE["HR_ACCESS"].evaluate(0, 0)
    assert withheld.no_data
    assert value_text(replace(withheld, suppressed=True), 5, "vi") == "<5"  # withheld before no data
    assert value_text(withheld, 5, "vi") == NO_DATA["vi"] == "Không có dữ liệu"
    assert value_text(withheld, 5, "en") == NO_DATA["en"] == "No data"
    assert value_text(BY_CODE["PLAN_YEARLY"].evaluate(0, 0), 5, "en") == "No data"
