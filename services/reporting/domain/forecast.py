"""A projection of a monthly count for the next months, honest about how wrong it has been.

Two explainable methods, no fitting library (a ward's counts are small):

- **moving average** (trung bình trượt): the mean of the last ``WINDOW`` months, for every month ahead;
- **seasonal naive** (lặp lại theo mùa): the same month a year earlier (Tết, the tourist season).

Each is **back-tested** on the series' last months, held out: a held-out month ``t`` forecast
``step`` months ahead is predicted from the months before its forecast origin only
(``series[: t - step + 1]``), as if it had been made then, and compared with what was counted. The
method with the smaller mean absolute error (MAE) over those checks is the one used; a tie goes to the
moving average, the simpler. A method that cannot predict every held-out month (seasonal naive needs a
year before them) is not compared. The band around a step is the value plus or minus the absolute
error that ``BAND_SHARE`` of its held-out checks did not exceed (nearest rank), never below zero.

Values are exact fractions here; a figure is rounded once, where it is written (``tenths``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

SEASON = 12  # months in a season's cycle
WINDOW = 3  # months a moving average takes
HOLDOUT = 6  # months held out for the back-test, at most
MIN_HOLDOUT = 3  # fewer held-out months than this: no forecast (its error would mean little)
MAX_HORIZON = SEASON  # seasonal naive repeats one year, so it sees at most a year ahead
BAND_SHARE = Fraction(8, 10)  # the band covers this share of the held-out errors
DECIMAL_MARK = {"vi": ",", "en": "."}


class Method(StrEnum):
    MOVING_AVERAGE = "moving_average"
    SEASONAL_NAIVE = "seasonal_naive"


METHODS = (Method.MOVING_AVERAGE, Method.SEASONAL_NAIVE)  # in order of preference on a tie
MIN_HISTORY = {Method.MOVING_AVERAGE: WINDOW, Method.SEASONAL_NAIVE: SEASON}


class BadHorizon(ValueError):
    """A horizon outside 1..MAX_HORIZON months."""


def predict(method: Method, history: Sequence[int], step: int) -> Fraction | None:
    """The value ``step`` months after the last of ``history``, from ``history`` alone (None: too short)."""
    if not 1 <= step <= MAX_HORIZON:
        raise BadHorizon(f"a forecast looks 1 to {MAX_HORIZON} months ahead, not {step}")
    if len(history) < MIN_HISTORY[method]:
        return None
    if method is Method.MOVING_AVERAGE:
        return Fraction(sum(history[-WINDOW:]), WINDOW)
    return Fraction(history[len(history) - SEASON + step - 1])


@dataclass(frozen=True)
class Check:
    """One held-out month: where it is in the series, how far ahead it was forecast, and the miss."""

    month: int  # index in the series
    step: int
    fitted_on: int  # months the prediction saw: series[:fitted_on], all before the forecast origin
    predicted: Fraction
    actual: int

    @property
    def error(self) -> Fraction:
        return abs(self.predicted - self.actual)


def held_out(length: int, horizon: int) -> int:
    """How many of the last months are held out: as many as ``HOLDOUT`` while a moving average can
    still predict the first of them ``horizon`` months ahead."""
    return max(0, min(HOLDOUT, length - (MIN_HISTORY[Method.MOVING_AVERAGE] + horizon - 1)))


def backtest(series: Sequence[int], method: Method, step: int, holdout: int) -> tuple[Check, ...] | None:
    """Each of the last ``holdout`` months predicted ``step`` ahead from the months before its origin;
    None if the method cannot predict every one of them."""
    checks = []
    for t in range(len(series) - holdout, len(series)):
        origin = t - step + 1  # a negative origin is before the series began: nothing was known
        predicted = predict(method, series[: max(origin, 0)], step)
        if predicted is None:
            return None
        checks.append(Check(t, step, origin, predicted, series[t]))
    return tuple(checks)


def mean_error(checks: Sequence[Check]) -> Fraction:
    """The mean absolute error of the checks."""
    return Fraction(sum(c.error for c in checks), len(checks))


def band_width(checks: Sequence[Check]) -> Fraction:
    """The absolute error that ``BAND_SHARE`` of the checks did not exceed (nearest rank)."""
    errors = sorted(c.error for c in checks)
    return errors[math.ceil(BAND_SHARE * len(errors)) - 1]


@dataclass(frozen=True)
class Step:
    """A month ahead: the value, its band and the back-tested error at this distance."""

    ahead: int
    value: Fraction
    low: Fraction
    high: Fraction
    mae: Fraction


@dataclass(frozen=True)
class Forecast:
    method: Method | None  # None: too few months to forecast honestly
    steps: tuple[Step, ...]
    mae: Fraction | None  # over every held-out check of the chosen method
    holdout: int  # months held out
    history: int  # months in the series
    compared: tuple[tuple[Method, Fraction], ...]  # each method that could be back-tested, its MAE
    checks: tuple[Check, ...]  # the chosen method's held-out checks


def forecast(series: Sequence[int], horizon: int) -> Forecast:
    """The next ``horizon`` months of a monthly count, by the method that back-tests better."""
    if not 1 <= horizon <= MAX_HORIZON:
        raise BadHorizon(f"a forecast looks 1 to {MAX_HORIZON} months ahead, not {horizon}")
    if any(n < 0 for n in series):
        raise ValueError("a count is never negative")
    holdout = held_out(len(series), horizon)
    if holdout < MIN_HOLDOUT:
        return Forecast(None, (), None, holdout, len(series), (), ())
    tested: list[tuple[Method, Fraction, tuple[tuple[Check, ...], ...]]] = []
    for method in METHODS:
        runs = [backtest(series, method, step, holdout) for step in range(1, horizon + 1)]
        if all(r is not None for r in runs):
            per_step = tuple(r for r in runs if r is not None)
            tested.append((method, mean_error([c for r in per_step for c in r]), per_step))
    method, mae, per_step = min(tested, key=lambda m: (m[1], METHODS.index(m[0])))
    steps = []
    for step, checks in enumerate(per_step, start=1):
        value = predict(method, series, step)
        assert value is not None  # it predicted every held-out month from less history
        width = band_width(checks)
        steps.append(Step(step, value, max(value - width, Fraction(0)), value + width, mean_error(checks)))
    return Forecast(
        method,
        tuple(steps),
        mae,
        holdout,
        len(series),
        tuple((m, e) for m, e, _ in tested),
        tuple(c for r in per_step for c in r),
    )


def tenths(value: Fraction) -> int:
    """The one rounding of a forecast figure: tenths, half up (``Fraction(5, 3)`` -> ``17``)."""
    exact = Decimal(value.numerator) * 10 / Decimal(value.denominator)
    return int(exact.to_integral_value(ROUND_HALF_UP))


def tenths_text(t: int, language: str) -> str:
    """``17`` -> ``1,7`` (vi) or ``1.7`` (en); ``20`` -> ``2,0``."""
    whole, tenth = divmod(abs(t), 10)
    return f"{'-' if t < 0 else ''}{whole}{DECIMAL_MARK[language]}{tenth}"
