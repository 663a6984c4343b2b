"""Raw counts from the event-built read models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter

from services.reporting.api.common import DepsDep, Reader, Uow
from services.reporting.api.schemas import TipCounts
from services.reporting.handlers import read_models

router = APIRouter(prefix="/v1", tags=["read models"])


@router.get(
    "/tips/counts",
    response_model=TipCounts,
    summary="Tin đã tiếp nhận và xử lý / Tips received and handled, from the event-built read model",
)
async def tip_counts(
    uow: Uow,
    d: DepsDep,
    principal: Reader,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Any:
    return await read_models.tip_counts(uow, principal.ward, since, until, d.clock())
