"""Cases under /v1/cases: enrolment, the audited record, consents, personal fields, assessments,
services received, closure and erasure, collaborators, counts for leaders."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from services.case_support.api.deps import DepsDep, Uow
from services.case_support.api.permissions import PERMISSIONS
from services.case_support.api.schemas import (
    AssessmentBody,
    AssignBody,
    AssignmentRead,
    CasePage,
    CaseRead,
    CloseBody,
    ConsentBody,
    Counts,
    EnrolBody,
    PersonalBody,
    PersonalRead,
    ServiceBody,
)
from services.case_support.domain.records import Personal
from services.case_support.handlers import cases as use
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/cases", tags=["cases"])
Enroller = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:enrol"))]
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:read"))]
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:write"))]
PersonalReader = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:read_personal"))]
Manager = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:manage"))]
Counter = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:count"))]
Glass = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:break_glass"))]
Reason = Annotated[str | None, Query(max_length=500, description="Lý do / why (kept in the audit)")]


@router.post("", status_code=201, response_model=CaseRead, summary="Tiếp nhận thân chủ / Enrol a client")
async def enrol(
    body: EnrolBody, uow: Uow, d: DepsDep, principal: Enroller, idempotency_key: IdempotencyKey = None
) -> Any:
    stored, replayed = await use.enrol(
        uow, d, principal, facts=body.facts.facts(), source=body.source, method=body.consent_method,
        purposes=body.consents, source_tip_id=body.source_tip_id, idempotency_key=idempotency_key,
    )  # fmt: skip
    return stored.response(replayed)


@router.get("", response_model=CasePage, summary="Danh sách thân chủ / List clients (codes only)")
async def list_cases(
    uow: Uow,
    principal: Reader,
    status: Literal["open", "closed"] | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    return await use.page(uow, principal, status=status, page=page, size=page_size)


@router.get("/counts", response_model=Counts, summary="Số hồ sơ / How many cases (no person)")
async def counts(uow: Uow, d: DepsDep, _principal: Counter) -> Any:
    return await use.counts(uow, d)


@router.get("/{case_id}", response_model=CaseRead, summary="Xem hồ sơ (ghi nhật ký) / Read a case (audited)")
async def read(case_id: uuid.UUID, uow: Uow, principal: Reader, reason: Reason = None) -> Any:
    return await use.read(uow, principal, case_id, reason)


@router.get(
    "/{case_id}/break-glass",
    response_model=CaseRead,
    summary="Mở hồ sơ ngoài phạm vi, có lý do (đánh dấu) / Break the glass: open a record with a reason",
)
async def break_glass(case_id: uuid.UUID, uow: Uow, principal: Glass, reason: Reason = None) -> Any:
    return await use.break_glass(uow, principal, case_id, reason)


@router.post("/{case_id}/consents", response_model=CaseRead, summary="Ghi nhận đồng ý / Record a consent")
async def grant(case_id: uuid.UUID, body: ConsentBody, uow: Uow, d: DepsDep, principal: Writer) -> Any:
    return await use.grant_consent(
        uow, d, principal, case_id, purpose=body.purpose, method=body.method, provider_id=body.provider_id
    )


@router.post(
    "/{case_id}/consents/withdraw", response_model=CaseRead, summary="Rút đồng ý / Withdraw a consent"
)
async def withdraw(case_id: uuid.UUID, body: ConsentBody, uow: Uow, d: DepsDep, principal: Writer) -> Any:
    return await use.withdraw_consent(
        uow, d, principal, case_id, purpose=body.purpose, method=body.method, provider_id=body.provider_id
    )


@router.put(
    "/{case_id}/personal", response_model=CaseRead, summary="Ghi thông tin cá nhân / Set personal fields"
)
async def set_personal(
    case_id: uuid.UUID, body: PersonalBody, uow: Uow, d: DepsDep, principal: Writer
) -> Any:
    personal = Personal(body.name, body.phone, body.contact)
    return await use.set_personal(uow, d, principal, case_id, personal)


@router.get(
    "/{case_id}/personal",
    response_model=PersonalRead,
    summary="Xem thông tin cá nhân (cần lý do) / Read personal fields (reason required, audited)",
)
async def read_personal(
    case_id: uuid.UUID, uow: Uow, principal: PersonalReader, reason: Reason = None
) -> Any:
    return await use.read_personal(uow, principal, case_id, reason)


@router.post("/{case_id}/assessments", response_model=CaseRead, summary="Đánh giá nhu cầu / Assess needs")
async def assess(
    case_id: uuid.UUID, body: AssessmentBody, *, uow: Uow, d: DepsDep, principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Any:  # fmt: skip
    stored, replayed = await use.assess_needs(
        uow, d, principal, case_id, needs=body.needs, circumstances=body.circumstances(),
        idempotency_key=idempotency_key,
    )  # fmt: skip
    return stored.response(replayed)


@router.post(
    "/{case_id}/services", response_model=CaseRead, summary="Ghi nhận dịch vụ đã nhận / Record a service"
)
async def record_service(
    case_id: uuid.UUID, body: ServiceBody, *, uow: Uow, d: DepsDep, principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Any:  # fmt: skip
    stored, replayed = await use.record_service(
        uow, d, principal, case_id, kind=body.service_kind, received_on=body.received_on,
        provider_id=body.provider_id, source=body.source, referral_id=body.referral_id,
        idempotency_key=idempotency_key,
    )  # fmt: skip
    return stored.response(replayed)


@router.post("/{case_id}/close", response_model=CaseRead, summary="Đóng hồ sơ / Close a case")
async def close(case_id: uuid.UUID, body: CloseBody, uow: Uow, d: DepsDep, principal: Manager) -> Any:
    return await use.close(uow, d, principal, case_id, body.reason)


@router.post("/{case_id}/reopen", response_model=CaseRead, summary="Mở lại hồ sơ / Reopen a case")
async def reopen(case_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Manager) -> Any:
    return await use.reopen(uow, d, principal, case_id)


@router.post(
    "/{case_id}/erase",
    response_model=CaseRead,
    summary="Xóa thông tin định danh theo yêu cầu / Erase identifying data at the client's request",
)
async def erase(case_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Manager) -> Any:
    return await use.erase(uow, d, principal, case_id)


CollaboratorId = Annotated[
    str,
    Path(min_length=3, max_length=200, pattern=r"^[a-z]+:\S+$", description="unit:user, e.g. mttq:peer-2"),
]


@router.get(
    "/{case_id}/collaborators",
    response_model=list[AssignmentRead],
    summary="Cộng tác viên làm việc với thân chủ / The client's collaborators (current and ended)",
)
async def assignments(case_id: uuid.UUID, uow: Uow, principal: Manager) -> Any:
    return await use.assignments(uow, principal, case_id)


@router.delete(
    "/{case_id}/collaborators/{collaborator_id}",
    response_model=AssignmentRead,
    summary="Kết thúc phân công cộng tác viên / End a collaborator's assignment (kept in the history)",
)
async def end_assignment(
    case_id: uuid.UUID, collaborator_id: CollaboratorId, uow: Uow, d: DepsDep, principal: Manager
) -> Any:
    return await use.end_assignment(uow, d, principal, case_id, collaborator_id)


@router.post("/{case_id}/collaborators", summary="Giao cộng tác viên / Assign a collaborator to the client")
async def assign(
    case_id: uuid.UUID, body: AssignBody, uow: Uow, d: DepsDep, principal: Manager
) -> dict[str, str]:
    return await use.assign(uow, d, principal, case_id, body.collaborator)
