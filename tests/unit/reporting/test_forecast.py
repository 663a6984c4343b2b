"""The forecast of a monthly count: two explainable methods, chosen and judged on held-out months.

The back-test's error must come from months the method did not see: each check predicts a held-out
month from the months before its forecast origin only, so changing a later month never changes an
earlier prediction, and a method that fits the early months perfectly still shows its error on the
held-out ones.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.reporting.domain.forecast import (
    BAND_SHARE,
    HOLDOUT,
    MAX_HORIZON,
    MIN_HOLDOUT,
    SEASON,
    WINDOW,
    BadHorizon,
    Check,
    Method,
    backtest,
    band_width,
    forecast,
    held_out,
    mean_error,
    predict,
    tenths,
    tenths_text,
)

MA, SN = Method.MOVING_AVERAGE, Method.SEASONAL_NAIVE
counts = st.lists(st.integers(min_value=0, max_value=40), min_size=0, max_size=40)


def test_the_constants_are_the_documented_ones() -> None:
    assert (SEASON, WINDOW, HOLDOUT, MIN_HOLDOUT, MAX_HORIZON) == (12, 3, 6, 3, 12)
    assert Fraction(4, 5) == BAND_SHARE


def test_moving_average_is_the_mean_of_the_last_three_months_at_every_step() -> None:
    assert predict(MA, [9, 1, 2, 4], 1) == Fraction(7, 3)
    assert predict(MA, [9, 1, 2, 4], 5) == Fraction(7, 3)
    assert predict(MA, [1, 2, 4], 1) == Fraction(7, 3)
    assert predict(MA, [2, 4], 1) is None


def test_seasonal_naive_repeats_the_same_month_a_year_earlier() -> None:
    history = list(range(100, 113))  # 13 months: 100 (month 0) .. 112 (month 12)
    assert predict(SN, history, 1) == 101  # month 13 is month 1 a year on
    assert predict(SN, history, 12) == 112
    assert predict(SN, history[:12], 1) == 100
    assert predict(SN, history[:11], 1) is None
    longer = list(range(30))  # not periodic, longer than two years: still exactly a year back
    assert predict(SN, longer, 1) == 18 and predict(SN, longer, 12) == 29


@pytest.mark.parametrize("step", [0, -1, MAX_HORIZON + 1])
def test_a_step_outside_the_horizon_is_refused(step: int) -> None:
    with pytest.raises(BadHorizon):
        predict(MA, [1, 2, 3], step)
    with pytest.raises(BadHorizon):
        forecast([1] * 20, step)


def test_both_edges_of_the_horizon_are_allowed() -> None:
    assert predict(MA, [1, 2, 3], 1) == 2 and predict(MA, [1, 2, 3], MAX_HORIZON) == 2
    assert forecast([1] * 30, MAX_HORIZON).method is MA


@pytest.mark.parametrize(("length", "horizon", "expected"), [
    (0, 1, 0), (3, 1, 0), (4, 1, 1), (5, 1, 2), (9, 1, 6), (20, 1, 6), (8, 3, 3), (11, 3, 6), (10, 3, 5),
])  # fmt: skip
def test_held_out_months_leave_a_moving_average_history(length: int, horizon: int, expected: int) -> None:
    assert held_out(length, horizon) == expected


def test_each_check_is_predicted_from_the_months_before_its_origin_only() -> None:
    series = [3, 3, 3, 3, 3, 3, 9, 0, 6]
    checks = backtest(series, MA, 1, 3)
    assert checks is not None
    assert [(c.month, c.fitted_on, c.actual) for c in checks] == [(6, 6, 9), (7, 7, 0), (8, 8, 6)]
    assert [c.predicted for c in checks] == [3, 5, 4]
    two_ahead = backtest(series, MA, 2, 3)
    assert two_ahead is not None
    assert [(c.month, c.fitted_on, c.predicted) for c in two_ahead] == [(6, 5, 3), (7, 6, 3), (8, 7, 5)]


def test_the_error_is_that_of_the_held_out_months_not_of_the_fitted_ones() -> None:
    # flat, perfectly predictable months, then held-out months that differ: the error is theirs
    series = [5] * 9 + [8, 2, 5]
    result = forecast(series, 1)
    assert result.holdout == 6 and [c.month for c in result.checks] == list(range(6, 12))
    assert result.checks[0].fitted_on == 6  # the first held-out month: fitted on months 0..5
    assert all(c.fitted_on <= c.month - c.step + 1 for c in result.checks)
    assert [c.error for c in result.checks] == [0, 0, 0, 3, 4, 0]
    assert result.mae == Fraction(7, 6)
    # in-sample (predicting the fitted months from the fitted months) the error would be nil
    assert all(predict(MA, series[:t], 1) == series[t] for t in range(3, 9))


def test_a_method_that_cannot_predict_every_held_out_month_is_not_compared() -> None:
    assert backtest([1] * 14, SN, 1, 3) is None  # month 11 has no year before it
    assert backtest([1] * 15, SN, 1, 3) is not None
    assert backtest([1] * 15, SN, 2, 3) is None  # two ahead, month 12's origin is month 11
    short = forecast([1] * 14, 1)
    assert [m for m, _ in short.compared] == [MA]


def test_a_negative_origin_predicts_nothing() -> None:
    assert backtest([1, 2, 3], MA, 3, 3) is None
    # month 0 two ahead has its origin before the series: not the series less its last month
    assert backtest([1, 1, 1, 1, 1], MA, 2, 5) is None
    assert backtest([1, 1, 1, 1, 1], MA, 2, 1) is not None
    # five ahead of the last of four months: its origin is before the first, so nothing was known
    assert backtest([1, 1, 1, 1], MA, 5, 1) is None


def test_seasonal_naive_wins_on_a_seasonal_series_and_repeats_last_year() -> None:
    year = [2, 2, 9, 2, 2, 2, 6, 7, 2, 2, 2, 2]  # Tết and the tourist season
    result = forecast(year * 2 + year[:1], 3)
    assert result.method is SN and result.mae == 0
    assert [s.value for s in result.steps] == [2, 9, 2]
    assert [(s.low, s.high, s.mae) for s in result.steps] == [(2, 2, 0), (9, 9, 0), (2, 2, 0)]
    assert dict(result.compared)[MA] > 0 and dict(result.compared)[SN] == 0


def test_a_tie_goes_to_the_moving_average() -> None:
    result = forecast([4] * 24, 2)
    assert dict(result.compared) == {MA: 0, SN: 0}
    assert result.method is MA


def test_too_few_months_give_no_forecast() -> None:
    for length in range(0, WINDOW + MIN_HOLDOUT):
        result = forecast([1] * length, 1)
        assert result.method is None and result.steps == () and result.mae is None
        assert result.history == length and result.checks == () and result.compared == ()
    assert forecast([1] * (WINDOW + MIN_HOLDOUT), 1).method is MA
    assert forecast([1] * (WINDOW + MIN_HOLDOUT), 2).method is None
    assert forecast([1] * (WINDOW + MIN_HOLDOUT + 1), 2).method is MA


def test_what_a_forecast_says_cannot_be_changed_afterwards() -> None:
    result = forecast([1, 2, 3, 4, 5, 6, 7], 1)
    for record, name in ((result, "mae"), (result.steps[0], "value"), (result.checks[0], "predicted")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, name, Fraction(0))


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        forecast([1, 2, -1, 3, 4, 5], 1)


def test_the_band_is_the_error_not_exceeded_by_four_fifths_of_the_checks() -> None:
    def checks(*errors: int) -> list[Check]:
        return [Check(i, 1, i, Fraction(0), e) for i, e in enumerate(errors)]

    assert band_width(checks(5, 1, 4, 2, 3)) == 4  # 4/5 of 5: the 4th smallest
    assert band_width(checks(1, 2, 3, 4, 5, 6)) == 5  # 4/5 of 6 is 4.8: the 5th
    assert band_width(checks(7)) == 7
    assert mean_error(checks(1, 2, 4)) == Fraction(7, 3)


def test_a_step_has_its_band_floored_at_zero_and_its_own_error() -> None:
    series = [0, 0, 0, 0, 0, 6, 0, 0, 6, 0]
    result = forecast(series, 2)
    assert result.method is MA
    first, second = result.steps
    assert first.value == 2 and second.value == 2
    one = [c for c in result.checks if c.step == 1]
    two = [c for c in result.checks if c.step == 2]
    assert first.mae == mean_error(one) == Fraction(sum(c.error for c in one), len(one))
    assert second.mae == mean_error(two) != first.mae
    assert first.low == 0 and first.high == first.value + band_width(one)
    assert second.high == second.value + band_width(two)


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(5, 3), 17), (Fraction(1, 20), 1), (Fraction(1, 21), 0), (Fraction(3, 20), 2),
    (Fraction(0), 0), (Fraction(7), 70), (Fraction(-1, 20), -1),
])  # fmt: skip
def test_a_figure_is_rounded_once_to_tenths_half_up(value: Fraction, expected: int) -> None:
    assert tenths(value) == expected


def test_tenths_are_written_with_the_comma_in_vietnamese() -> None:
    assert tenths_text(17, "vi") == "1,7" and tenths_text(17, "en") == "1.7"
    assert tenths_text(20, "vi") == "2,0" and tenths_text(-5, "en") == "-0.5"
    assert tenths_text(0, "vi") == "0,0" and tenths_text(-1, "vi") == "-0,1" and tenths_text(1, "vi") == "0,1"


@settings(max_examples=150, deadline=None)
@given(counts, st.integers(min_value=1, max_value=4))
def test_changing_a_month_never_changes_a_prediction_made_before_it(series: list[int], horizon: int) -> None:
    result = forecast(series, horizon)
    for check in result.checks:
        assert check.fitted_on == check.month - check.step + 1 <= check.month
        assert result.method is not None
        assert predict(result.method, series[: check.fitted_on], check.step) == check.predicted
        changed = [*series[: check.fitted_on], *(n + 7 for n in series[check.fitted_on :])]
        assert predict(result.method, changed[: check.fitted_on], check.step) == check.predicted


@settings(max_examples=150, deadline=None)
@given(counts, st.integers(min_value=1, max_value=4))
def test_every_forecast_keeps_its_promises(series: list[int], horizon: int) -> None:
    result = forecast(series, horizon)
    if result.method is None:
        assert len(series) - (WINDOW + horizon - 1) < MIN_HOLDOUT
        return
    assert len(result.steps) == horizon and result.holdout >= MIN_HOLDOUT
    assert len(result.checks) == horizon * result.holdout
    assert {c.month for c in result.checks} == set(range(len(series) - result.holdout, len(series)))
    assert result.mae == min(e for _, e in result.compared)
    for step in result.steps:
        assert 0 <= step.low <= step.value <= step.high
        assert step.high - step.value == band_width([c for c in result.checks if c.step == step.ahead])
        assert min(series) <= step.value <= max(series)
