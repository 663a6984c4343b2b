"""Forecasts for planning: a count-type indicator, and tips by kind, for the next months.

The series are the plan's complete months up to the one before now (Vietnam time), at most the last
``HISTORY_MONTHS``; the month under way is not data yet, so the forecast starts with it. The figures
are counts of the whole scope (its wards added up); neither series counts people, so no small-cell
rule applies. What the domain computes exactly is rounded once here, to tenths, half up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from services.reporting.domain.forecast import Forecast, Method, forecast, tenths, tenths_text
from services.reporting.domain.indicators import BY_CODE, Kind
from services.reporting.domain.periods import PLAN_FIRST_YEAR, Period, PeriodType, containing, month
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import UnknownIndicator
from services.reporting.handlers.exports.labels import KEY_LABELS, Label
from services.reporting.handlers.scope import wards_of
from services.reporting.handlers.snapshots import count
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.schemas import local_time

HISTORY_MONTHS = 36
ALL_TIPS = Label("Tất cả các loại tin", "All tips")
METHOD_LABELS = {
    Method.MOVING_AVERAGE: Label("Trung bình 3 tháng gần nhất", "Mean of the last 3 months"),
    Method.SEASONAL_NAIVE: Label("Bằng cùng tháng năm trước", "Same month a year earlier"),
}


class NotForecastable(ValueError):
    """Only counts are forecast: a ratio or a yes/no is not a quantity to plan for."""


@dataclass(frozen=True)
class ForecastOf:
    scope: str
    months: int  # how many months ahead
    code: str = ""  # the indicator (none for tips)


def history_months(now: dt.datetime) -> list[Period]:
    """The complete months of the plan before the month of ``now``, the last ``HISTORY_MONTHS``."""
    current = containing(now, PeriodType.MONTH)
    index = current.year * 12 + current.month - 1
    first = max(PLAN_FIRST_YEAR * 12, index - HISTORY_MONTHS)
    return [month(i // 12, i % 12 + 1) for i in range(first, index)]


def _next(now: dt.datetime, n: int) -> list[Period]:
    """The month of ``now`` and the ones after it: what the forecast is for."""
    start = containing(now, PeriodType.MONTH)
    index = start.year * 12 + start.month - 1
    return [month((index + k) // 12, (index + k) % 12 + 1) for k in range(n)]


def _labels(p: Period) -> dict[str, str]:
    return {"period": p.code, "label_vi": p.label_vi, "label_en": p.label_en}


def _figure(prefix: str, value: Any) -> dict[str, Any]:
    t = tenths(value)
    return {f"{prefix}_tenths": t, f"{prefix}_vi": tenths_text(t, "vi"), f"{prefix}_en": tenths_text(t, "en")}


def forecast_view(
    months: list[Period], series: list[int], ahead: list[Period], result: Forecast
) -> dict[str, Any]:
    """A series, its forecast with band and back-tested error, and each held-out check, as the API answers."""
    method = METHOD_LABELS.get(result.method) if result.method else None
    return {
        "history": [{**_labels(p), "value": n} for p, n in zip(months, series, strict=True)],
        "method": result.method.value if result.method else None,
        "method_vi": method.vi if method else None,
        "method_en": method.en if method else None,
        "history_months": result.history,
        "held_out_months": result.holdout,
        **(_figure("mae", result.mae) if result.mae is not None else {"mae_tenths": None}),
        "compared": [{"method": m.value, **_figure("mae", e)} for m, e in result.compared],
        "checks": [
            {
                **_labels(months[c.month]),
                "ahead": c.step,
                "fitted_through": months[c.fitted_on - 1].code,  # the last month the prediction saw
                **_figure("predicted", c.predicted),
                "actual": c.actual,
            }
            for c in result.checks
        ],
        "months": [
            {
                **_labels(ahead[s.ahead - 1]),
                "ahead": s.ahead,
                **_figure("value", s.value),
                **_figure("low", s.low),
                **_figure("high", s.high),
                **_figure("mae", s.mae),
            }
            for s in result.steps
        ],
    }


async def indicator_forecast(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: ForecastOf, principal: Principal
) -> dict[str, Any]:
    """A count-type indicator month by month, and its next ``query.months`` months."""
    indicator = BY_CODE.get(query.code)
    if indicator is None:
        raise UnknownIndicator(f"no indicator {query.code!r}")
    if indicator.kind is not Kind.COUNT or indicator.counts_people:
        raise NotForecastable(f"{query.code} is not a count of events: only those are forecast")
    now = deps.clock()
    months = history_months(now)
    series = []
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        for m in months:
            content = await count(uow, query.scope, wards, m, deps.schedule, now=now, breakdown=False)
            series.append(next(v.numerator for v in content.indicators if v.code == query.code))
    result = forecast(series, query.months)
    return {
        "scope": query.scope,
        "code": query.code,
        "computed_at": local_time(now),
        **forecast_view(months, series, _next(now, query.months), result),
    }


async def tips_forecast(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: ForecastOf, principal: Principal
) -> dict[str, Any]:
    """Tips received month by month, all of them and by kind, and their next ``query.months`` months."""
    now = deps.clock()
    months = history_months(now)
    by_month: list[dict[str, int]] = []
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        for m in months:
            totals: dict[str, int] = {}
            for ward in wards:
                counts = await uow.read_models.tip_counts(ward, m.start, m.end, now=now)
                for kind, n in counts.by_kind.items():
                    totals[kind] = totals.get(kind, 0) + n
            by_month.append(totals)
    known = KEY_LABELS["tips_by_kind"]
    kinds = [*known, *sorted({k for month_ in by_month for k in month_} - set(known))]
    ahead = _next(now, query.months)
    series = []
    for kind in ["all", *kinds]:
        values = [sum(t.values()) if kind == "all" else t.get(kind, 0) for t in by_month]
        label = ALL_TIPS if kind == "all" else known.get(kind, Label(kind, kind))
        view = forecast_view(months, values, ahead, forecast(values, query.months))
        series.append({"kind": kind, "label_vi": label.vi, "label_en": label.en, **view})
    return {"scope": query.scope, "computed_at": local_time(now), "series": series}
