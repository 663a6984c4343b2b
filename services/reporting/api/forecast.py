"""Forecasts for planning campaigns: a count-type indicator, and tips by kind, for the next months."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from services.reporting.api.common import DepsDep, Reader, ScopeCode, Uow
from services.reporting.domain.forecast import MAX_HORIZON
from services.reporting.handlers import forecast
from services.reporting.handlers.forecast import ForecastOf

router = APIRouter(prefix="/v1", tags=["forecast"])
Months = Annotated[int, Query(ge=1, le=MAX_HORIZON, description="Số tháng dự báo / Months ahead")]


class MonthCount(BaseModel):
    period: str
    label_vi: str
    label_en: str
    value: int


class HeldOutCheck(BaseModel):
    """A held-out month, predicted from the months up to ``fitted_through`` only."""

    period: str
    label_vi: str
    label_en: str
    ahead: int
    fitted_through: str
    predicted_tenths: int
    predicted_vi: str
    predicted_en: str
    actual: int


class MethodError(BaseModel):
    method: str
    mae_tenths: int
    mae_vi: str
    mae_en: str


class ForecastMonth(BaseModel):
    """A month ahead: the projection, its band and the back-tested error this far ahead (tenths)."""

    period: str
    label_vi: str
    label_en: str
    ahead: int
    value_tenths: int
    value_vi: str
    value_en: str
    low_tenths: int
    low_vi: str
    low_en: str
    high_tenths: int
    high_vi: str
    high_en: str
    mae_tenths: int
    mae_vi: str
    mae_en: str


class ForecastBody(BaseModel):
    history: list[MonthCount]
    method: str | None
    method_vi: str | None
    method_en: str | None
    history_months: int
    held_out_months: int
    mae_tenths: int | None
    mae_vi: str | None = None
    mae_en: str | None = None
    compared: list[MethodError]
    checks: list[HeldOutCheck]
    months: list[ForecastMonth]


class IndicatorForecast(ForecastBody):
    scope: str
    code: str
    computed_at: str


class TipSeries(ForecastBody):
    kind: str
    label_vi: str
    label_en: str


class TipsForecast(BaseModel):
    scope: str
    computed_at: str
    series: list[TipSeries]


DESCRIPTION = (
    "Dự báo, không phải số liệu: trung bình 3 tháng hoặc cùng tháng năm trước, chọn theo sai số trên các "
    "tháng giữ lại để kiểm tra. / A forecast, not data: the mean of 3 months or the same month a year "
    "earlier, chosen by its error on held-out months."
)


@router.get(
    "/indicators/{code}/forecast",
    response_model=IndicatorForecast,
    summary="Dự báo chỉ số đếm / Forecast of a count-type indicator",
    description=DESCRIPTION,
)
async def indicator_forecast(
    code: Annotated[str, Path(pattern=r"^[A-Z_]{2,32}$")],
    *,
    uow: Uow,
    d: DepsDep,
    principal: Reader,
    scope: ScopeCode,
    months: Months = 3,
) -> Any:
    return await forecast.indicator_forecast(uow, d, ForecastOf(scope, months, code), principal)


@router.get(
    "/tips/forecast",
    response_model=TipsForecast,
    summary="Dự báo số tin theo loại / Forecast of tips received, by kind",
    description=DESCRIPTION,
)
async def tips_forecast(uow: Uow, d: DepsDep, principal: Reader, scope: ScopeCode, months: Months = 3) -> Any:
    return await forecast.tips_forecast(uow, d, ForecastOf(scope, months), principal)
