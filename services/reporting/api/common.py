"""Shared parameters and dependencies of the reporting API: who is calling, the unit of work, periods."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import Strict

from services.reporting.api.permissions import PERMISSIONS
from services.reporting.domain.periods import Period, parse
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from services.reporting.settings import ReportingSettings
from shared.auth import Principal, requires
from shared.runtime import Runtime
from shared.schemas import StrictModel

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


def period_param(period: Annotated[str, Query(max_length=16, description=PERIOD_HELP)]) -> Period:
    return parse(period)  # BadPeriod is a problem (ERRORS)


PeriodParam = Annotated[Period, Depends(period_param)]


def _runtime(request: Request) -> Runtime[ReportingSettings, ReportingDeps, ReportingUnitOfWork]:
    runtime: Runtime[ReportingSettings, ReportingDeps, ReportingUnitOfWork] = request.app.state.runtime
    return runtime


async def get_deps(request: Request) -> ReportingDeps:  # async: a sync dependency costs a thread hop
    return _runtime(request).deps


async def new_uow(request: Request) -> ReportingUnitOfWork:
    return _runtime(request).uow()


DepsDep = Annotated[ReportingDeps, Depends(get_deps)]
Uow = Annotated[ReportingUnitOfWork, Depends(new_uow)]
Body = StrictModel  # a request body: unknown fields are refused


# A number must be a JSON number: ``false`` or ``"12"`` is refused, not read as 0 or 12.
Int = Annotated[int, Strict()]
