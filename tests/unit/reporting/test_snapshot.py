"""What a snapshot says: its canonical form and hash, and small-cell suppression at the threshold and one
each side of it (a privacy rule: figures about fewer than ``threshold`` people never leave the ward)."""

from __future__ import annotations

import hashlib

import pytest

from services.reporting.domain.indicators import BY_CODE, IndicatorValue
from services.reporting.domain.periods import month, quarter
from services.reporting.domain.snapshot import BreakdownRow, SnapshotContent, shown, suppress

THRESHOLD = 5


def value(code: str, numerator: int, denominator: int) -> IndicatorValue:
    return BY_CODE[code].evaluate(numerator, denominator)


def content(*indicators: IndicatorValue, breakdown: tuple[BreakdownRow, ...] = ()) -> SnapshotContent:
    return SnapshotContent("lechan", ("lechan",), quarter(2026, 1), indicators, breakdown)


def withheld(v: IndicatorValue) -> bool:
    return v.suppressed and (v.numerator, v.denominator, v.value, v.met) == (0, 0, 0, False)


# ---------------------------------------------------------------- suppression of people counts


@pytest.mark.parametrize(
    ("numerator", "denominator", "suppressed"),
    [
        (0, 0, False),  # nobody: nothing to protect
        (1, 10, True),  # one person served
        (4, 10, True),  # one below the threshold
        (5, 10, False),  # at the threshold (5 served, 5 not)
        (6, 12, False),  # one above
        (6, 10, True),  # 4 not served: the complement is small too
        (10, 15, False),  # 5 not served
        (10, 14, True),  # 4 not served
        (0, 4, True),  # a denominator of 4 people
        (0, 5, False),  # a denominator of 5 people, nobody served
        (5, 5, False),  # everyone of 5
        (4, 4, True),  # everyone of 4
        (9, 9, False),  # nobody left out: 0 is not a small cell
    ],
)
def test_a_count_of_people_between_one_and_threshold_minus_one_is_withheld(
    numerator: int, denominator: int, suppressed: bool
) -> None:
    for code in ("HR_ACCESS", "STAFF_TRAINED"):
        original = value(code, numerator, denominator)
        out = suppress(content(original), THRESHOLD).value(code)
        if suppressed:
            assert withheld(out)
            # the target and comparison stay: the reader still sees what the ward aims at
            assert (out.code, out.kind, out.target, out.comparison, out.no_data) == (
                original.code,
                original.kind,
                original.target,
                original.comparison,
                original.no_data,
            )
        else:
            assert out == original and not out.suppressed


def test_a_withheld_indicator_never_says_it_met_its_target() -> None:
    met = value("STAFF_TRAINED", 3, 3)
    assert met.met
    out = suppress(content(met), THRESHOLD).value("STAFF_TRAINED")
    assert out.met is False and out.suppressed


def test_counts_that_are_not_people_are_never_withheld() -> None:
    small = (value("TIPS_TIMELY", 1, 3), value("ESTAB_MANAGED", 2, 4), value("HOTSPOTS", 1, 0))
    assert suppress(content(*small), THRESHOLD) == content(*small)


def test_the_threshold_moves_the_boundary() -> None:
    v = value("HR_ACCESS", 5, 10)
    assert withheld(suppress(content(v), 6).value("HR_ACCESS"))
    assert not suppress(content(v), 5).value("HR_ACCESS").suppressed
    v = value("HR_ACCESS", 2, 4)
    assert withheld(suppress(content(v), 3).value("HR_ACCESS"))
    assert not suppress(content(v), 2).value("HR_ACCESS").suppressed  # 2, 2 and 4 are all >= 2


@pytest.mark.parametrize("threshold", [0, -1])
def test_a_threshold_of_zero_or_less_turns_suppression_off(threshold: int) -> None:
    c = content(
        value("HR_ACCESS", 1, 2), breakdown=(BreakdownRow("case_support", "clients", "served", 1, True),)
    )
    assert suppress(c, threshold) == c


def test_a_threshold_of_one_withholds_nothing() -> None:
    c = content(
        value("HR_ACCESS", 1, 2), breakdown=(BreakdownRow("case_support", "clients", "served", 1, True),)
    )
    assert suppress(c, 1) == c


@pytest.mark.parametrize(("count", "suppressed"), [(0, False), (1, True), (4, True), (5, False), (6, False)])
def test_a_breakdown_row_counting_people_is_withheld_below_the_threshold(
    count: int, suppressed: bool
) -> None:
    people = BreakdownRow("case_support", "clients", "served", count, counts_people=True)
    things = BreakdownRow("intake", "tips_by_kind", "report", count)
    out = suppress(content(breakdown=(people, things)), THRESHOLD).breakdown
    assert out[1] == things
    if suppressed:
        assert (out[0].count, out[0].suppressed) == (0, True)
        assert (out[0].source, out[0].dimension, out[0].key, out[0].counts_people) == (
            "case_support",
            "clients",
            "served",
            True,
        )
    else:
        assert out[0] == people


def test_suppression_keeps_the_scope_and_period() -> None:
    c = content(value("HR_ACCESS", 1, 2))
    out = suppress(c, THRESHOLD)
    assert (out.scope, out.ward_codes, out.period) == (c.scope, c.ward_codes, c.period)


def test_a_withheld_count_is_written_as_less_than_the_threshold() -> None:
    assert shown(3, True, 5) == "<5"
    assert shown(0, True, 10) == "<10"
    assert shown(3, False, 5) == "3"
    assert shown(0, False, 5) == "0"


