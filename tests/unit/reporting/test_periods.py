"""Reporting periods: Vietnam's wall clock (a literal +07:00 here, never the module's constant), period
edges, codes and labels, parsing, and which period a moment falls in or last closed."""

from __future__ import annotations

import datetime as dt

import pytest

from services.reporting.domain.periods import (
    PLAN,
    PLAN_CODE,
    BadPeriod,
    Period,
    PeriodType,
    containing,
    last_closed,
    month,
    parse,
    quarter,
    year,
)

UTC = dt.UTC


def iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# ---------------------------------------------------------------- edges, on Vietnam's clock


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (month(2026, 3), "2026-03-01T00:00:00+07:00", "2026-04-01T00:00:00+07:00"),
        (month(2026, 2), "2026-02-01T00:00:00+07:00", "2026-03-01T00:00:00+07:00"),
        # the last month of a year ends on 1 January of the next
        (month(2026, 11), "2026-11-01T00:00:00+07:00", "2026-12-01T00:00:00+07:00"),
        (month(2026, 12), "2026-12-01T00:00:00+07:00", "2027-01-01T00:00:00+07:00"),
        (quarter(2026, 1), "2026-01-01T00:00:00+07:00", "2026-04-01T00:00:00+07:00"),
        (quarter(2026, 2), "2026-04-01T00:00:00+07:00", "2026-07-01T00:00:00+07:00"),
        (quarter(2026, 3), "2026-07-01T00:00:00+07:00", "2026-10-01T00:00:00+07:00"),
        (quarter(2026, 4), "2026-10-01T00:00:00+07:00", "2027-01-01T00:00:00+07:00"),
        (year(2027), "2027-01-01T00:00:00+07:00", "2028-01-01T00:00:00+07:00"),
        (PLAN, "2026-01-01T00:00:00+07:00", "2031-01-01T00:00:00+07:00"),
    ],
)
def test_a_period_runs_from_local_midnight_on_its_first_day_to_local_midnight_after_its_last(
    period: Period, start: str, end: str
) -> None:
    assert period.start.isoformat() == start
    assert period.end.isoformat() == end
    assert period.start.utcoffset() == dt.timedelta(hours=7)


def test_a_month_starts_at_17_00_utc_the_day_before() -> None:
    assert month(2026, 3).start == dt.datetime(2026, 2, 28, 17, 0, tzinfo=UTC)
    assert PLAN.end == dt.datetime(2030, 12, 31, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("period", "months"),
    [(month(2026, 5), 1), (quarter(2026, 2), 3), (year(2026), 12), (PLAN, 60)],
)
def test_each_type_of_period_has_its_number_of_months(period: Period, months: int) -> None:
    assert period.months == months
    assert len(period.month_periods()) == months


def test_a_period_is_made_of_its_calendar_months_in_order() -> None:
    assert quarter(2026, 4).month_periods() == [month(2026, 10), month(2026, 11), month(2026, 12)]
    assert month(2027, 2).month_periods() == [month(2027, 2)]
    assert year(2026).month_periods() == [month(2026, m) for m in range(1, 13)]
    plan = PLAN.month_periods()
    assert (plan[0], plan[11], plan[12], plan[-1]) == (
        month(2026, 1),
        month(2026, 12),
        month(2027, 1),
        month(2030, 12),
    )


def test_the_years_a_period_touches() -> None:
    assert quarter(2026, 4).years() == [2026]
    assert month(2029, 12).years() == [2029]
    assert PLAN.years() == [2026, 2027, 2028, 2029, 2030]


def test_a_period_is_closed_from_the_instant_it_ends() -> None:
    q1 = quarter(2026, 1)
    assert q1.closed_by(iso("2026-04-01T00:00:00+07:00"))
    assert q1.closed_by(dt.datetime(2026, 3, 31, 17, 0, tzinfo=UTC))
    assert not q1.closed_by(iso("2026-03-31T23:59:59.999999+07:00"))
    assert not q1.closed_by(iso("2026-02-15T12:00:00+07:00"))
    assert q1.closed_by(iso("2026-05-20T12:00:00+07:00"))


