"""The register under /v1/establishments: parse, authorize, call one use case."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.inspection.api.deps import DepsDep, Uow
from services.inspection.api.permissions import PERMISSIONS
from services.inspection.api.schemas import (
    CloseBody,
    EstablishmentBody,
    EstablishmentCreate,
    EstablishmentPage,
    EstablishmentRead,
    ListQuery,
    Owner,
    PrivateFields,
    PrivateRead,
    StepBody,
)
from services.inspection.handlers import establishments as use
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/establishments", tags=["establishments"])
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "register:read"))]
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "register:write"))]
PrivateReader = Annotated[Principal, Depends(requires(PERMISSIONS, "register:read_private"))]
Filters = Annotated[ListQuery, Query()]


@router.post("", status_code=201, response_model=EstablishmentRead, summary="Đưa cơ sở vào sổ / Register")
async def register(
    body: EstablishmentCreate, uow: Uow, d: DepsDep, principal: Writer, idempotency_key: IdempotencyKey = None
) -> Any:
    private = body.owner.fields() if body.owner else {}
    stored, replayed = await use.register(
        uow, d, body.details(), private, principal, idempotency_key=idempotency_key
    )
    return stored.response(replayed)


@router.get(
    "", response_model=EstablishmentPage, summary="Sổ theo dõi cơ sở / The register (filtered, paginated)"
)
async def list_establishments(q: Filters, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.page(uow, d, principal, q.to_filter(), page=q.page, size=q.page_size)


@router.get(
    "/{establishment_id}", response_model=EstablishmentRead, summary="Xem cơ sở / Read an establishment"
)
async def read(establishment_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.get(uow, d, establishment_id, principal)


@router.put(
    "/{establishment_id}", response_model=EstablishmentRead, summary="Sửa thông tin / Correct the details"
)
async def correct(
    establishment_id: uuid.UUID, body: EstablishmentBody, uow: Uow, d: DepsDep, p: Writer
) -> Any:
    return await use.update(uow, d, establishment_id, body.details(), p)


@router.post(
    "/{establishment_id}/owner",
    response_model=PrivateFields,
    summary="Thông tin chủ cơ sở (có ghi nhật ký, cần lý do) / Owner's details (audited, with a reason)",
)
async def read_owner(
    establishment_id: uuid.UUID, body: PrivateRead, uow: Uow, principal: PrivateReader
) -> Any:
    return await use.read_private(uow, establishment_id, principal, body.reason)


@router.put(
    "/{establishment_id}/owner", status_code=204, summary="Cập nhật chủ cơ sở / Replace the owner's details"
)
async def write_owner(establishment_id: uuid.UUID, body: Owner, uow: Uow, principal: PrivateReader) -> None:
    await use.set_private(uow, establishment_id, principal, body.fields())


@router.post(
    "/{establishment_id}/activate", response_model=EstablishmentRead, summary="Đang hoạt động / Activate"
)
async def activate(establishment_id: uuid.UUID, body: StepBody, uow: Uow, d: DepsDep, p: Writer) -> Any:
    return await use.step(uow, d, establishment_id, p, "activate", reason=body.reason)


@router.post("/{establishment_id}/suspend", response_model=EstablishmentRead, summary="Tạm ngừng / Suspend")
async def suspend(establishment_id: uuid.UUID, body: StepBody, uow: Uow, d: DepsDep, p: Writer) -> Any:
    return await use.step(uow, d, establishment_id, p, "suspend", reason=body.reason)


@router.post(
    "/{establishment_id}/close", response_model=EstablishmentRead, summary="Đóng / Close (with a reason)"
)
async def close(establishment_id: uuid.UUID, body: CloseBody, uow: Uow, d: DepsDep, p: Writer) -> Any:
    return await use.step(uow, d, establishment_id, p, "close", closure_reason=body.reason)


@router.post(
    "/{establishment_id}/reopen", response_model=EstablishmentRead, summary="Hoạt động lại / Re-open"
)
async def reopen(establishment_id: uuid.UUID, body: StepBody, uow: Uow, d: DepsDep, p: Writer) -> Any:
    return await use.step(uow, d, establishment_id, p, "reopen", reason=body.reason)
