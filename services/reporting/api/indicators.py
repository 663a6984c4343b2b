"""Org units, the indicator catalogue, values now, monthly trends and targets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import Field

from services.reporting.api.common import Body, DepsDep, Int, PeriodParam, Reader, ScopeCode, TargetWriter
from services.reporting.domain.indicators import CATALOGUE
from services.reporting.domain.periods import PLAN_FIRST_YEAR, PLAN_LAST_YEAR
from services.reporting.handlers import scope, snapshots, targets
from shared.app import RuntimeDep

router = APIRouter(prefix="/v1", tags=["indicators"])
Year = Annotated[Int, Field(ge=PLAN_FIRST_YEAR, le=PLAN_LAST_YEAR)]
YearQuery = Annotated[int, Query(ge=PLAN_FIRST_YEAR, le=PLAN_LAST_YEAR)]


@router.get("/org-units", summary="Đơn vị / Org units you may see (city and wards)")
async def org_units(rt: RuntimeDep, principal: Reader) -> dict[str, Any]:
    uow = rt.uow()
    async with uow:
        units = await scope.visible_units(uow.session, principal)
        items = [
            {
                "code": u.code,
                "name_vi": u.name_vi,
                "name_en": u.name_en,
                "parent": u.parent_code,
                "level": u.level,
            }
            for u in units
        ]
    return {"items": items}


@router.get("/indicators", summary="Danh mục chỉ số / The indicator catalogue")
async def catalogue(_: Reader) -> dict[str, Any]:
    return {
        "items": [
            {
                "code": i.code, "clause": i.clause, "section_vi": i.section_vi, "name_vi": i.name_vi,
                "name_en": i.name_en, "numerator_vi": i.numerator_vi, "numerator_en": i.numerator_en,
                "denominator_vi": i.denominator_vi, "denominator_en": i.denominator_en, "kind": i.kind.value,
                "target": i.target, "comparison": i.comparison.value,
                "period_types": [p.value for p in i.period_types], "counts_people": i.counts_people,
            }
            for i in CATALOGUE
        ]
    }  # fmt: skip


@router.get("/indicators/values", summary="Chỉ số hiện tại / Indicator values now (not stored)")
async def values(
    rt: RuntimeDep, deps: DepsDep, principal: Reader, period: PeriodParam, scope: ScopeCode
) -> dict[str, Any]:
    return await snapshots.current_values(rt.uow(), deps, principal, scope, period)


@router.get("/indicators/trend", summary="Xu hướng theo tháng / Monthly values over a period")
async def trend(
    rt: RuntimeDep, deps: DepsDep, principal: Reader, period: PeriodParam, scope: ScopeCode
) -> dict[str, Any]:
    return await snapshots.trend(rt.uow(), deps, principal, scope, period)


@router.get("/indicators/targets", summary="Mục tiêu / Targets of an org unit for a year")
async def list_targets(
    rt: RuntimeDep, principal: Reader, scope: ScopeCode, year: YearQuery
) -> dict[str, Any]:
    return {"items": await targets.list_targets(rt.uow(), principal, scope, year)}


@router.get("/indicators/targets/history", summary="Lịch sử thay đổi mục tiêu / Who changed which target")
async def target_history(rt: RuntimeDep, principal: Reader, scope: ScopeCode) -> dict[str, Any]:
    return {"items": await targets.history(rt.uow(), principal, scope)}


class TargetSet(Body):
    scope: str = Field(pattern=r"^[a-z0-9_]{2,32}$")
    year: Year
    target: Int = Field(description="Đơn vị của giá trị / In the value's unit: basis points for a ratio")
    reason: str = Field(min_length=3, max_length=500)


@router.put("/indicators/{code}/target", summary="Đặt mục tiêu / Set a target for an org unit and year")
async def set_target(
    body: TargetSet,
    rt: RuntimeDep,
    principal: TargetWriter,
    code: Annotated[str, Path(pattern=r"^[A-Z_]{2,32}$")],
) -> dict[str, Any]:
    return await targets.set_target(
        rt.uow(),
        principal,
        scope=body.scope,
        year=body.year,
        code=code,
        target=body.target,
        reason=body.reason,
    )