def test_periods_are_values_that_sort_by_type_year_and_month() -> None:
    assert month(2026, 3) == Period(PeriodType.MONTH, 2026, 3)
    assert len({month(2026, 3), month(2026, 3), quarter(2026, 1)}) == 2
    assert sorted([month(2027, 1), month(2026, 12), month(2026, 2)]) == [
        month(2026, 2),
        month(2026, 12),
        month(2027, 1),
    ]
    with pytest.raises(AttributeError):
        month(2026, 3).year = 2027  # type: ignore[misc]


# ---------------------------------------------------------------- codes and labels


@pytest.mark.parametrize(
    ("period", "code", "vi", "en"),
    [
        (month(2026, 3), "2026-03", "Tháng 03/2026", "March 2026"),
        (month(2026, 12), "2026-12", "Tháng 12/2026", "December 2026"),
        (quarter(2026, 1), "2026-Q1", "Quý 1/2026", "Q1 2026"),
        (quarter(2027, 2), "2027-Q2", "Quý 2/2027", "Q2 2027"),
        (quarter(2026, 3), "2026-Q3", "Quý 3/2026", "Q3 2026"),
        (quarter(2026, 4), "2026-Q4", "Quý 4/2026", "Q4 2026"),
        (year(2028), "2028", "Năm 2028", "Year 2028"),
        (PLAN, "2026-2030", "Giai đoạn 2026-2030", "Plan period 2026-2030"),
    ],
)
def test_codes_and_labels_are_written_the_way_the_ward_says_them(
    period: Period, code: str, vi: str, en: str
) -> None:
    assert (period.code, period.label_vi, period.label_en) == (code, vi, en)
    assert parse(code) == period


def test_the_plan_period_is_2026_to_2030() -> None:
    assert PLAN_CODE == "2026-2030"
    assert (PLAN.type, PLAN.year, PLAN.month) == (PeriodType.PLAN_PERIOD, 2026, 1)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("code", "period"),
    [
        ("2026-01", month(2026, 1)),  # the first month of the plan
        ("2026-12", month(2026, 12)),
        ("2030-12", month(2030, 12)),  # the last month of the plan
        ("2026-Q1", quarter(2026, 1)),
        ("2030-Q4", quarter(2030, 4)),
        ("2026", year(2026)),
        ("2030", year(2030)),
        ("2026-2030", PLAN),
        ("  2026-03\n", month(2026, 3)),
    ],
)
def test_a_period_code_is_parsed(code: str, period: Period) -> None:
    assert parse(code) == period


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2026-13", "no month 13"),
        ("2026-00", "no month 00"),
        ("2025-12", "outside the plan years 2026-2030"),
        ("2031-01", "outside the plan years"),
        ("2025", "outside the plan years"),
        ("2031", "outside the plan years"),
        ("2025-Q4", "outside the plan years"),
        ("2031-Q1", "outside the plan years"),
        ("2026-Q0", "is not a period"),
        ("2026-Q5", "is not a period"),
        ("2026-3", "is not a period"),
        ("2026-003", "is not a period"),
        ("26-03", "is not a period"),
        ("2026-Q1x", "is not a period"),
        ("x2026", "is not a period"),
        ("2026-2029", "is not a period"),
        ("2025-2030", "is not a period"),
        ("", "is not a period"),
    ],
)
def test_a_code_that_names_no_period_of_the_plan_is_refused(code: str, message: str) -> None:
    with pytest.raises(BadPeriod, match=message):
        parse(code)


def test_a_bad_period_is_a_value_error() -> None:
    assert issubclass(BadPeriod, ValueError)


# ---------------------------------------------------------------- which period a moment is in