# ---------------------------------------------------------------- canonical form and hash


def test_the_canonical_form_is_ordered_and_states_the_period_on_vietnams_clock() -> None:
    c = SnapshotContent(
        "cityx",
        ("w2", "w1"),
        month(2026, 3),
        (value("TIPS_TIMELY", 1, 2), value("HOTSPOTS", 0, 0)),
        (
            BreakdownRow("intake", "tips_by_kind", "report", 2),
            BreakdownRow("case_support", "clients", "served", 7, True),
            BreakdownRow("intake", "tips_by_kind", "complaint", 1),
        ),
    )
    d = c.canonical()
    assert d["scope"] == "cityx"
    assert d["ward_codes"] == ["w1", "w2"]
    assert d["period"] == {
        "type": "month",
        "code": "2026-03",
        "start": "2026-03-01T00:00:00+07:00",
        "end": "2026-04-01T00:00:00+07:00",
    }
    assert [v["code"] for v in d["indicators"]] == ["HOTSPOTS", "TIPS_TIMELY"]
    assert [(r["source"], r["key"]) for r in d["breakdown"]] == [
        ("case_support", "served"),
        ("intake", "complaint"),
        ("intake", "report"),
    ]
    assert d["breakdown"][0] == {
        "source": "case_support",
        "dimension": "clients",
        "key": "served",
        "count": 7,
        "counts_people": True,
        "suppressed": False,
    }
    assert SnapshotContent.from_canonical(d) == SnapshotContent(
        "cityx",
        ("w1", "w2"),
        month(2026, 3),
        (value("HOTSPOTS", 0, 0), value("TIPS_TIMELY", 1, 2)),
        tuple(sorted(c.breakdown, key=lambda r: (r.source, r.dimension, r.key))),
    )


def test_the_hash_is_sha256_of_the_compact_sorted_utf8_json() -> None:
    c = SnapshotContent("phường", ("lechan",), month(2026, 3), (), ())
    text = (
        '{"breakdown":[],"indicators":[],"period":{"code":"2026-03","end":"2026-04-01T00:00:00+07:00",'
        '"start":"2026-03-01T00:00:00+07:00","type":"month"},"scope":"phường","ward_codes":["lechan"]}'
    )
    assert c.content_hash == hashlib.sha256(text.encode()).hexdigest()


def test_the_hash_does_not_depend_on_the_order_things_were_counted_in() -> None:
    rows = (
        BreakdownRow("intake", "tips_by_kind", "report", 2),
        BreakdownRow("intake", "tips_by_kind", "complaint", 1),
        BreakdownRow("intake", "tips_by_status", "complaint", 1),
    )
    values = (value("TIPS_TIMELY", 1, 2), value("HOTSPOTS", 0, 0))
    a = SnapshotContent("c", ("w1", "w2"), month(2026, 3), values, rows)
    b = SnapshotContent("c", ("w2", "w1"), month(2026, 3), values[::-1], rows[::-1])
    assert a.content_hash == b.content_hash
    changed = SnapshotContent("c", ("w1", "w2"), month(2026, 3), values, (*rows[:2], rows[2].__class__(
        "intake", "tips_by_status", "complaint", 2
    )))  # fmt: skip
    assert changed.content_hash != a.content_hash


def test_a_row_read_back_without_the_suppressed_flag_is_not_suppressed() -> None:
    row = BreakdownRow("case_support", "clients", "served", 7, True, True)
    assert BreakdownRow.from_dict(row.as_dict()) == row
    d = row.as_dict()
    del d["suppressed"]
    assert BreakdownRow.from_dict(d) == BreakdownRow("case_support", "clients", "served", 7, True, False)


@pytest.mark.parametrize("wrong", ["month", "year", "plan_period"])
def test_a_canonical_form_whose_period_type_contradicts_its_code_is_refused(wrong: str) -> None:
    d = content().canonical()
    assert SnapshotContent.from_canonical(d).period == quarter(2026, 1)
    d["period"]["type"] = wrong
    with pytest.raises(ValueError, match="does not match"):
        SnapshotContent.from_canonical(d)


def test_snapshot_content_and_rows_are_immutable() -> None:
    with pytest.raises(AttributeError):
        content().scope = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        BreakdownRow("intake", "tips_by_kind", "report", 2).count = 3  # type: ignore[misc]


def test_a_value_is_found_by_its_code() -> None:
    c = content(value("TIPS_TIMELY", 1, 2), value("HOTSPOTS", 3, 0))
    assert c.value("HOTSPOTS").numerator == 3
    assert c.value("".join(["HOT", "SPOTS"])).numerator == 3  # an equal code, not the same object
    in_code_order = content(value("HOTSPOTS", 3, 0), value("TIPS_TIMELY", 1, 2))
    assert in_code_order.value("TIPS_TIMELY").code == "TIPS_TIMELY"
    assert c.value("TIPS_TIMELY").denominator == 2


def test_a_row_stores_its_complement_flag_only_when_set() -> None:
    row = BreakdownRow("case_support", "clients", "served", 0, True, True)
    assert "complement" not in row.as_dict()
    linked = BreakdownRow("case_support", "clients", "served", 0, True, True, complement=True)
    assert linked.as_dict()["complement"] is True
    assert BreakdownRow.from_dict(linked.as_dict()) == linked
