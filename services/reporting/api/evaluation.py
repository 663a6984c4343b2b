"""Surveys and assessments of the situation (plan II.6), commendations and accountability (II.7)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator

from services.reporting.api.common import Body, DepsDep, Int, Uow
from services.reporting.api.permissions import PERMISSIONS
from services.reporting.api.programme import DocumentCode, PlanDate, StaffCode, UnitCode
from services.reporting.api.schemas import Items, Timestamp
from services.reporting.domain.evaluation import MAX_ATTACHMENTS
from services.reporting.handlers import evaluation
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1", tags=["evaluation"])

SurveyReader = Annotated[Principal, Depends(requires(PERMISSIONS, "surveys:read"))]
SurveyWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "surveys:write"))]
CommendationReader = Annotated[Principal, Depends(requires(PERMISSIONS, "commendations:read"))]
CommendationWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "commendations:write"))]

# The domain's codes (``domain.evaluation``; a test holds them equal).
SurveyKind = Literal["survey", "assessment", "research"]
SurveySubject = Literal["situation", "groups", "needs", "interventions", "other"]
CommendationKind = Literal["commendation", "accountability"]
ContentHash = Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256 (hex) of a file")]


class SurveyCreate(Body):
    kind: SurveyKind = Field(description="Khảo sát / survey; đánh giá / assessment; nghiên cứu / research")
    subject: SurveySubject = Field(description="Nội dung / What it studies")
    topic: Annotated[str, Field(min_length=3, max_length=300, description="Chủ đề / Topic")]
    period: str = Field(max_length=16, description="Kỳ khảo sát / Period covered: 2026-Q2, 2026, 2026-2030")
    unit_code: UnitCode = Field(description="Đơn vị thực hiện / Unit that carried it out")
    method: str = Field(min_length=3, max_length=1000, description="Phương pháp / Method")
    sample_size: Annotated[Int, Field(ge=0, le=1_000_000, description="Cỡ mẫu / Sample size")]
    sample_description: str = Field("", max_length=500, description="Mẫu / Who was sampled")
    findings: str = Field(min_length=3, max_length=4000, description="Kết quả chính / Findings summary")
    attachment_hashes: list[ContentHash] = Field(
        default_factory=list, max_length=MAX_ATTACHMENTS, description="Tệp đính kèm / Files, by content hash"
    )
    completed_on: PlanDate = Field(description="Ngày hoàn thành / Date completed")


class SurveyRead(BaseModel):
    survey_id: uuid.UUID
    ward: str
    kind: str
    kind_vi: str
    kind_en: str
    subject: str
    subject_vi: str
    subject_en: str
    topic: str
    period_code: str
    period_vi: str
    period_en: str
    unit_code: str
    method: str
    sample_size: int
    sample_description: str
    findings: str
    attachment_hashes: list[str]
    completed_at: Timestamp
    recorded_at: Timestamp
    recorded_by: str


class CommendationCreate(Body):
    kind: CommendationKind = Field(
        description="Biểu dương, khen thưởng / commendation; xem xét trách nhiệm / accountability (a unit)"
    )
    unit_code: UnitCode | None = Field(None, description="Tập thể / The unit")
    staff_code: StaffCode | None = Field(
        None, description="Cá nhân, theo mã cán bộ / A person, by staff code"
    )
    reason: str = Field(min_length=3, max_length=1000, description="Thành tích hoặc lý do / For what")
    document_code: DocumentCode = Field(description="Số quyết định / Decision number")
    decided_on: PlanDate = Field(description="Ngày quyết định / Date of the decision")

    @model_validator(mode="after")
    def _one_recipient(self) -> CommendationCreate:
        if (self.unit_code is None) == (self.staff_code is None):
            raise ValueError("ghi một đơn vị hoặc một mã cán bộ / give unit_code or staff_code, not both")
        return self


class CommendationRead(BaseModel):
    commendation_id: uuid.UUID
    ward: str
    kind: str
    kind_vi: str
    kind_en: str
    unit_code: str | None
    staff_code: str | None
    reason: str
    document_code: str
    decided_at: Timestamp
    recorded_at: Timestamp
    recorded_by: str


@router.post(
    "/surveys",
    status_code=201,
    response_model=SurveyRead,
    summary="Ghi nhận khảo sát, đánh giá tình hình / Record a survey or assessment",
)
async def record_survey(
    body: SurveyCreate, uow: Uow, d: DepsDep, principal: SurveyWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = evaluation.RecordSurvey(**{**body.model_dump(), "attachment_hashes": tuple(body.attachment_hashes)})
    stored, replayed = await evaluation.record_survey(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get("/surveys", response_model=Items[SurveyRead], summary="Khảo sát, đánh giá / Surveys")
async def list_surveys(uow: Uow, d: DepsDep, principal: SurveyReader) -> Any:
    return {"items": await evaluation.list_surveys(uow, d, principal)}


@router.post(
    "/commendations",
    status_code=201,
    response_model=CommendationRead,
    summary="Khen thưởng hoặc xem xét trách nhiệm / Record a commendation or an accountability decision",
)
async def record_commendation(
    body: CommendationCreate,
    uow: Uow,
    d: DepsDep,
    principal: CommendationWriter,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    cmd = evaluation.RecordCommendation(**body.model_dump())
    stored, replayed = await evaluation.record_commendation(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get(
    "/commendations",
    response_model=Items[CommendationRead],
    summary="Khen thưởng, trách nhiệm / Commendations",
)
async def list_commendations(uow: Uow, d: DepsDep, principal: CommendationReader) -> Any:
    return {"items": await evaluation.list_commendations(uow, d, principal)}
