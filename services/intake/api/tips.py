"""Staff endpoints under /v1/tips: parse, authorize, call one use case."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from services.intake.api.deps import DepsDep, Uow
from services.intake.api.permissions import PERMISSIONS
from services.intake.api.schemas import (
    ClassifyBody,
    ExtendBody,
    HandleBody,
    ListQuery,
    MergeBody,
    PrivateValue,
    ReopenBody,
    RouteBody,
    StartBody,
    StepRead,
    TipCreate,
    TipPage,
    TipRead,
    TransferBody,
    VerifyBody,
    private_details,
)
from services.intake.domain import TipKind
from services.intake.handlers import commands as c
from services.intake.handlers import tips as use
from shared.auth import Principal, allowed, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/tips", tags=["tips"])
Creator = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:create"))]
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:read"))]
Processor = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:process"))]
Reopener = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:reopen"))]
PrivateReader = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:read_private"))]
Exporter = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:export"))]
Filters = Annotated[ListQuery, Query()]


@router.post("", status_code=201, response_model=TipRead, summary="Tiếp nhận tin / Receive a tip")
async def create_tip(
    body: TipCreate, uow: Uow, d: DepsDep, principal: Creator, idempotency_key: IdempotencyKey = None
) -> Any:
    cmd = c.ReceiveTip(
        TipKind(body.kind),
        body.channel,
        body.subject.type,
        body.residential_group,
        body.subject.establishment_id,
        private_details(body),
    )
    stored, replayed = await use.receive_tip(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get("", response_model=TipPage, summary="Danh sách tin / List tips (filtered, paginated)")
async def list_tips(q: Filters, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.list_tips(uow, d, principal, q.to_filter(d.clock()), page=q.page, size=q.page_size)


@router.get(
    "/export.csv",
    summary="Xuất CSV / Export the filtered list as CSV (no personal data)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_tips(q: Filters, uow: Uow, d: DepsDep, principal: Exporter) -> Response:
    name, text = await use.export_csv(uow, d, principal, q.to_filter(d.clock()))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{tip_id}", response_model=TipRead, summary="Xem tin / Read a tip")
async def read_tip(tip_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.get_tip(uow, d, tip_id, principal)


@router.get("/{tip_id}/history", response_model=list[StepRead], summary="Lịch sử xử lý / History")
async def read_history(tip_id: uuid.UUID, uow: Uow, principal: Reader) -> Any:
    # The steps' typed reasons are personal data: only for those who may read private fields.
    with_reasons = allowed(PERMISSIONS, "tips:read_private", principal)
    return await use.get_history(uow, tip_id, principal, with_reasons=with_reasons)


@router.get(
    "/{tip_id}/private",
    response_model=list[PrivateValue],
    summary="Thông tin riêng tư (có ghi nhật ký) / Private fields (every read is audited)",
)
async def read_private(
    tip_id: uuid.UUID,
    uow: Uow,
    principal: PrivateReader,
    part: Literal["reporter", "details"] = "details",
    reason: Annotated[str, Query(max_length=500, description="Lý do xem (bắt buộc với reporter) / why")] = "",
) -> Any:
    fields = use.REPORTER_FIELDS if part == "reporter" else use.DETAIL_FIELDS
    return await use.read_private(uow, tip_id, principal, fields, reason)


@router.post("/{tip_id}/verification", response_model=TipRead, summary="Bắt đầu xác minh / Start verifying")
async def start_verification(tip_id: uuid.UUID, body: StartBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    return await use.take_step(uow, d, c.StartVerification(tip_id, body.reason), p)


@router.post("/{tip_id}/verify", response_model=TipRead, summary="Kết quả xác minh / Verification result")
async def verify(tip_id: uuid.UUID, body: VerifyBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    return await use.take_step(uow, d, c.VerifyTip(tip_id, body.outcome, body.reason), p)


@router.post("/{tip_id}/classify", response_model=TipRead, summary="Phân loại / Classify")
async def classify(tip_id: uuid.UUID, body: ClassifyBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    cmd = c.ClassifyTip(tip_id, body.category, body.severity, body.competent_unit, body.complex, body.reason)
    return await use.take_step(uow, d, cmd, p)


@router.post("/{tip_id}/route", response_model=TipRead, summary="Chuyển xử lý / Route to a unit")
async def route(tip_id: uuid.UUID, body: RouteBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    return await use.take_step(uow, d, c.RouteTip(tip_id, body.target, body.target_unit, body.reason), p)


@router.post("/{tip_id}/handle", response_model=TipRead, summary="Kết quả xử lý / Record the handling")
async def handle(tip_id: uuid.UUID, body: HandleBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    return await use.take_step(uow, d, c.HandleTip(tip_id, body.outcome, body.reason), p)


@router.post("/{tip_id}/transfer", response_model=TipRead, summary="Chuyển cơ quan khác / Transfer")
async def transfer(tip_id: uuid.UUID, body: TransferBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    cmd = c.TransferTip(tip_id, body.destination, body.agency_code, body.reason)
    return await use.take_step(uow, d, cmd, p)


@router.post("/{tip_id}/merge", response_model=TipRead, summary="Gộp tin trùng / Merge into another tip")
async def merge(tip_id: uuid.UUID, body: MergeBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    return await use.take_step(uow, d, c.MergeTip(tip_id, body.into, body.reason_code, body.reason), p)


@router.post("/{tip_id}/reopen", response_model=TipRead, summary="Mở lại / Reopen")
async def reopen(tip_id: uuid.UUID, body: ReopenBody, uow: Uow, d: DepsDep, p: Reopener) -> Any:
    return await use.take_step(uow, d, c.ReopenTip(tip_id, body.reason_code, body.reason), p)


@router.post("/{tip_id}/extensions", response_model=TipRead, summary="Gia hạn / Extend the deadline")
async def extend(tip_id: uuid.UUID, body: ExtendBody, uow: Uow, d: DepsDep, p: Processor) -> Any:
    cmd = c.ExtendDeadline(tip_id, body.new_due_at, body.reason_code, body.reason)
    return await use.take_step(uow, d, cmd, p)
