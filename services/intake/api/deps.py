"""The FastAPI dependencies of intake's routers: its use cases' dependencies and a unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.intake.handlers.deps import IntakeDeps
from services.intake.repository import IntakeUnitOfWork
from services.intake.settings import IntakeSettings
from shared.runtime import Runtime


def _runtime(request: Request) -> Runtime[IntakeSettings, IntakeDeps, IntakeUnitOfWork]:
    runtime: Runtime[IntakeSettings, IntakeDeps, IntakeUnitOfWork] = request.app.state.runtime
    return runtime


async def get_deps(request: Request) -> IntakeDeps:  # async: a sync dependency costs a thread hop
    return _runtime(request).deps


async def new_uow(request: Request) -> IntakeUnitOfWork:
    return _runtime(request).uow()


def uow_for(request: Request, ward: str) -> IntakeUnitOfWork:
    """A unit of work filing under ``ward`` (an anonymous tip for one of the wards served here)."""
    rt = _runtime(request)
    if ward == rt.settings.ward:
        return rt.uow()
    return IntakeUnitOfWork(rt.session_factory, ward=ward, cipher=rt.cipher)


DepsDep = Annotated[IntakeDeps, Depends(get_deps)]
Uow = Annotated[IntakeUnitOfWork, Depends(new_uow)]
