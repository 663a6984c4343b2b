"""The budget's rules: whole VND, lines of the plan's sources, allocations within the estimate, spending
within the allocation unless a leader approves it, closed years, and execution arithmetic (per line,
source, year and the plan period; rates floored to basis points, written with one rounding)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.reporting.domain import budget as b
from services.reporting.domain.figures import percent

ICT = dt.timezone(dt.timedelta(hours=7))


# amounts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 250_000, 10**13])
def test_a_whole_positive_amount_is_vnd(value: int) -> None:
    assert b.vnd(value) == value


@pytest.mark.parametrize("value", [0, -1, -250_000, 10**13 + 1, 1.0, 2.5, "1000", True, False, None])
def test_zero_negative_fractional_text_or_huge_is_not_vnd(value: object) -> None:
    with pytest.raises(b.InvalidAmount):
        b.vnd(value)


# lines ---------------------------------------------------------------------------------------------


def test_a_line_of_each_source() -> None:
    b.check_line(2026, "state_budget", None, "communication")
    b.check_line(2030, "integrated", "hiv_aids", "harm_reduction")
    b.check_line(2027, "socialized", None, "inspection_team")


@pytest.mark.parametrize(
    ("year", "source", "programme", "kind", "error"),
    [
        (2025, "state_budget", None, "communication", b.OutsideYear),
        (2031, "state_budget", None, "communication", b.OutsideYear),
        (2026, "lottery", None, "communication", b.BadSource),
        (2026, "state_budget", None, "parties", b.BadSource),
        (2026, "integrated", None, "communication", b.BadSource),
        (2026, "state_budget", "health", "communication", b.BadSource),
        (2026, "socialized", "health", "communication", b.BadSource),
        (2026, "integrated", "space", "communication", b.BadSource),
    ],
)
def test_a_line_outside_the_plan_or_its_sources_is_refused(
    year: int, source: str, programme: str | None, kind: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        b.check_line(year, source, programme, kind)


def test_the_three_sources_and_six_programmes_of_the_plan_with_both_languages() -> None:
    assert list(b.SOURCES) == ["state_budget", "integrated", "socialized"]
    assert "dự toán chi thường xuyên" in b.SOURCES["state_budget"][0]
    assert "xã hội hóa" in b.SOURCES["socialized"][0]
    assert len(b.PROGRAMMES) == 6 and "inspection_team" in b.ACTIVITY_KINDS
    for table in (b.SOURCES, b.PROGRAMMES, b.ACTIVITY_KINDS):
        assert all(vi and en and vi != en for vi, en in table.values())


# dates and closed years ----------------------------------------------------------------------------


def test_a_date_must_fall_in_the_lines_year() -> None:
    b.check_in_year(dt.date(2026, 1, 1), 2026)
    b.check_in_year(dt.date(2026, 12, 31), 2026)
    for day in (dt.date(2025, 12, 31), dt.date(2027, 1, 1)):
        with pytest.raises(b.OutsideYear, match="2026"):
            b.check_in_year(day, 2026)


def test_nothing_goes_to_a_closed_year() -> None:
    b.check_open(2027, [2026])
    b.check_open(2026, [])
    with pytest.raises(b.YearClosed, match="2026"):
        b.check_open(2026, [2027, 2026])


def test_a_year_closes_once_it_has_ended_in_the_wards_time_and_only_once() -> None:
    b.check_closable(2026, dt.datetime(2027, 1, 1, 0, 0, tzinfo=ICT), [])
    b.check_closable(2026, dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC), [2027])  # 00:00 on 1 Jan ICT
    b.check_closable(2026, dt.datetime(2027, 6, 30, tzinfo=ICT), [])
    with pytest.raises(b.OutsideYear, match="has not ended"):
        b.check_closable(2026, dt.datetime(2026, 12, 31, 16, 59, 59, tzinfo=dt.UTC), [])
    with pytest.raises(b.YearClosed):
        b.check_closable(2026, dt.datetime(2028, 1, 1, tzinfo=ICT), [2026])
    assert b.closing_day(2026) == dt.datetime(2027, 1, 1, tzinfo=ICT)


# allocations and spending --------------------------------------------------------------------------


def test_an_allocation_fills_the_estimate_and_no_more() -> None:
    b.check_allocation(estimate=100, allocated=60, amount=40)
    b.check_allocation(estimate=100, allocated=60, amount=39)
    b.check_allocation(estimate=100, allocated=0, amount=1)
    with pytest.raises(b.AboveEstimate) as refused:
        b.check_allocation(estimate=100, allocated=30, amount=71)
    assert "dự toán còn lại 70 đồng" in str(refused.value)
    assert "exceeds the 70 VND of the estimate" in str(refused.value)
    with pytest.raises(b.InvalidAmount):
        b.check_allocation(estimate=100, allocated=0, amount=0)


def test_a_spend_within_the_allocation_needs_no_approval() -> None:
    assert b.check_spend(allocated=100, spent=30, amount=70, approval_reason=None) is False
    assert b.check_spend(allocated=100, spent=30, amount=70, approval_reason="Lý do đã duyệt") is False


def test_a_spend_above_the_allocation_is_refused_without_a_reason() -> None:
    for reason in (None, "", "   "):
        with pytest.raises(b.OverAllocation) as refused:
            b.check_spend(allocated=100, spent=30, amount=71, approval_reason=reason)
        assert (refused.value.available, refused.value.amount) == (70, 71)
        assert "lãnh đạo" in str(refused.value) and "leader" in str(refused.value)


def test_a_leaders_approval_lets_it_through_and_marks_it() -> None:
    assert b.check_spend(allocated=100, spent=30, amount=71, approval_reason="Chiến dịch Tết") is True


def test_what_is_left_is_never_negative_after_an_approved_overspend() -> None:
    with pytest.raises(b.OverAllocation) as refused:
        b.check_spend(allocated=100, spent=120, amount=1, approval_reason=None)
    assert refused.value.available == 0


def test_a_spend_is_whole_vnd() -> None:
    with pytest.raises(b.InvalidAmount):
        b.check_spend(allocated=100, spent=0, amount=-5, approval_reason="x")


@given(
    allocated=st.integers(0, 10**9),
    spent=st.integers(0, 10**9),
    amount=st.integers(1, 10**9),
    reason=st.sampled_from([None, "", "  ", "Lãnh đạo phê duyệt"]),
)
def test_the_overspend_rule(allocated: int, spent: int, amount: int, reason: str | None) -> None:
    """A spend passes unapproved exactly when it stays within what is allocated; an approved one always
    passes, and says whether it went over."""
    approved = bool(reason and reason.strip())
    within = spent + amount <= allocated
    if within or approved:
        assert b.check_spend(allocated, spent, amount, reason) is (not within)
    else:
        with pytest.raises(b.OverAllocation):
            b.check_spend(allocated, spent, amount, reason)


# execution -----------------------------------------------------------------------------------------


def line(line_id: str, year: int = 2026, source: str = "state_budget", **kw: object) -> b.Line:
    fields: dict[str, object] = {
        "unit_code": "vhxh", "activity_kind": "communication", "programme": None, "estimate": 1000,
    }  # fmt: skip
    fields.update(kw)
    return b.Line(line_id, year, source=source, **fields)  # type: ignore[arg-type]


def test_execution_of_lines_sources_and_years() -> None:
    lines = [
        line("a", estimate=1000),
        line("b", source="integrated", programme="hiv_aids", estimate=3000),
        line("c", year=2027, estimate=2000, unit_code="ktht"),
    ]
    rows = b.of_lines(lines, {"a": 600, "b": 3000, "c": 2000}, {"a": 200, "b": 2999})
    assert [e for _l, e in rows] == [
        b.Execution(1000, 600, 200),
        b.Execution(3000, 3000, 2999),
        b.Execution(2000, 2000, 0),
    ]
    by_source = b.roll_up(rows, lambda x: x.source)
    assert by_source == {
        "integrated": b.Execution(3000, 3000, 2999),
        "state_budget": b.Execution(3000, 2600, 200),
    }
    assert b.roll_up(rows, lambda x: x.year) == {
        2026: b.Execution(4000, 3600, 3199),
        2027: b.Execution(2000, 2000, 0),
    }
    assert b.total(rows) == b.Execution(6000, 5600, 3199)
    assert b.total([]) == b.Execution()


def test_rates_are_basis_points_floored_and_written_with_one_rounding() -> None:
    e = b.Execution(estimate=3000, allocated=3000, spent=2999)
    assert e.spent_of_estimate == 9996 and percent(9996, "vi") == "100,0%"
    assert b.Execution(3, 3, 2).spent_of_allocated == 6666 and percent(6666, "en") == "66.7%"
    assert b.Execution(1000, 600, 200).allocated_of_estimate == 6000
    assert b.Execution(1000, 600, 200).spent_of_allocated == 3333
    assert b.Execution(1000, 600, 200).unspent == 400
    assert b.Execution(1000, 100, 150).unspent == -50
    assert b.Execution(1000, 100, 150).spent_of_allocated == 15000  # an approved overspend shows above 100%


def test_no_base_gives_no_rate() -> None:
    assert b.basis_points(5, 0) is None and b.basis_points(0, -1) is None
    assert (
        b.basis_points(1, 1) == 10000
        and b.basis_points(0, 7) == 0
        and b.basis_points(7, 7) == 10000
        and b.basis_points(1, 3) == 3333
    )
    nothing = b.Execution(1000, 0, 0)
    assert nothing.spent_of_allocated is None and nothing.spent_of_estimate == 0


amounts = st.integers(1, 10**10)
lines_st = st.lists(
    st.tuples(
        st.integers(2026, 2030),
        st.sampled_from(list(b.SOURCES)),
        st.sampled_from(["vhxh", "ktht", "ca"]),
        amounts,
        st.integers(0, 10**10),
        st.integers(0, 10**10),
    ),
    max_size=25,
)


@given(lines_st)
def test_every_roll_up_sums_to_the_plan_period_total(
    specs: list[tuple[int, str, str, int, int, int]],
) -> None:
    """However the lines are grouped (line, source, unit, year), the groups add up to the total of the
    plan period, and each group is the sum of its own lines."""
    lines = [
        line(str(i), year=y, source=s, unit_code=u, estimate=e)
        for i, (y, s, u, e, _a, _p) in enumerate(specs)
    ]
    allocated = {str(i): a for i, (*_x, a, _p) in enumerate(specs)}
    spent = {str(i): p for i, (*_x, p) in enumerate(specs)}
    rows = b.of_lines(lines, allocated, spent)
    grand = b.total(rows)
    assert grand == b.Execution(sum(s[3] for s in specs), sum(s[4] for s in specs), sum(s[5] for s in specs))
    for key in (lambda x: x.source, lambda x: x.year, lambda x: x.unit_code, lambda x: x.line_id):
        groups = b.roll_up(rows, key)
        summed = b.Execution()
        for e in groups.values():
            summed = summed + e
        assert summed == grand
        for k, e in groups.items():
            mine = [ex for ln, ex in rows if key(ln) == k]
            assert e == b.Execution(
                sum(x.estimate for x in mine), sum(x.allocated for x in mine), sum(x.spent for x in mine)
            )
    years = b.roll_up(rows, lambda x: x.year)
    assert list(years) == sorted(years)


def test_a_line_with_nothing_allocated_or_spent_counts_zero() -> None:
    rows = b.of_lines([line("a", estimate=500), line("b", estimate=700)], {"b": 300}, {"a": 0})
    assert [e for _line, e in rows] == [b.Execution(500, 0, 0), b.Execution(700, 300, 0)]


def test_an_execution_is_a_value() -> None:
    e = b.Execution(1, 2, 3)
    with pytest.raises(AttributeError):
        e.spent = 4  # type: ignore[misc]
    assert not hasattr(e, "__dict__") and not hasattr(line("a"), "__dict__")
    with pytest.raises(AttributeError):
        line("a").estimate = 1  # type: ignore[misc]


def test_groups_come_in_key_order() -> None:
    rows = b.of_lines(
        [line("z", source="socialized"), line("y", source="integrated", programme="health")], {}, {}
    )
    assert list(b.roll_up(rows, lambda x: x.source)) == ["integrated", "socialized"]


def test_over_allocation_error_carries_the_figures() -> None:
    error = b.OverAllocation(available=5, amount=9)
    assert isinstance(error, b.BudgetRefused) and "9" in str(error) and "5" in str(error)
