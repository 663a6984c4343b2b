"""Intake HTTP API (v1)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from services.intake import handlers
from services.intake.domain import Channel, TipKind
from shared.app import RuntimeDep
from shared.auth import Grant, PermissionTable, Principal, requires
from shared.errors import NotFound

PERMISSIONS: PermissionTable = {
    "tips:create": (Grant("ca", "*"), Grant("vhxh", "*"), Grant("tdp", "*"), Grant("mttq", "*")),
    "tips:read": (Grant("ca", "*"), Grant("vhxh", "*")),
}

router = APIRouter(prefix="/v1/tips", tags=["tips"])
Creator = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:create"))]
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:read"))]


class TipCreate(BaseModel):
    kind: TipKind
    channel: Channel
    residential_group: str = Field(
        pattern=r"^[a-z0-9-]{1,40}$", description="Mã tổ dân phố / residential group code"
    )


class TipRead(BaseModel):
    id: uuid.UUID
    ward: str
    kind: TipKind
    channel: Channel
    residential_group: str
    status: str
    received_at: str
    due_at: str


@router.post("", status_code=201, response_model=TipRead, summary="Tiếp nhận tin / Receive a tip")
async def create_tip(
    body: TipCreate,
    rt: RuntimeDep,
    principal: Creator,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Any:
    cmd = handlers.ReceiveTip(body.kind, body.channel, body.residential_group)
    stored, replayed = await handlers.receive(rt.uow(), cmd, principal, idempotency_key)
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(stored.body, status_code=stored.status_code, headers=headers)


@router.get("/{tip_id}", response_model=TipRead, summary="Xem tin / Read a tip")
async def read_tip(tip_id: uuid.UUID, rt: RuntimeDep, principal: Reader) -> Any:
    tip = await handlers.get_tip(rt.uow(), tip_id, principal)
    if tip is None:
        raise NotFound(f"no tip {tip_id} in ward {principal.ward}")
    return handlers.tip_view(tip)
