"""The risk score: the default table, each component moving the class as the table says, the windows'
edges (a signal exactly N months old counts, a day older does not), caps, the licence and late-night
rules, the next review, and rules that cannot be used."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.inspection.domain.kinds import BusinessType, RiskClass, ViolationKind
from services.inspection.domain.risk import (
    COMPONENT_EN,
    COMPONENT_VI,
    DEFAULT,
    Component,
    InvalidRiskInputs,
    InvalidRiskRules,
    PerSignal,
    RiskAssessment,
    RiskComponent,
    RiskInputs,
    RiskRules,
    add_months,
    assess,
)

B, V, C = BusinessType, ViolationKind, Component
REVIEW = dt.date(2026, 12, 4)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def inputs(*types: BusinessType, licensed: bool = True, **fields: Any) -> RiskInputs:
    return RiskInputs(types or (B.BAR,), licensed, **fields)


def rules(**changes: Any) -> RiskRules:
    return dataclasses.replace(DEFAULT, **changes)


def points(assessment: RiskAssessment) -> dict[Component, int]:
    return {c.component: c.points for c in assessment.components}


# ---------------------------------------------------------------- the default table


def test_the_default_table() -> None:
    assert dict(DEFAULT.business_type_points) == {
        B.LODGING: 3, B.KARAOKE: 3, B.MASSAGE: 4, B.BAR: 2, B.PUB: 2, B.DANCE_HALL: 3,
        B.SHORT_TERM_RENTAL: 3, B.OTHER: 1,
    }  # fmt: skip
    assert dict(DEFAULT.violation_points) == {
        V.PROSTITUTION_ON_PREMISES: 10, V.HARBOURING_OR_BROKERING: 10, V.GUEST_REGISTRATION: 2,
        V.OPERATING_CONDITIONS: 2, V.NO_LICENCE: 3, V.PREMISES_RULES: 2, V.STAFF_RULES: 2, V.OTHER: 1,
    }  # fmt: skip
    assert (DEFAULT.violation_cap, DEFAULT.violation_window_months) == (15, 24)
    assert DEFAULT.tips == PerSignal(points=2, cap=6, window_months=12)
    assert DEFAULT.online_items == PerSignal(points=1, cap=4, window_months=12)
    assert (DEFAULT.licence_points, DEFAULT.late_night_points) == (3, 2)
    assert (DEFAULT.late_night_after, DEFAULT.night_ends_at) == (dt.time(22, 0), dt.time(6, 0))
    assert (DEFAULT.medium_from, DEFAULT.high_from) == (5, 10)
    assert dict(DEFAULT.interval_days) == {RiskClass.HIGH: 90, RiskClass.MEDIUM: 180, RiskClass.LOW: 365}
    assert DEFAULT.review_within_months == 12


@pytest.mark.parametrize(
    ("score", "risk_class"),
    [(0, RiskClass.LOW), (4, RiskClass.LOW), (5, RiskClass.MEDIUM), (9, RiskClass.MEDIUM),
     (10, RiskClass.HIGH), (40, RiskClass.HIGH)],
)  # fmt: skip
def test_the_class_of_a_score(score: int, risk_class: RiskClass) -> None:
    assert DEFAULT.class_of(score) is risk_class


# ---------------------------------------------------------------- each component moves the class


@pytest.mark.parametrize(
    ("facts", "score", "risk_class", "scored"),
    [
        # a bar, licensed, closing at 21:00: the type alone
        ({}, 2, RiskClass.LOW, {C.BUSINESS_TYPE: 2}),
        # late-night hours: still LOW
        ({"closes_at": dt.time(23, 0)}, 4, RiskClass.LOW, {C.BUSINESS_TYPE: 2, C.LATE_NIGHT: 2}),
        # no licence: 2 + 3 = 5, MEDIUM
        ({"licensed": False}, 5, RiskClass.MEDIUM, {C.BUSINESS_TYPE: 2, C.LICENCE: 3}),
        # an expired licence counts the same
        ({"licence_expires_on": day("2026-12-03")}, 5, RiskClass.MEDIUM, {C.BUSINESS_TYPE: 2, C.LICENCE: 3}),
        # two tips: 2 + 4 = 6, MEDIUM
        ({"tip_dates": (day("2026-01-05"), day("2026-11-30"))}, 6, RiskClass.MEDIUM,
         {C.BUSINESS_TYPE: 2, C.TIPS: 4}),
        # three online items: 2 + 3 = 5, MEDIUM
        ({"online_item_dates": (day("2026-02-01"),) * 3}, 5, RiskClass.MEDIUM,
         {C.BUSINESS_TYPE: 2, C.ONLINE_ITEMS: 3}),
        # a guest-registration violation: 2 + 2, LOW; with a no-licence violation 2 + 5, MEDIUM
        ({"violations": ((day("2025-06-01"), V.GUEST_REGISTRATION),)}, 4, RiskClass.LOW,
         {C.BUSINESS_TYPE: 2, C.VIOLATIONS: 2}),
        ({"violations": ((day("2025-06-01"), V.GUEST_REGISTRATION), (day("2025-07-01"), V.NO_LICENCE))},
         7, RiskClass.MEDIUM, {C.BUSINESS_TYPE: 2, C.VIOLATIONS: 5}),
        # one prostitution violation alone makes any establishment HIGH
        ({"violations": ((day("2025-06-01"), V.PROSTITUTION_ON_PREMISES),)}, 12, RiskClass.HIGH,
         {C.BUSINESS_TYPE: 2, C.VIOLATIONS: 10}),
        # late + no licence + three tips: 2 + 2 + 3 + 6 = 13, HIGH
        ({"closes_at": dt.time(1, 0), "licensed": False, "tip_dates": (day("2026-06-01"),) * 3}, 13,
         RiskClass.HIGH, {C.BUSINESS_TYPE: 2, C.LATE_NIGHT: 2, C.LICENCE: 3, C.TIPS: 6}),
    ],
)  # fmt: skip
def test_each_component_moves_the_class_as_the_table_says(
    facts: dict[str, Any], score: int, risk_class: RiskClass, scored: dict[Component, int]
) -> None:
    licensed = facts.pop("licensed", True)
    facts.setdefault("closes_at", dt.time(21, 0))
    result = assess(inputs(B.BAR, licensed=licensed, **facts), REVIEW)
    assert (result.score, result.risk_class, points(result)) == (score, risk_class, scored)
    assert result.interval_days == DEFAULT.interval_days[risk_class]


@pytest.mark.parametrize(
    ("business_type", "risk_class"),
    [(B.MASSAGE, RiskClass.MEDIUM), (B.KARAOKE, RiskClass.MEDIUM), (B.LODGING, RiskClass.MEDIUM),
     (B.DANCE_HALL, RiskClass.MEDIUM), (B.SHORT_TERM_RENTAL, RiskClass.MEDIUM), (B.BAR, RiskClass.LOW),
     (B.PUB, RiskClass.LOW), (B.OTHER, RiskClass.LOW)],
)  # fmt: skip
def test_open_late_the_type_decides_between_low_and_medium(
    business_type: BusinessType, risk_class: RiskClass
) -> None:
    # 3-4 points of type + 2 late = MEDIUM; 1-2 + 2 = LOW
    assert assess(inputs(business_type, open_24h=True), REVIEW).risk_class is risk_class


def test_the_riskiest_of_several_business_types_counts_once() -> None:
    result = assess(inputs(B.BAR, B.MASSAGE, B.LODGING), REVIEW)
    assert result.components == (RiskComponent(C.BUSINESS_TYPE, 4, ("massage",)),)
    assert result.score == 4
    assert result.components[0].capped is False  # a component is capped only when it says so


def test_a_type_weighing_nothing_is_not_listed() -> None:
    weights = {**DEFAULT.business_type_points, B.OTHER: 0}
    result = assess(inputs(B.OTHER), REVIEW, rules(business_type_points=weights))
    assert (result.score, result.components, result.risk_class) == (0, (), RiskClass.LOW)


# ---------------------------------------------------------------- windows and caps


@pytest.mark.parametrize(
    ("on", "counted"),
    [
        ("2024-12-03", False),  # 24 months and a day before the review
        ("2024-12-04", True),  # exactly 24 months: still inside
        ("2024-12-05", True),
        ("2026-12-04", True),  # the review day itself
        ("2026-12-05", False),  # after the review: not known on its day
    ],
)
def test_the_violation_window_is_24_months_ending_on_the_review_date(on: str, counted: bool) -> None:
    result = assess(inputs(violations=((day(on), V.STAFF_RULES),)), REVIEW)
    assert result.points_of(C.VIOLATIONS) == (2 if counted else 0)


@pytest.mark.parametrize(
    ("on", "counted"),
    [("2025-12-03", False), ("2025-12-04", True), ("2026-12-04", True), ("2026-12-05", False)],
)
def test_tips_and_online_items_count_for_12_months(on: str, counted: bool) -> None:
    result = assess(inputs(tip_dates=(day(on),), online_item_dates=(day(on),)), REVIEW)
    assert (result.points_of(C.TIPS), result.points_of(C.ONLINE_ITEMS)) == ((2, 1) if counted else (0, 0))


def test_a_window_from_a_longer_month_starts_on_the_last_day_of_the_shorter_one() -> None:
    review = day("2026-03-31")  # 12 months before: 31 March 2025 exists; 13 months: no 29 February 2025
    assert assess(inputs(tip_dates=(day("2025-03-31"),)), review).points_of(C.TIPS) == 2
    assert assess(inputs(tip_dates=(day("2025-03-30"),)), review).points_of(C.TIPS) == 0
    leap = day("2028-02-29")
    assert assess(inputs(tip_dates=(day("2027-02-28"),)), leap).points_of(C.TIPS) == 2
    assert assess(inputs(tip_dates=(day("2027-02-27"),)), leap).points_of(C.TIPS) == 0


def test_each_violation_counts_with_its_own_weight_up_to_the_cap() -> None:
    found = (
        (day("2026-01-10"), V.PROSTITUTION_ON_PREMISES),
        (day("2025-05-01"), V.OTHER),
        (day("2024-12-04"), V.NO_LICENCE),
    )
    result = assess(inputs(violations=found), REVIEW)
    (violations,) = [c for c in result.components if c.component is C.VIOLATIONS]
    # 10 + 1 + 3 = 14: under the cap of 15, listed oldest first
    assert violations == RiskComponent(
        C.VIOLATIONS, 14,
        ("2024-12-04:no_licence", "2025-05-01:other", "2026-01-10:prostitution_on_premises"),
        capped=False,
    )  # fmt: skip
    more = assess(inputs(violations=(*found, (day("2026-02-01"), V.OTHER))), REVIEW)
    assert more.points_of(C.VIOLATIONS) == 15
    capped = assess(inputs(violations=(*found, (day("2026-02-01"), V.STAFF_RULES))), REVIEW)
    (component,) = [c for c in capped.components if c.component is C.VIOLATIONS]
    assert (component.points, component.capped, len(component.facts)) == (15, True, 4)


def test_the_same_violation_kind_twice_counts_twice() -> None:
    twice = ((day("2026-01-10"), V.STAFF_RULES), (day("2026-01-10"), V.STAFF_RULES))
    assert assess(inputs(violations=twice), REVIEW).points_of(C.VIOLATIONS) == 4


@pytest.mark.parametrize(("n", "tip_points", "capped"), [(0, 0, False), (1, 2, False), (3, 6, False),
                                                         (4, 6, True), (9, 6, True)])  # fmt: skip
def test_tips_count_two_points_each_up_to_six(n: int, tip_points: int, capped: bool) -> None:
    tips = tuple(day("2026-06-01") + dt.timedelta(days=i) for i in range(n))
    result = assess(inputs(tip_dates=tips), REVIEW)
    listed = [c for c in result.components if c.component is C.TIPS]
    assert result.points_of(C.TIPS) == tip_points
    assert listed == (
        [RiskComponent(C.TIPS, tip_points, tuple(d.isoformat() for d in tips), capped)] if n else []
    )


@pytest.mark.parametrize(("n", "item_points"), [(1, 1), (4, 4), (5, 4)])
def test_online_items_count_one_point_each_up_to_four(n: int, item_points: int) -> None:
    result = assess(inputs(online_item_dates=(day("2026-11-01"),) * n), REVIEW)
    assert result.points_of(C.ONLINE_ITEMS) == item_points


def test_the_facts_of_counted_days_are_sorted_and_only_those_inside() -> None:
    days = (day("2026-11-01"), day("2025-01-01"), day("2026-02-03"))
    (tips,) = assess(inputs(B.OTHER, tip_dates=days), REVIEW).components[1:]
    assert tips.facts == ("2026-02-03", "2026-11-01")


# ---------------------------------------------------------------- licence and late night


@pytest.mark.parametrize(
    ("licensed", "expires", "fact"),
    [
        (False, None, "unlicensed"),
        (False, "2030-01-01", "unlicensed"),  # an expiry date does not make a licence
        (True, "2026-12-03", "expired:2026-12-03"),
        (True, "2026-12-04", None),  # valid on its expiry day
        (True, "2027-06-30", None),
        (True, None, None),  # no expiry date
    ],
)
def test_a_licence_missing_or_expired_before_the_review_date(
    licensed: bool, expires: str | None, fact: str | None
) -> None:
    expiry = day(expires) if expires else None
    result = assess(inputs(B.OTHER, licensed=licensed, licence_expires_on=expiry), REVIEW)
    found = [c for c in result.components if c.component is C.LICENCE]
    assert found == ([RiskComponent(C.LICENCE, 3, (fact,))] if fact else [])


@pytest.mark.parametrize(
    ("closes", "open_24h", "fact"),
    [
        (None, False, None),  # hours not known
        ("21:59", False, None),
        ("22:00", False, None),  # closing at the threshold is not after it
        ("22:01", False, "closes:22:01"),
        ("23:59", False, "closes:23:59"),
        ("00:00", False, "closes:00:00"),  # midnight and after: past midnight
        ("02:30", False, "closes:02:30"),
        ("06:00", False, "closes:06:00"),
        ("06:01", False, None),  # a morning closing time
        ("12:00", False, None),
        (None, True, "open_24h"),
        ("18:00", True, "open_24h"),
    ],
)
def test_late_night_hours(closes: str | None, open_24h: bool, fact: str | None) -> None:
    closes_at = dt.time.fromisoformat(closes) if closes else None
    result = assess(inputs(B.OTHER, closes_at=closes_at, open_24h=open_24h), REVIEW)
    found = [c for c in result.components if c.component is C.LATE_NIGHT]
    assert found == ([RiskComponent(C.LATE_NIGHT, 2, (fact,))] if fact else [])


def test_the_late_night_threshold_is_data() -> None:
    later = rules(late_night_after=dt.time(23, 0), night_ends_at=dt.time(4, 0))
    assert assess(inputs(closes_at=dt.time(22, 30)), REVIEW, later).points_of(C.LATE_NIGHT) == 0
    assert assess(inputs(closes_at=dt.time(5, 0)), REVIEW, later).points_of(C.LATE_NIGHT) == 0
    assert assess(inputs(closes_at=dt.time(23, 1)), REVIEW, later).points_of(C.LATE_NIGHT) == 2


# ---------------------------------------------------------------- interval and next review


@pytest.mark.parametrize(
    ("facts", "interval", "due"),
    [
        ({"violations": ((day("2026-01-01"), V.HARBOURING_OR_BROKERING),)}, 90, "2027-03-04"),
        ({"licensed": False}, 180, "2027-06-02"),
        ({}, 365, "2027-12-04"),
    ],
)
def test_the_interval_and_the_next_review_follow_the_class(
    facts: dict[str, Any], interval: int, due: str
) -> None:
    licensed = facts.pop("licensed", True)
    result = assess(inputs(B.BAR, licensed=licensed, **facts), REVIEW)
    assert (result.interval_days, result.next_review_due, result.review_date) == (interval, day(due), REVIEW)


def test_the_next_review_is_never_more_than_12_months_away() -> None:
    longer = rules(interval_days={RiskClass.HIGH: 90, RiskClass.MEDIUM: 400, RiskClass.LOW: 500})
    result = assess(inputs(B.BAR), REVIEW, longer)
    assert (result.interval_days, result.next_review_due) == (500, day("2027-12-04"))
    # 365 days after 1 March 2027 is 29 February 2028, a day before 12 months
    assert assess(inputs(B.BAR), day("2027-03-01")).next_review_due == day("2028-02-29")
    # a class interval just under 12 months is kept
    assert assess(inputs(B.BAR), REVIEW, rules(review_within_months=13)).next_review_due == day("2027-12-04")
    shorter = assess(inputs(B.BAR), REVIEW, rules(review_within_months=6))
    assert shorter.next_review_due == day("2027-06-04")


# ---------------------------------------------------------------- the explanation


def test_every_component_has_a_name_and_both_labels() -> None:
    assert set(COMPONENT_VI) == set(COMPONENT_EN) == set(Component)
    component = RiskComponent(C.LATE_NIGHT, 2, ("open_24h",))
    assert (component.name, component.label_vi, component.label_en) == (
        "late_night", "Hoạt động khuya", "Late-night hours",
    )  # fmt: skip
    tips = RiskComponent(C.TIPS, 2, ())
    assert (tips.label_vi, tips.label_en) == (
        "Tin báo, tố giác nêu tên cơ sở",
        "Tips naming the establishment",
    )


def test_components_are_listed_in_the_tables_order() -> None:
    everything = inputs(
        B.KARAOKE, licensed=False, violations=((REVIEW, V.OTHER),), tip_dates=(REVIEW,),
        online_item_dates=(REVIEW,), open_24h=True,
    )  # fmt: skip
    result = assess(everything, REVIEW)
    assert [c.component for c in result.components] == list(Component)
    assert result.score == 3 + 1 + 2 + 1 + 3 + 2
    assert result.points_of(C.LICENCE) == 3


def test_values_are_frozen_and_slotted() -> None:
    result = assess(inputs(), REVIEW)
    for value in (result, result.components[0], inputs(), DEFAULT, DEFAULT.tips):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, None)
        assert not hasattr(value, "__dict__")


# ---------------------------------------------------------------- rules and inputs that cannot be used


def test_an_establishment_without_a_business_type_is_refused() -> None:
    with pytest.raises(InvalidRiskInputs, match="at least one business type"):
        RiskInputs((), True)


def test_tables_with_a_gap_are_refused_and_name_the_gap() -> None:
    gap = {t: 1 for t in BusinessType if t not in (B.PUB, B.BAR)}
    with pytest.raises(InvalidRiskRules, match="business_type_points table has no entry for: bar, pub"):
        rules(business_type_points=gap)
    with pytest.raises(InvalidRiskRules, match="violation_points"):
        rules(violation_points={V.OTHER: 1})
    with pytest.raises(InvalidRiskRules, match="interval_days"):
        rules(interval_days={RiskClass.HIGH: 1, RiskClass.LOW: 2})


def test_negative_weights_are_refused_zero_is_allowed() -> None:
    for table in ("business_type_points", "violation_points"):
        zeros = dict.fromkeys(getattr(DEFAULT, table), 0)
        assert dict(getattr(rules(**{table: zeros}), table)) == zeros
        with pytest.raises(InvalidRiskRules, match=f"The {table} table holds a value under 0"):
            rules(**{table: {**zeros, next(iter(zeros)): -1}})
    for name in ("violation_cap", "licence_points", "late_night_points"):
        assert getattr(rules(**{name: 0}), name) == 0
        with pytest.raises(InvalidRiskRules, match="negative"):
            rules(**{name: -1})
    assert PerSignal(0, 0, 1) == PerSignal(points=0, cap=0, window_months=1)
    for bad in ((-1, 0, 1), (0, -1, 1), (0, 0, 0)):
        with pytest.raises(InvalidRiskRules):
            PerSignal(*bad)


def test_month_spans_are_at_least_one_month() -> None:
    for name in ("violation_window_months", "review_within_months"):
        assert getattr(rules(**{name: 1}), name) == 1
        with pytest.raises(InvalidRiskRules, match="Month spans"):
            rules(**{name: 0})


@pytest.mark.parametrize(("medium", "high", "ok"), [(1, 1, True), (5, 5, True), (0, 5, False),
                                                    (6, 5, False), (-1, 5, False)])  # fmt: skip
def test_thresholds_need_0_under_medium_at_most_high(medium: int, high: int, ok: bool) -> None:
    if ok:
        assert rules(medium_from=medium, high_from=high).class_of(medium) is RiskClass.HIGH
    else:
        with pytest.raises(InvalidRiskRules, match="Thresholds"):
            rules(medium_from=medium, high_from=high)


@pytest.mark.parametrize(
    ("high", "medium", "low", "ok"),
    [(1, 1, 1, True), (90, 90, 365, True), (90, 365, 365, True), (181, 180, 365, False),
     (90, 366, 365, False)],
)  # fmt: skip
def test_higher_risk_is_never_inspected_less_often(high: int, medium: int, low: int, ok: bool) -> None:
    days = {RiskClass.HIGH: high, RiskClass.MEDIUM: medium, RiskClass.LOW: low}
    if ok:
        assert dict(rules(interval_days=days).interval_days) == days
    else:
        with pytest.raises(InvalidRiskRules, match="Higher risk"):
            rules(interval_days=days)


@pytest.mark.parametrize("days", [0, -1])
def test_an_interval_is_at_least_a_day(days: int) -> None:
    with pytest.raises(InvalidRiskRules, match="interval_days table holds a value under 1"):
        rules(interval_days={RiskClass.HIGH: days, RiskClass.MEDIUM: 180, RiskClass.LOW: 365})


def test_the_night_must_end_before_the_late_night_threshold() -> None:
    assert rules(night_ends_at=dt.time(21, 59)).night_ends_at == dt.time(21, 59)
    for later in (dt.time(22, 0), dt.time(23, 0)):
        with pytest.raises(InvalidRiskRules, match="night_ends_at"):
            rules(night_ends_at=later)


def test_rules_keep_a_copy_of_the_tables_they_were_given() -> None:
    table = dict(DEFAULT.business_type_points)
    loaded = rules(business_type_points=table)
    table[B.BAR] = 99
    assert loaded.business_type_points[B.BAR] == 2
    with pytest.raises(TypeError):
        loaded.interval_days[RiskClass.LOW] = 1  # type: ignore[index]


# ---------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [("2026-01-31", 1, "2026-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2026-12-04", -24, "2024-12-04"),
     ("2026-12-31", 2, "2027-02-28"), ("2026-01-15", -1, "2025-12-15"), ("2026-03-31", -13, "2025-02-28"),
     ("2026-05-31", 0, "2026-05-31"), ("2026-11-30", 1, "2026-12-30")],
)  # fmt: skip
def test_add_months_keeps_the_day_or_the_months_last(start: str, months: int, end: str) -> None:
    assert add_months(day(start), months) == day(end)


# ---------------------------------------------------------------- properties

DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31))
FACTS = st.builds(
    RiskInputs,
    business_types=st.lists(st.sampled_from(BusinessType), min_size=1, max_size=3).map(tuple),
    licensed=st.booleans(),
    licence_expires_on=st.none() | DAYS,
    violations=st.lists(st.tuples(DAYS, st.sampled_from(ViolationKind)), max_size=5).map(tuple),
    tip_dates=st.lists(DAYS, max_size=5).map(tuple),
    online_item_dates=st.lists(DAYS, max_size=6).map(tuple),
    closes_at=st.none() | st.times(),
    open_24h=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(facts=FACTS, review=DAYS, extra=st.sampled_from(["tip", "item", "violation", "late", "unlicensed"]))
def test_the_score_adds_up_and_one_more_signal_never_lowers_it(
    facts: RiskInputs, review: dt.date, extra: str
) -> None:
    result = assess(facts, review)
    assert result.score == sum(c.points for c in result.components)
    assert all(c.points > 0 for c in result.components)
    assert result.risk_class is DEFAULT.class_of(result.score)
    assert review < result.next_review_due <= add_months(review, 12)
    changes: dict[str, dict[str, Any]] = {
        "tip": {"tip_dates": (*facts.tip_dates, review)},
        "item": {"online_item_dates": (*facts.online_item_dates, review)},
        "violation": {"violations": (*facts.violations, (review, V.OTHER))},
        "late": {"open_24h": True},
        "unlicensed": {"licensed": False},
    }
    worse = assess(dataclasses.replace(facts, **changes[extra]), review)
    assert worse.score >= result.score
    order = [RiskClass.LOW, RiskClass.MEDIUM, RiskClass.HIGH]
    assert order.index(worse.risk_class) >= order.index(result.risk_class)
    assert worse.next_review_due <= result.next_review_due
