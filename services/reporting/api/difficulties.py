"""Difficulties and proposals of every unit (plan II.7 and IV.1): recorded by the unit, seen by the
Culture–Society Office and the ward's leadership, answered or carried to the city."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.reporting.api.common import Body, DepsDep, Uow
from services.reporting.api.permissions import PERMISSIONS
from services.reporting.api.programme import DocumentCode, PlanDate, RecordId, Title, UnitCode
from services.reporting.api.schemas import Items, Timestamp
from services.reporting.handlers import difficulties
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/difficulties", tags=["difficulties"])

Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "difficulties:read"))]
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "difficulties:write"))]
Responder = Annotated[Principal, Depends(requires(PERMISSIONS, "difficulties:respond"))]

# The domain's codes (``domain.difficulties``; a test holds them equal).
Kind = Literal["difficulty", "proposal"]
Area = Literal[
    "direction", "communication", "harm_reduction", "inspection", "tips", "online", "capacity", "budget",
    "legal", "data", "other",
]  # fmt: skip
Status = Literal["open", "addressed", "carried_to_city"]


class DifficultyCreate(Body):
    kind: Kind = Field(description="Khó khăn, vướng mắc / difficulty; đề xuất, kiến nghị / proposal")
    area: Area = Field(description="Lĩnh vực / Area of the plan")
    title: Title = Field(description="Tóm tắt / Summary")
    detail: str = Field(max_length=4000, description="Nội dung / What it is (stays in the ward)")
    raised_on: PlanDate = Field(description="Ngày nêu / Date raised")
    unit_code: UnitCode | None = Field(
        None, description="Đơn vị nêu (Phòng VH-XH ghi thay đơn vị khác) / The unit, if the office records it"
    )


class ResponseRead(BaseModel):
    status: str
    response: str
    document_code: str | None
    by: str
    at: Timestamp


class DifficultyRead(BaseModel):
    difficulty_id: uuid.UUID
    ward: str
    unit_code: str
    kind: str
    kind_vi: str
    kind_en: str
    area: str
    area_vi: str
    area_en: str
    title: str
    detail: str
    raised_at: Timestamp
    status: str = Field(description="open | addressed | carried_to_city")
    status_vi: str
    status_en: str
    responses: list[ResponseRead]
    recorded_at: Timestamp
    recorded_by: str


class DifficultyRespond(Body):
    status: Literal["addressed", "carried_to_city"] = Field(
        description="Đã giải quyết / addressed; đã kiến nghị lên thành phố / carried to the city"
    )
    response: str = Field(min_length=3, max_length=4000, description="Nội dung trả lời, xử lý / The response")
    document_code: DocumentCode | None = Field(None, description="Số văn bản trả lời / Document number")


@router.post(
    "",
    status_code=201,
    response_model=DifficultyRead,
    summary="Ghi nhận khó khăn, vướng mắc hoặc đề xuất / Record a difficulty or a proposal",
)
async def raise_difficulty(
    body: DifficultyCreate, uow: Uow, d: DepsDep, principal: Writer, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = difficulties.RaiseDifficulty(
        body.kind, body.area, body.title, body.detail, body.raised_on, body.unit_code
    )
    stored, replayed = await difficulties.raise_difficulty(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get(
    "",
    response_model=Items[DifficultyRead],
    summary="Khó khăn và đề xuất (đơn vị mình; Phòng VH-XH: mọi đơn vị) / Difficulties and proposals",
)
async def list_difficulties(
    uow: Uow,
    d: DepsDep,
    principal: Reader,
    *,
    status: Status | None = None,
    kind: Kind | None = None,
    unit_code: Annotated[str | None, Query(pattern=r"^[a-z]{2,8}$")] = None,
) -> Any:
    query = difficulties.DifficultiesOf(status, kind, unit_code)
    return {"items": await difficulties.list_difficulties(uow, d, query, principal)}


@router.post(
    "/{difficulty_id}/responses",
    response_model=DifficultyRead,
    summary="Trả lời hoặc kiến nghị lên thành phố / Answer it or carry it to the city",
)
async def respond(
    body: DifficultyRespond, uow: Uow, d: DepsDep, *, principal: Responder, difficulty_id: RecordId,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:  # fmt: skip
    cmd = difficulties.Respond(difficulty_id, body.status, body.response, body.document_code)
    stored, replayed = await difficulties.respond(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)
