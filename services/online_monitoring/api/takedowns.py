"""Takedown requests under /v1/items/{id}/takedowns, the list of those nearing or past their deadline,
and the transparency figures."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from services.online_monitoring.api.deps import DepsDep, Uow
from services.online_monitoring.api.permissions import PERMISSIONS
from services.online_monitoring.api.schemas import (
    DueRead,
    ItemRead,
    StepBody,
    TakedownBody,
    TakedownEscalateBody,
    TransparencyRead,
)
from services.online_monitoring.handlers import takedowns as use
from services.online_monitoring.handlers.transparency import transparency
from shared.auth import Principal, requires
from shared.errors import Problem
from shared.idempotency import IdempotencyKey

router = APIRouter(tags=["takedowns"])
Requester = Annotated[Principal, Depends(requires(PERMISSIONS, "takedowns:request"))]
Escalator = Annotated[Principal, Depends(requires(PERMISSIONS, "takedowns:escalate"))]
Figures = Annotated[Principal, Depends(requires(PERMISSIONS, "transparency:read"))]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post(
    "/v1/items/{item_id}/takedowns",
    status_code=201,
    response_model=ItemRead,
    summary="Soạn yêu cầu gỡ bỏ (qua cơ quan có thẩm quyền) / Draft a takedown request",
)
async def draft(
    item_id: uuid.UUID,
    body: TakedownBody,
    *,
    uow: Uow,
    d: DepsDep,
    principal: Requester,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    stored, replayed = await use.draft(
        uow, d, item_id, body.command(), principal, idempotency_key=idempotency_key
    )
    return stored.response(replayed)


@router.post(
    "/v1/items/{item_id}/takedowns/{takedown_id}/steps",
    response_model=ItemRead,
    summary="Gửi, được tiếp nhận, đã gỡ, bị từ chối / Sent, acknowledged, removed, refused",
)
async def step(
    item_id: uuid.UUID, takedown_id: uuid.UUID, body: StepBody, *, uow: Uow, d: DepsDep, principal: Requester
) -> Any:
    return await use.step(
        uow,
        d,
        item_id,
        takedown_id,
        action=body.action,
        principal=principal,
        note=body.note,
        removed_by=body.removed_by,
    )


@router.post(
    "/v1/items/{item_id}/takedowns/{takedown_id}/escalation",
    response_model=ItemRead,
    summary="Quá hạn hoặc bị từ chối: chuyển cấp trên / Overdue or refused: escalate (leaders)",
)
async def escalate(
    item_id: uuid.UUID,
    takedown_id: uuid.UUID,
    body: TakedownEscalateBody,
    *,
    uow: Uow,
    d: DepsDep,
    principal: Escalator,
) -> Any:
    return await use.step(
        uow,
        d,
        item_id,
        takedown_id,
        action="escalate",
        principal=principal,
        target=body.target,
        agency=body.agency_code,
    )


@router.get(
    "/v1/items/{item_id}/takedowns/{takedown_id}/letter.docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}}},
    summary="Văn bản đề nghị gỡ bỏ (DOCX) / The request letter (DOCX)",
)
async def letter(
    item_id: uuid.UUID, takedown_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Requester
) -> Response:
    name, data = await use.letter(uow, d, item_id, takedown_id, principal)
    return Response(data, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(
    "/v1/takedowns/due",
    response_model=DueRead,
    summary="Yêu cầu sắp hết hạn, quá hạn / Requests nearing or past the platform's deadline",
)
async def due(uow: Uow, d: DepsDep, principal: Requester) -> Any:
    return await use.due(uow, d, principal)


class BadPeriod(Problem):
    status, type_slug, title = 422, "bad-period", "Khoảng thời gian không hợp lệ / Invalid period"


@router.get(
    "/v1/transparency",
    response_model=TransparencyRead,
    summary="Số liệu minh bạch theo tháng và nền tảng / Transparency figures per month and platform",
)
async def figures(
    uow: Uow,
    d: DepsDep,
    principal: Figures,
    start: Annotated[dt.date, Query(alias="from", description="Tháng đầu / first month (any day of it)")],
    end: Annotated[dt.date, Query(alias="to", description="Tháng cuối / last month (any day of it)")],
) -> Any:
    if end < start or (end.year - start.year) * 12 + end.month - start.month > 35:
        raise BadPeriod("Từ tháng đến tháng, tối đa 36 tháng. / From a month to a later one, 36 at most.")
    return await transparency(uow, d, principal, start, end)
