"""Snapshots: prepare (vhxh), approve and publish (ubnd), read, export."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import Field

from services.reporting.api.common import (
    Approver,
    Body,
    DepsDep,
    Exporter,
    InvalidPeriod,
    Preparer,
    Reader,
    ScopeCode,
)
from services.reporting.domain.periods import VN, BadPeriod, parse
from services.reporting.domain.snapshot import SnapshotContent, suppress
from services.reporting.handlers import snapshots
from services.reporting.handlers.exports import ExportMeta, to_csv, to_docx, to_xlsx
from shared.app import RuntimeDep

router = APIRouter(prefix="/v1/snapshots", tags=["snapshots"])
SnapshotId = Annotated[uuid.UUID, Path(description="Mã bản chốt số liệu / Snapshot id")]


class SnapshotCreate(Body):
    scope: str = Field(pattern=r"^[a-z0-9_]{2,32}$", description="Phường hoặc thành phố / Ward or city code")
    period: str = Field(max_length=16, description="2026-03, 2026-Q1, 2026 or 2026-2030")


@router.post("", status_code=201, summary="Lập bản chốt số liệu / Prepare a snapshot")
async def prepare(body: SnapshotCreate, rt: RuntimeDep, deps: DepsDep, principal: Preparer) -> dict[str, Any]:
    try:
        period = parse(body.period)
    except BadPeriod as exc:
        raise InvalidPeriod(str(exc)) from exc
    return await snapshots.prepare(rt.uow(), deps, principal, body.scope, period)


@router.get("", summary="Danh sách bản chốt / Snapshots of an org unit")
async def list_snapshots(
    rt: RuntimeDep,
    principal: Reader,
    scope: ScopeCode,
    period: Annotated[str | None, Query(max_length=16)] = None,
) -> dict[str, Any]:
    return {"items": await snapshots.list_snapshots(rt.uow(), principal, scope, period)}


@router.get("/{snapshot_id}", summary="Một bản chốt / One snapshot")
async def get_snapshot(rt: RuntimeDep, principal: Reader, snapshot_id: SnapshotId) -> dict[str, Any]:
    row, _, _ = await snapshots.get_snapshot(rt.uow(), principal, snapshot_id)
    return snapshots.snapshot_view(row)


@router.post("/{snapshot_id}/approve", summary="Phê duyệt và công bố / Approve and publish to the city")
async def approve(
    rt: RuntimeDep, deps: DepsDep, principal: Approver, snapshot_id: SnapshotId
) -> dict[str, Any]:
    return await snapshots.approve(rt.uow(), deps, principal, snapshot_id)


MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WRITERS = {"xlsx": to_xlsx, "csv": to_csv, "docx": to_docx}


@router.get(
    "/{snapshot_id}/export.{fmt}",
    summary="Xuất XLSX, CSV hoặc báo cáo DOCX / Export as XLSX, CSV or a DOCX report to the city",
    response_class=Response,
)
async def export(
    rt: RuntimeDep,
    deps: DepsDep,
    *,
    principal: Exporter,
    snapshot_id: SnapshotId,
    fmt: Literal["xlsx", "csv", "docx"],
    audience: Annotated[
        Literal["ward", "city"], Query(description="ward: exact counts; city: small counts withheld")
    ] = "city",
    document_number: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    row, unit, parent = await snapshots.get_snapshot(rt.uow(), principal, snapshot_id)
    content = SnapshotContent.from_canonical(row.content)
    # The DOCX goes to the city, and city staff never see exact small counts.
    leaves_ward = audience == "city" or fmt == "docx" or principal.ward != row.scope
    if leaves_ward:
        content = suppress(content, deps.small_cell_threshold)
    meta = ExportMeta(
        snapshot_id=str(row.snapshot_id),
        content_hash=row.content_hash,
        status=row.status,
        scope_name_vi=unit.name_vi if unit else row.scope,
        scope_name_en=unit.name_en if unit else row.scope,
        parent_name_vi=parent.name_vi if parent else (unit.name_vi if unit else ""),
        prepared_by=row.prepared_by,
        prepared_at=row.computed_at,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        issued_on=dt.datetime.now(VN).date(),
        document_number=document_number,
        suppression_threshold=deps.small_cell_threshold,
    )
    name = f"pcmd-{row.scope}-{row.period_code}-{str(row.snapshot_id)[:8]}.{fmt}"
    return Response(
        WRITERS[fmt](content, meta),
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
