"""Snapshots: prepare (vhxh), approve and publish (ubnd), read, export."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import Field

from services.reporting.api.common import Approver, Body, DepsDep, Exporter, Preparer, Reader, ScopeCode, Uow
from services.reporting.api.schemas import Items, SnapshotRead
from services.reporting.domain.periods import parse
from services.reporting.handlers import snapshot_files, snapshots
from services.reporting.handlers.commands import (
    ApproveSnapshot,
    Audience,
    ExportFormat,
    ExportSnapshot,
    GetSnapshot,
    PrepareSnapshot,
    SnapshotsOf,
)
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/snapshots", tags=["snapshots"])
SnapshotId = Annotated[uuid.UUID, Path(description="Mã bản chốt số liệu / Snapshot id")]


class SnapshotCreate(Body):
    scope: str = Field(pattern=r"^[a-z0-9_]{2,32}$", description="Phường hoặc thành phố / Ward or city code")
    period: str = Field(max_length=16, description="2026-03, 2026-Q1, 2026 or 2026-2030")


@router.post(
    "", status_code=201, response_model=SnapshotRead, summary="Lập bản chốt số liệu / Prepare a snapshot"
)
async def prepare(
    body: SnapshotCreate, uow: Uow, d: DepsDep, principal: Preparer, idempotency_key: IdempotencyKey = None
) -> Any:
    cmd = PrepareSnapshot(body.scope, parse(body.period))
    stored, replayed = await snapshots.prepare_once(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get(
    "", response_model=Items[SnapshotRead], summary="Danh sách bản chốt số liệu / Snapshots of an org unit"
)
async def list_snapshots(
    uow: Uow,
    d: DepsDep,
    principal: Reader,
    scope: ScopeCode,
    period: Annotated[str | None, Query(max_length=16)] = None,
) -> Any:
    return {"items": await snapshots.list_snapshots(uow, d, SnapshotsOf(scope, period), principal)}


@router.get("/{snapshot_id}", response_model=SnapshotRead, summary="Một bản chốt số liệu / One snapshot")
async def get_snapshot(uow: Uow, d: DepsDep, principal: Reader, snapshot_id: SnapshotId) -> Any:
    return await snapshots.get_snapshot(uow, d, GetSnapshot(snapshot_id), principal)


@router.post(
    "/{snapshot_id}/approve",
    response_model=SnapshotRead,
    summary="Phê duyệt và công bố / Approve and publish to the city",
)
async def approve(uow: Uow, d: DepsDep, principal: Approver, snapshot_id: SnapshotId) -> Any:
    return await snapshots.approve(uow, d, ApproveSnapshot(snapshot_id), principal)


@router.get(
    "/{snapshot_id}/export.{fmt}",
    summary="Xuất XLSX, CSV hoặc báo cáo DOCX / Export as XLSX, CSV or a DOCX report to the city",
    response_class=Response,
    responses={200: {"content": {media.split(";")[0]: {} for media in snapshot_files.MEDIA.values()}}},
)
async def export(
    uow: Uow,
    d: DepsDep,
    *,
    principal: Exporter,
    snapshot_id: SnapshotId,
    fmt: ExportFormat,
    audience: Annotated[
        Audience,
        Query(
            description="ward: số liệu chính xác, chỉ cho cán bộ của chính phường / exact figures, for the "
            "ward's own staff only; city: số nhỏ đã ẩn / small counts of people withheld"
        ),
    ] = "city",
    document_number: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    cmd = ExportSnapshot(snapshot_id, fmt, audience, document_number)
    file = await snapshot_files.export_snapshot(uow, d, cmd, principal)
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.name}"', "Cache-Control": "no-store"},
    )
