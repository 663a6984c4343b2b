"""Campaigns and schedules under /v1/campaigns, hotspots under /v1/hotspots."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from services.inspection.api.deps import DepsDep, Uow
from services.inspection.api.permissions import PERMISSIONS
from services.inspection.api.schemas import InspectionRead, TeamBody, TeamRead
from services.inspection.domain.kinds import InspectionKind
from services.inspection.handlers import campaigns, hotspots
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey
from shared.schemas import StrictModel

campaign_router = APIRouter(prefix="/v1/campaigns", tags=["campaigns"])
hotspot_router = APIRouter(prefix="/v1/hotspots", tags=["hotspots"])
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "inspections:read"))]
Planner = Annotated[Principal, Depends(requires(PERMISSIONS, "inspections:plan"))]
HotspotReader = Annotated[Principal, Depends(requires(PERMISSIONS, "hotspots:read"))]
Decider = Annotated[Principal, Depends(requires(PERMISSIONS, "hotspots:decide"))]
Days = Annotated[list[dt.date], Field(max_length=366)]


class CampaignCreate(StrictModel):
    kind: Literal[InspectionKind.PLANNED, InspectionKind.THEMATIC] = Field(
        description="planned: kế hoạch năm / the yearly plan; thematic: đợt chuyên đề / a campaign"
    )
    name: Annotated[
        str, Field(min_length=3, max_length=200, description="VD: Đợt kiểm tra dịp Tết Nguyên đán")
    ]
    starts_on: dt.date
    ends_on: dt.date
    team: TeamBody


class CampaignRead(BaseModel):
    id: uuid.UUID
    kind: InspectionKind
    name: str
    starts_on: dt.date
    ends_on: dt.date
    team: TeamRead


class ProposalBody(StrictModel):
    capacity: Annotated[int, Field(ge=1, le=200, description="Số cơ sở kiểm tra mỗi ngày / visits per day")]
    days_off: Days = Field(default_factory=list, description="Ngày nghỉ thêm của phường / extra days off")
    working_days: Days = Field(
        default_factory=list, description="Ngày cuối tuần làm bù / weekend days worked"
    )


class ProposedVisit(BaseModel):
    day: dt.date
    establishment_id: uuid.UUID
    reason: str
    early: bool
    why_vi: str
    why_en: str


class LeftOutVisit(BaseModel):
    establishment_id: uuid.UUID
    reason: str
    why_vi: str
    why_en: str


class Proposal(BaseModel):
    campaign_id: uuid.UUID
    first: dt.date
    last: dt.date
    capacity: int
    days_off: list[dt.date]
    visits: list[ProposedVisit]
    left_out: list[LeftOutVisit]
    unclassified: list[uuid.UUID] = Field(description="Cơ sở chưa rà soát, phân loại / not classified yet")


class Visit(StrictModel):
    establishment_id: uuid.UUID
    day: dt.date


class ScheduleBody(StrictModel):
    visits: Annotated[list[Visit], Field(min_length=1, max_length=500)]


class Scheduled(BaseModel):
    campaign_id: uuid.UUID
    inspections: list[InspectionRead]


@campaign_router.post(
    "", status_code=201, response_model=CampaignRead, summary="Lập kế hoạch, đợt / Create a plan or campaign"
)
async def create_campaign(
    body: CampaignCreate, uow: Uow, principal: Planner, idempotency_key: IdempotencyKey = None
) -> Any:
    stored, replayed = await campaigns.create(
        uow,
        principal,
        kind=body.kind,
        name=body.name.strip(),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        team=body.team.team(),
        idempotency_key=idempotency_key,
    )
    return stored.response(replayed)


@campaign_router.get(
    "", response_model=list[CampaignRead], summary="Kế hoạch và các đợt / Plans and campaigns"
)
async def list_campaigns(uow: Uow, principal: Reader) -> Any:
    return await campaigns.listed(uow, principal)


@campaign_router.post(
    "/{campaign_id}/schedule-proposal",
    response_model=Proposal,
    summary="Đề xuất lịch kiểm tra theo rủi ro (không lưu) / Propose a risk-based schedule (not stored)",
)
async def propose(
    campaign_id: uuid.UUID, body: ProposalBody, uow: Uow, d: DepsDep, principal: Planner
) -> Any:
    return await campaigns.proposal(
        uow,
        d,
        campaign_id,
        principal,
        capacity=body.capacity,
        extra_days_off=set(body.days_off),
        working_days=set(body.working_days),
    )


@campaign_router.post(
    "/{campaign_id}/schedule",
    status_code=201,
    response_model=Scheduled,
    summary="Duyệt lịch (đã chỉnh) thành các cuộc kiểm tra / Approve the (edited) schedule as inspections",
)
async def approve(
    campaign_id: uuid.UUID,
    body: ScheduleBody,
    *,
    uow: Uow,
    d: DepsDep,
    principal: Planner,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    visits = [(v.establishment_id, v.day) for v in body.visits]
    stored, replayed = await campaigns.approve(
        uow, d, campaign_id, principal, visits, idempotency_key=idempotency_key
    )
    return stored.response(replayed)


class PlaceRead(BaseModel):
    kind: str
    kind_vi: str
    code: str
    residential_group: str
    establishment_id: str | None


class EvidenceRead(BaseModel):
    kind: str
    id: str
    on: dt.date
    violation: str | None
    inspection_id: str | None


class HotspotRead(BaseModel):
    id: uuid.UUID
    place: PlaceRead
    trigger: str
    status: str
    formation: str | None
    evidence: list[EvidenceRead]
    suggested_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str | None
    dismissal_reason: str | None
    cleared_at: dt.datetime | None
    clearing_reason: str | None
    window_days: int


class DecisionBody(StrictModel):
    reason: Annotated[str, Field(max_length=2000)] = ""


@hotspot_router.get(
    "", response_model=list[HotspotRead], summary="Tụ điểm và đề xuất / Hotspots and suggestions"
)
async def list_hotspots(
    uow: Uow,
    principal: HotspotReader,
    status: Annotated[Literal["suggested", "confirmed", "dismissed", "cleared"] | None, Query()] = None,
) -> Any:
    return await hotspots.listed(uow, principal, status)


@hotspot_router.post(
    "/detection",
    response_model=list[HotspotRead],
    summary="Rà soát tín hiệu, đề xuất tụ điểm mới / Run detection now: the new suggestions",
)
async def detect(uow: Uow, d: DepsDep, principal: Decider) -> Any:
    return await hotspots.detect(uow, d, principal.ward)


@hotspot_router.post(
    "/{hotspot_id}/confirm", response_model=HotspotRead, summary="Xác nhận tụ điểm / Confirm"
)
async def confirm(hotspot_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Decider) -> Any:
    return await hotspots.decide(uow, d, hotspot_id, principal, "confirm")


@hotspot_router.post(
    "/{hotspot_id}/dismiss", response_model=HotspotRead, summary="Bác đề xuất (nêu lý do) / Dismiss"
)
async def dismiss(hotspot_id: uuid.UUID, body: DecisionBody, uow: Uow, d: DepsDep, principal: Decider) -> Any:
    return await hotspots.decide(uow, d, hotspot_id, principal, "dismiss", reason=body.reason)


@hotspot_router.post(
    "/{hotspot_id}/clear",
    response_model=HotspotRead,
    summary="Xóa tụ điểm sau thời gian yên ổn / Clear (with a reason)",
)
async def clear(hotspot_id: uuid.UUID, body: DecisionBody, uow: Uow, d: DepsDep, principal: Decider) -> Any:
    return await hotspots.decide(uow, d, hotspot_id, principal, "clear", reason=body.reason)