@pytest.mark.parametrize(
    ("at", "type_", "period"),
    [
        # the last instant of March in Vietnam, written in UTC and in local time
        (dt.datetime(2026, 3, 31, 16, 59, 59, tzinfo=UTC), PeriodType.MONTH, month(2026, 3)),
        (iso("2026-03-31T23:59:59+07:00"), PeriodType.MONTH, month(2026, 3)),
        # local midnight on 1 April: already April (in UTC it is still 31 March)
        (dt.datetime(2026, 3, 31, 17, 0, tzinfo=UTC), PeriodType.MONTH, month(2026, 4)),
        (iso("2026-04-01T00:00:00+07:00"), PeriodType.MONTH, month(2026, 4)),
        # 16:30 UTC is 23:30 in Vietnam (and would be 00:30 next day on a UTC+8 clock)
        (dt.datetime(2026, 3, 31, 16, 30, tzinfo=UTC), PeriodType.MONTH, month(2026, 3)),
        (iso("2026-01-01T00:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 1)),
        (iso("2026-03-31T23:59:59+07:00"), PeriodType.QUARTER, quarter(2026, 1)),
        (iso("2026-04-01T00:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 2)),
        (iso("2026-06-30T12:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 2)),
        (iso("2026-07-01T12:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 3)),
        (iso("2026-12-31T23:59:59+07:00"), PeriodType.QUARTER, quarter(2026, 4)),
        (dt.datetime(2026, 12, 31, 17, 0, tzinfo=UTC), PeriodType.YEAR, year(2027)),
        (dt.datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC), PeriodType.YEAR, year(2026)),
        (iso("2027-06-01T00:00:00+07:00"), PeriodType.PLAN_PERIOD, PLAN),
    ],
)
def test_a_moment_falls_in_the_period_of_its_vietnamese_date(
    at: dt.datetime, type_: PeriodType, period: Period
) -> None:
    assert containing(at, type_) == period


@pytest.mark.parametrize(
    ("at", "type_", "period"),
    [
        (iso("2026-04-01T00:00:00+07:00"), PeriodType.MONTH, month(2026, 3)),
        (iso("2026-03-31T23:59:59+07:00"), PeriodType.MONTH, month(2026, 2)),
        (iso("2026-02-10T08:00:00+07:00"), PeriodType.MONTH, month(2026, 1)),  # the plan's first month
        (iso("2027-01-01T00:00:00+07:00"), PeriodType.MONTH, month(2026, 12)),  # across the year end
        (iso("2031-01-20T08:00:00+07:00"), PeriodType.MONTH, month(2030, 12)),  # the plan's last month
        (iso("2026-04-01T00:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 1)),
        (iso("2026-03-31T23:59:59+07:00"), PeriodType.QUARTER, None),  # Q4 2025 is before the plan
        (iso("2027-02-01T00:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 4)),
        (iso("2026-10-01T00:00:00+07:00"), PeriodType.QUARTER, quarter(2026, 3)),
        (iso("2027-01-01T00:00:00+07:00"), PeriodType.YEAR, year(2026)),
        (iso("2031-01-01T00:00:00+07:00"), PeriodType.YEAR, year(2030)),
        (iso("2026-12-31T23:59:59+07:00"), PeriodType.YEAR, None),
        (iso("2026-01-15T08:00:00+07:00"), PeriodType.MONTH, None),  # December 2025: before the plan
        (iso("2031-02-01T00:00:00+07:00"), PeriodType.MONTH, None),  # January 2031: after the plan
        (iso("2032-01-01T00:00:00+07:00"), PeriodType.YEAR, None),
        (iso("2031-01-01T00:00:00+07:00"), PeriodType.PLAN_PERIOD, PLAN),
        (iso("2033-07-01T00:00:00+07:00"), PeriodType.PLAN_PERIOD, PLAN),
        (dt.datetime(2030, 12, 31, 17, 0, tzinfo=UTC), PeriodType.PLAN_PERIOD, PLAN),
        (iso("2030-12-31T23:59:59+07:00"), PeriodType.PLAN_PERIOD, None),
    ],
)
def test_the_last_closed_period_inside_the_plan(
    at: dt.datetime, type_: PeriodType, period: Period | None
) -> None:
    assert last_closed(at, type_) == period
