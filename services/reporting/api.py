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
    by_kind: dict[str, int]


@router.get(
    "/tips/counts",
    response_model=TipCounts,
    summary="Số tin đã tiếp nhận / Tips received, from the event-built read model",
)
async def tip_counts(
    rt: RuntimeDep, principal: Reader, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> TipCounts:
    by_kind = await handlers.tips_received(rt.uow(), principal.ward, since, until)
    return TipCounts(ward=principal.ward, received=sum(by_kind.values()), by_kind=by_kind)
