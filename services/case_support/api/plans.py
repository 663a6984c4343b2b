"""A case's plan and follow-ups under /v1/cases/{id}/plan and /v1/cases/{id}/follow-ups."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from services.case_support.api.deps import DepsDep, Uow
from services.case_support.api.permissions import PERMISSIONS
from services.case_support.api.schemas import CaseRead, FollowUpBody, PlanBody
from services.case_support.handlers import plans as use
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/cases/{case_id}", tags=["cases"])
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:write"))]


@router.put("/plan", response_model=CaseRead, summary="Lập kế hoạch hỗ trợ / Set the case plan")
async def set_plan(case_id: uuid.UUID, body: PlanBody, uow: Uow, d: DepsDep, principal: Writer) -> Any:
    return await use.set_plan(
        uow, d, principal, case_id, goals=body.goals, review_on=body.review_on, note=body.note
    )


@router.post("/follow-ups", response_model=CaseRead, summary="Hẹn theo dõi / Schedule a follow-up")
async def schedule(
    case_id: uuid.UUID, body: FollowUpBody, *, uow: Uow, d: DepsDep, principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Any:  # fmt: skip
    stored, replayed = await use.schedule(
        uow, d, principal, case_id, due_on=body.due_on, note=body.note, idempotency_key=idempotency_key
    )
    return stored.response(replayed)


@router.post(
    "/follow-ups/{follow_up_id}/done", response_model=CaseRead, summary="Đã theo dõi / Follow-up done"
)
async def done(case_id: uuid.UUID, follow_up_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Writer) -> Any:
    return await use.done(uow, d, principal, case_id, follow_up_id)
