"""Org units, the indicator catalogue, values now, monthly trends and targets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import Field

from services.reporting.api.common import (
    Body,
    DepsDep,
    Int,
    PeriodParam,
    Reader,
    ScopeCode,
    TargetWriter,
    Uow,
)
from services.reporting.api.schemas import (
    IndicatorRead,
    IndicatorValues,
    Items,
    OrgUnitRead,
    TargetChangeRead,
    TargetRead,
    TargetSetRead,
    Trend,
)
from services.reporting.domain.periods import PLAN_FIRST_YEAR, PLAN_LAST_YEAR
from services.reporting.handlers import catalogue as indicators
from services.reporting.handlers import scope, snapshots, targets
from services.reporting.handlers.commands import IndicatorsOf, SetTarget, TargetHistory, TargetsOf

router = APIRouter(prefix="/v1", tags=["indicators"])
Year = Annotated[Int, Field(ge=PLAN_FIRST_YEAR, le=PLAN_LAST_YEAR)]
YearQuery = Annotated[int, Query(ge=PLAN_FIRST_YEAR, le=PLAN_LAST_YEAR)]


@router.get(
    "/org-units", response_model=Items[OrgUnitRead], summary="Đơn vị / Org units you may see (city and wards)"
)
async def org_units(uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return {"items": await scope.visible_units(uow, d, principal)}


@router.get(
    "/indicators", response_model=Items[IndicatorRead], summary="Danh mục chỉ số / The indicator catalogue"
)
async def catalogue(_: Reader) -> Any:
    return {"items": indicators.catalogue()}


@router.get(
    "/indicators/values",
    response_model=IndicatorValues,
    summary="Chỉ số hiện tại / Indicator values now (not stored)",
    description=(
        "Đếm từ dữ liệu hiện có; nếu chưa có gì thay đổi, dùng lại kết quả vừa đếm (tối đa 30 giây với kỳ "
        "chưa kết thúc), `computed_at` là lúc đếm. / Counted from the read models; while nothing has been "
        "written since, an earlier count is reused (at most 30 s old for a period not yet ended), and "
        "`computed_at` is when it was counted."
    ),
)
async def values(uow: Uow, d: DepsDep, principal: Reader, period: PeriodParam, scope: ScopeCode) -> Any:
    return await snapshots.current_values(uow, d, IndicatorsOf(scope, period), principal)


@router.get(
    "/indicators/trend", response_model=Trend, summary="Xu hướng theo tháng / Monthly values over a period"
)
async def trend(uow: Uow, d: DepsDep, principal: Reader, period: PeriodParam, scope: ScopeCode) -> Any:
    return await snapshots.trend(uow, d, IndicatorsOf(scope, period), principal)


@router.get(
    "/indicators/targets",
    response_model=Items[TargetRead],
    summary="Mục tiêu / Targets of an org unit for a year",
)
async def list_targets(uow: Uow, d: DepsDep, principal: Reader, scope: ScopeCode, year: YearQuery) -> Any:
    return {"items": await targets.list_targets(uow, d, TargetsOf(scope, year), principal)}


@router.get(
    "/indicators/targets/history",
    response_model=Items[TargetChangeRead],
    summary="Lịch sử thay đổi mục tiêu / Who changed which target",
)
async def target_history(uow: Uow, d: DepsDep, principal: Reader, scope: ScopeCode) -> Any:
    return {"items": await targets.history(uow, d, TargetHistory(scope), principal)}


class TargetSet(Body):
    scope: str = Field(pattern=r"^[a-z0-9_]{2,32}$")
    year: Year
    target: Int = Field(description="Đơn vị của giá trị / In the value's unit: basis points for a ratio")
    reason: str = Field(min_length=3, max_length=500)


@router.put(
    "/indicators/{code}/target",
    response_model=TargetSetRead,
    summary="Đặt mục tiêu / Set a target for an org unit and year",
)
async def set_target(
    body: TargetSet,
    uow: Uow,
    d: DepsDep,
    principal: TargetWriter,
    code: Annotated[str, Path(pattern=r"^[A-Z_]{2,32}$")],
) -> Any:
    cmd = SetTarget(scope=body.scope, year=body.year, code=code, target=body.target, reason=body.reason)
    return await targets.set_target(uow, d, cmd, principal)
