"""The FastAPI dependencies of case_support's routers: its use cases' dependencies and a unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.case_support.handlers.deps import CaseSupportDeps
from services.case_support.repository import CaseSupportUnitOfWork
from services.case_support.settings import CaseSupportSettings
from shared.runtime import Runtime


def _runtime(request: Request) -> Runtime[CaseSupportSettings, CaseSupportDeps, CaseSupportUnitOfWork]:
    runtime: Runtime[CaseSupportSettings, CaseSupportDeps, CaseSupportUnitOfWork] = request.app.state.runtime
    return runtime


async def get_deps(request: Request) -> CaseSupportDeps:
    return _runtime(request).deps


async def new_uow(request: Request) -> CaseSupportUnitOfWork:
    return _runtime(request).uow()


DepsDep = Annotated[CaseSupportDeps, Depends(get_deps)]
Uow = Annotated[CaseSupportUnitOfWork, Depends(new_uow)]
