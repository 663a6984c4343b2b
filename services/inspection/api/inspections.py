"""Inspections under /v1/inspections, and the tips routed for a surprise inspection."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from services.inspection.api.deps import DepsDep, Uow
from services.inspection.api.permissions import PERMISSIONS
from services.inspection.api.schemas import (
    FindingsBody,
    InspectionCreate,
    InspectionPage,
    InspectionRead,
    RecordCreate,
    SurpriseRequest,
)
from services.inspection.handlers import inspections as use
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/inspections", tags=["inspections"])
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "inspections:read"))]
Planner = Annotated[Principal, Depends(requires(PERMISSIONS, "inspections:plan"))]
Recorder = Annotated[Principal, Depends(requires(PERMISSIONS, "inspections:record"))]
Signer = Annotated[Principal, Depends(requires(PERMISSIONS, "inspections:sign"))]


@router.post(
    "", status_code=201, response_model=InspectionRead, summary="Lập kế hoạch kiểm tra / Plan an inspection"
)
async def plan(
    body: InspectionCreate, uow: Uow, d: DepsDep, principal: Planner, idempotency_key: IdempotencyKey = None
) -> Any:
    stored, replayed = await use.plan(
        uow,
        d,
        principal,
        kind=body.kind,
        establishment_ids=tuple(body.establishment_ids),
        planned_for=body.planned_for,
        team=body.team.team(),
        campaign_id=body.campaign_id,
        source_tip_id=body.source_tip_id,
        idempotency_key=idempotency_key,
    )
    return stored.response(replayed)


@router.get("", response_model=InspectionPage, summary="Danh sách cuộc kiểm tra / List inspections")
async def list_inspections(
    uow: Uow,
    principal: Reader,
    *,
    campaign_id: uuid.UUID | None = None,
    establishment_id: uuid.UUID | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    return await use.page(
        uow, principal, campaign_id=campaign_id, establishment_id=establishment_id, page=page, size=page_size
    )


@router.get(
    "/surprise-requests",
    response_model=list[SurpriseRequest],
    summary="Tin báo chuyển đến đề nghị kiểm tra đột xuất / Tips routed for a surprise inspection",
)
async def surprise_requests(uow: Uow, principal: Reader, open_only: bool = True) -> Any:
    return await use.surprise_requests(uow, principal, open_only=open_only)


@router.get(
    "/{inspection_id}", response_model=InspectionRead, summary="Xem cuộc kiểm tra / Read an inspection"
)
async def read(inspection_id: uuid.UUID, uow: Uow, principal: Reader) -> Any:
    return await use.get(uow, inspection_id, principal)


@router.post(
    "/{inspection_id}/records",
    status_code=201,
    response_model=InspectionRead,
    summary="Lập biên bản (bản nháp) hoặc biên bản sửa đổi / Draft a record, or amend a signed one",
)
async def draft_record(
    inspection_id: uuid.UUID,
    body: RecordCreate,
    *,
    uow: Uow,
    d: DepsDep,
    principal: Recorder,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    stored, replayed = await use.draft_record(
        uow,
        d,
        inspection_id,
        principal,
        establishment_id=body.establishment_id,
        findings=body.findings(d.legal_bases),
        amends=body.supersedes,
        reason=body.amendment_reason,
        idempotency_key=idempotency_key,
    )
    return stored.response(replayed)


@router.put(
    "/{inspection_id}/records/{record_id}",
    response_model=InspectionRead,
    summary="Sửa biên bản nháp / Revise a draft record",
)
async def revise_record(
    inspection_id: uuid.UUID,
    record_id: uuid.UUID,
    body: FindingsBody,
    *,
    uow: Uow,
    d: DepsDep,
    principal: Recorder,
) -> Any:
    return await use.revise_record(uow, inspection_id, record_id, body.findings(d.legal_bases), principal)


@router.post(
    "/{inspection_id}/records/{record_id}/sign",
    response_model=InspectionRead,
    summary="Trưởng đoàn ký biên bản / The team leader signs the record (final)",
)
async def sign_record(
    inspection_id: uuid.UUID, record_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Signer
) -> Any:
    return await use.sign_record(uow, d, inspection_id, record_id, principal)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get(
    "/{inspection_id}/records/{record_id}.docx",
    response_class=Response,
    responses={200: {"content": {DOCX: {}}}},
    summary="In biên bản kiểm tra (DOCX) / Print the inspection record as DOCX",
)
async def print_record(
    inspection_id: uuid.UUID, record_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Reader
) -> Response:
    name, data = await use.record_file(uow, d, inspection_id, record_id, principal)
    return Response(data, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'})
