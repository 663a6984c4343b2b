"""The FastAPI dependencies of online monitoring's routers: its use cases' dependencies and a unit of work."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.online_monitoring.handlers.deps import OnlineMonitoringDeps
from services.online_monitoring.repository import OnlineMonitoringUnitOfWork
from services.online_monitoring.settings import OnlineMonitoringSettings
from shared.runtime import Runtime

OnlineRuntime = Runtime[OnlineMonitoringSettings, OnlineMonitoringDeps, OnlineMonitoringUnitOfWork]


def _runtime(request: Request) -> OnlineRuntime:
    runtime: OnlineRuntime = request.app.state.runtime
    return runtime


async def get_deps(request: Request) -> OnlineMonitoringDeps:
    return _runtime(request).deps


async def new_uow(request: Request) -> OnlineMonitoringUnitOfWork:
    return _runtime(request).uow()


DepsDep = Annotated[OnlineMonitoringDeps, Depends(get_deps)]
Uow = Annotated[OnlineMonitoringUnitOfWork, Depends(new_uow)]
