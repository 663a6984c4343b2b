"""Reporting HTTP API (v1)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from services.reporting import handlers
from shared.app import RuntimeDep
from shared.auth import Grant, PermissionTable, Principal, requires

PERMISSIONS: PermissionTable = {
    "read_models:read": (Grant("ubnd", "*"), Grant("vhxh", "*"), Grant("ca", "*"), Grant("city", "*")),
}
router = APIRouter(prefix="/v1", tags=["read models"])
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "read_models:read"))]


class TipCounts(BaseModel):
    ward: str
    received: int
    closed: int
    closed_on_time: int
    open_overdue: int
    by_kind: dict[str, int]


@router.get(
    "/tips/counts",
    response_model=TipCounts,
    summary="Tin đã tiếp nhận và xử lý / Tips received and handled, from the event-built read model",
)
async def tip_counts(
    rt: RuntimeDep, principal: Reader, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> TipCounts:
    counts = await handlers.tip_counts(rt.uow(), principal.ward, since, until)
    return TipCounts(ward=principal.ward, **counts)
