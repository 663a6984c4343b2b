"""Permissions, shared parameters and dependencies of the reporting API."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import Strict

from services.reporting.domain.periods import BadPeriod, Period, parse
from services.reporting.handlers.snapshots import ReportingDeps
from shared.auth import Grant, PermissionTable, Principal, requires
from shared.errors import Problem
from shared.schemas import StrictModel

ALL = "*"
PERMISSIONS: PermissionTable = {
    # indicators, snapshots, org units and raw counts
    "indicators:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("ca", ALL), Grant("city", ALL)),
    # the programme's own records: activities, trainings, roster, directives, plans, reports
    "programme:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("ttdv", ALL), Grant("vp", ALL)),
    "programme:write": (Grant("vhxh", ALL), Grant("ttdv", ALL), Grant("vp", ALL)),
    "roster:write": (Grant("vhxh", "leader"), Grant("vhxh", "officer"), Grant("vhxh", "admin")),
    "reports:write": (Grant("vhxh", ALL),),
    "snapshots:prepare": (Grant("vhxh", ALL),),
    "snapshots:approve": (Grant("ubnd", "leader"),),
    "targets:write": (Grant("ubnd", "leader"), Grant("vhxh", "leader")),
    "exports:read": (Grant("ubnd", ALL), Grant("vhxh", ALL), Grant("city", ALL)),
}

Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "indicators:read"))]
ProgrammeReader = Annotated[Principal, Depends(requires(PERMISSIONS, "programme:read"))]
ProgrammeWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "programme:write"))]
RosterWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "roster:write"))]
ReportWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "reports:write"))]
Preparer = Annotated[Principal, Depends(requires(PERMISSIONS, "snapshots:prepare"))]
Approver = Annotated[Principal, Depends(requires(PERMISSIONS, "snapshots:approve"))]
TargetWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "targets:write"))]
Exporter = Annotated[Principal, Depends(requires(PERMISSIONS, "exports:read"))]

PERIOD_HELP = "Kỳ / Period: 2026-03, 2026-Q1, 2026 or 2026-2030"
ScopeCode = Annotated[str, Query(pattern=r"^[a-z0-9_]{2,32}$", description="Đơn vị / Org unit code")]


class InvalidPeriod(Problem):
    status, type_slug, title = 422, "invalid-period", "Kỳ báo cáo không hợp lệ / Invalid period"


def period_param(period: Annotated[str, Query(max_length=16, description=PERIOD_HELP)]) -> Period:
    try:
        return parse(period)
    except BadPeriod as exc:
        raise InvalidPeriod(str(exc)) from exc


PeriodParam = Annotated[Period, Depends(period_param)]


async def get_deps(request: Request) -> ReportingDeps:  # async: a sync dependency costs a thread hop
    deps: ReportingDeps = request.app.state.runtime.deps
    return deps


DepsDep = Annotated[ReportingDeps, Depends(get_deps)]
Body = StrictModel  # a request body: unknown fields are refused


# A number must be a JSON number: ``false`` or ``"12"`` is refused, not read as 0 or 12.
Int = Annotated[int, Strict()]
