"""Raw counts from the event-built read models."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel

from services.reporting.api.common import Reader
from services.reporting.handlers import read_models
from shared.app import RuntimeDep

router = APIRouter(prefix="/v1", tags=["read models"])


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
    counts = await read_models.tip_counts(rt.uow(), principal.ward, since, until)
    return TipCounts(ward=principal.ward, **counts)
