"""The FastAPI dependencies of inspection's routers: its use cases' dependencies and a unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.inspection.handlers.deps import InspectionDeps
from services.inspection.repository import InspectionUnitOfWork
from services.inspection.settings import InspectionSettings
from shared.runtime import Runtime


def _runtime(request: Request) -> Runtime[InspectionSettings, InspectionDeps, InspectionUnitOfWork]:
    runtime: Runtime[InspectionSettings, InspectionDeps, InspectionUnitOfWork] = request.app.state.runtime
    return runtime


async def get_deps(request: Request) -> InspectionDeps:
    return _runtime(request).deps


async def new_uow(request: Request) -> InspectionUnitOfWork:
    return _runtime(request).uow()


DepsDep = Annotated[InspectionDeps, Depends(get_deps)]
Uow = Annotated[InspectionUnitOfWork, Depends(new_uow)]
