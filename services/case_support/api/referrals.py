"""Referrals (/v1/cases/{id}/referrals, /v1/referrals), the providers directory (/v1/providers) and
the tips routed to case support (/v1/enrolment-requests)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from services.case_support.api.deps import DepsDep, Uow
from services.case_support.api.permissions import PERMISSIONS
from services.case_support.api.schemas import (
    CasePage,
    ProviderBody,
    ProviderRead,
    ReferralBody,
    ReferralRead,
    ReferralStepBody,
)
from services.case_support.handlers import referrals as use
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(tags=["referrals"])
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:write"))]
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:read"))]
Manager = Annotated[Principal, Depends(requires(PERMISSIONS, "cases:manage"))]
DirectoryReader = Annotated[Principal, Depends(requires(PERMISSIONS, "providers:read"))]
DirectoryWriter = Annotated[Principal, Depends(requires(PERMISSIONS, "providers:write"))]


@router.post(
    "/v1/cases/{case_id}/referrals", status_code=201, response_model=ReferralRead,
    summary="Chuyển gửi thân chủ / Refer the client to a provider",
)  # fmt: skip
async def refer(
    case_id: uuid.UUID,
    body: ReferralBody,
    *,
    uow: Uow,
    d: DepsDep,
    principal: Writer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    stored, replayed = await use.make(
        uow, d, principal, case_id, kind=body.service_kind, provider_id=body.provider_id,
        shares_details=body.shares_details, idempotency_key=idempotency_key,
    )  # fmt: skip
    return stored.response(replayed)


@router.get(
    "/v1/cases/{case_id}/referrals", response_model=list[ReferralRead],
    summary="Các chuyển gửi của hồ sơ / A case's referrals",
)  # fmt: skip
async def referrals_of(case_id: uuid.UUID, uow: Uow, principal: Reader) -> Any:
    return await use.of_case(uow, principal, case_id)


@router.get("/v1/referrals/follow-ups", summary="Chuyển gửi cần theo dõi / Referrals due for follow-up")
async def follow_ups(uow: Uow, d: DepsDep, principal: Manager) -> list[dict[str, str]]:
    return await use.due(uow, d, principal)


def _step_route(path: str, action: str, summary: str) -> None:
    async def referral_step(
        referral_id: uuid.UUID, body: ReferralStepBody, *, uow: Uow, d: DepsDep, principal: Writer
    ) -> Any:
        return await use.step(uow, d, principal, referral_id, action=action, outcome=body.outcome)

    referral_step.__name__ = f"referral_{action}"
    router.post(f"/v1/referrals/{{referral_id}}/{path}", response_model=ReferralRead, summary=summary)(
        referral_step
    )


_step_route("accept", "accept", "Đơn vị tiếp nhận chuyển gửi / The provider accepts the referral")
_step_route("decline", "decline", "Chuyển gửi bị từ chối / The referral is declined")
_step_route("complete", "complete", "Chuyển gửi hoàn thành / The service was provided")
_step_route(
    "not-completed", "not_complete", "Chuyển gửi không hoàn thành / Not completed (lost to follow-up, ...)"
)
_step_route("cancel", "cancel", "Hủy chuyển gửi lập nhầm / Cancel a referral made in error")


@router.get("/v1/providers", response_model=list[ProviderRead], summary="Danh bạ đơn vị / Providers")
async def providers(uow: Uow, _principal: DirectoryReader, active_only: bool = False) -> Any:
    return await use.providers(uow, active_only=active_only)


@router.get("/v1/providers/{provider_id}", response_model=ProviderRead, summary="Đơn vị / A provider")
async def provider(provider_id: str, uow: Uow, _principal: DirectoryReader) -> Any:
    return await use.provider(uow, provider_id)


@router.put(
    "/v1/providers/{provider_id}", response_model=ProviderRead,
    summary="Thêm hoặc sửa đơn vị / Create or replace a provider",
)  # fmt: skip
async def put_provider(
    provider_id: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")],
    body: ProviderBody, uow: Uow, _principal: DirectoryWriter, response: Response,
) -> Any:  # fmt: skip
    view, created = await use.put_provider(
        uow, provider_id, name=body.name, kind=body.kind, offers=body.offers, active=body.active,
        address=body.address, phone=body.phone,
    )  # fmt: skip
    response.status_code = 201 if created else 200
    return view


@router.get(
    "/v1/enrolment-requests", response_model=CasePage,
    summary="Tin báo chuyển đến cần tiếp nhận / Tips routed to case support awaiting enrolment",
)  # fmt: skip
async def requests(
    uow: Uow,
    _principal: Manager,
    status: Literal["open", "enrolled"] | None = "open",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Any:
    return await use.requests(uow, status=status, page=page, size=page_size)
