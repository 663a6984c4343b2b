"""Reviews of the plan (sơ kết năm, tổng kết giai đoạn): prepared by the office from the system once the
period has ended, approved once by a ward leader, never changed after."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from services.reporting.api.common import Body, DepsDep, Uow
from services.reporting.api.permissions import PERMISSIONS
from services.reporting.api.programme import RecordId
from services.reporting.api.schemas import Items, Timestamp
from services.reporting.handlers import reviews
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/reviews", tags=["reviews"])

Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "reviews:read"))]
Preparer = Annotated[Principal, Depends(requires(PERMISSIONS, "reviews:prepare"))]
Approver = Annotated[Principal, Depends(requires(PERMISSIONS, "reviews:approve"))]


class ReviewCreate(Body):
    kind: Literal["yearly", "final"] = Field(
        description="Sơ kết năm / yearly (a year); tổng kết giai đoạn / final (2026-2030)"
    )
    period: str = Field(max_length=16, description="Kỳ / Period: 2026 for a yearly review, 2026-2030 final")
    assessment: str = Field(
        min_length=10,
        max_length=8000,
        description="Đánh giá của Phòng VH-XH: kết quả, hiệu quả mô hình, phối hợp liên ngành / The office's"
        " assessment: results, effectiveness of the models, inter-unit coordination",
    )


class ReviewSummary(BaseModel):
    review_id: uuid.UUID
    ward: str
    kind: str
    period_code: str
    status: str = Field(description="prepared | approved")
    snapshot_id: uuid.UUID = Field(description="Bản chốt số liệu đã công bố của kỳ / The period's snapshot")
    assessment: str
    content_hash: str
    prepared_by: str
    prepared_at: Timestamp
    approved_by: str | None
    approved_at: Timestamp | None


class ReviewRead(ReviewSummary):
    content: dict[str, Any] = Field(
        description="Số liệu đóng băng khi lập / The figures as frozen when prepared (indicators, trend,"
        " budget, difficulties, surveys, commendations)"
    )


@router.post(
    "", status_code=201, response_model=ReviewRead, summary="Lập báo cáo sơ kết, tổng kết / Prepare a review"
)
async def prepare(
    body: ReviewCreate, uow: Uow, d: DepsDep, principal: Preparer, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = reviews.PrepareReview(body.kind, body.period, body.assessment)
    stored, replayed = await reviews.prepare(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get("", response_model=Items[ReviewSummary], summary="Báo cáo sơ kết, tổng kết / Reviews")
async def list_reviews(uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return {"items": await reviews.list_reviews(uow, d, principal)}


@router.get("/{review_id}", response_model=ReviewRead, summary="Một báo cáo / A review")
async def get_review(uow: Uow, d: DepsDep, principal: Reader, review_id: RecordId) -> Any:
    return await reviews.get(uow, d, reviews.GetReview(review_id), principal)


@router.post(
    "/{review_id}/approve",
    response_model=ReviewRead,
    summary="Lãnh đạo phê duyệt (một lần, không sửa được nữa) / A ward leader approves (once, final)",
)
async def approve(uow: Uow, d: DepsDep, principal: Approver, review_id: RecordId) -> Any:
    return await reviews.approve(uow, d, reviews.ApproveReview(review_id), principal)


@router.get(
    "/{review_id}/export.{fmt}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in reviews.MEDIA.values()}}},
    summary="Báo cáo DOCX theo thể thức hành chính, phụ lục XLSX / The DOCX report or its XLSX annexes",
)
async def export(
    uow: Uow,
    d: DepsDep,
    *,
    principal: Reader,
    review_id: RecordId,
    fmt: Literal["docx", "xlsx"],
    document_number: Annotated[str, Query(max_length=40, description="Số văn bản / e.g. 12/BC-UBND")] = "",
) -> Response:
    cmd = reviews.ExportReview(review_id, fmt, document_number)
    content, media, name = await reviews.export(uow, d, cmd, principal)
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
