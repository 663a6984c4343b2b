"""The register under /v1/establishments: parse, authorize, call one use case."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from services.inspection.api.deps import DepsDep, Uow
from services.inspection.api.permissions import PERMISSIONS
from services.inspection.api.schemas import (
    CloseBody,
    EstablishmentBody,
    EstablishmentCreate,
    EstablishmentPage,
    EstablishmentRead,
    ImportReport,
    ListQuery,
    Owner,
    PrivateFields,
    PrivateRead,
    ReviewBody,
    ReviewRead,
    StepBody,
)
from services.inspection.domain.establishment import InvalidEstablishment
from services.inspection.handlers import establishments as use
from services.inspection.handlers import register as files
from services.inspection.handlers import reviews
from services.inspection.handlers.register import UnreadableFile
from services.inspection.handlers.register_export import template_csv, template_xlsx
from services.inspection.handlers.register_format import MAX_FILE_BYTES
from shared.auth import Principal, requires
from shared.errors import Problem
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/establishments", tags=["establishments"])
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "register:read"))]
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "register:write"))]
PrivateReader = Annotated[Principal, Depends(requires(PERMISSIONS, "register:read_private"))]
Reviewer = Annotated[Principal, Depends(requires(PERMISSIONS, "register:review"))]
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NDJSON = "application/x-ndjson"  # with Accept: the import's progress, line by line
UPLOAD = {
    "requestBody": {
        "required": True,
        "description": "Tệp XLSX hoặc CSV (UTF-8) theo mẫu, tối đa 10 MB / the filled-in template",
        "content": {
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}
UPLOAD_TYPES = frozenset({XLSX, "text/csv", "application/octet-stream"})


class UnsupportedFile(Problem):
    status, type_slug, title = 415, "unsupported-file", "Loại tệp không hỗ trợ / Unsupported file type"


Importer = Annotated[Principal, Depends(requires(PERMISSIONS, "register:import"))]
Exporter = Annotated[Principal, Depends(requires(PERMISSIONS, "register:export"))]


@router.post(
    "/import",
    response_model=ImportReport,
    summary="Nhập sổ từ tệp (chạy thử trước) / Import the register from a file (dry run first)",
    description=(
        "Với `Accept: application/x-ndjson`, tiến độ được gửi từng dòng JSON rồi đến báo cáo. / "
        "With `Accept: application/x-ndjson` the progress streams as JSON lines, then the report."
    ),
    responses={200: {"content": {NDJSON: {"schema": {"type": "string"}}}}},
    openapi_extra=UPLOAD,
)
async def import_file(
    request: Request,
    uow: Uow,
    d: DepsDep,
    principal: Importer,
    *,
    dry_run: Annotated[
        bool, Query(description="Chỉ kiểm tra, không ghi / check only, change nothing")
    ] = True,
    filename: Annotated[str, Query(max_length=200)] = "",
) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in UPLOAD_TYPES:
        raise UnsupportedFile(
            "Gửi tệp XLSX hoặc CSV (Content-Type: text/csv hoặc XLSX). / "
            f"Send an XLSX or CSV file (Content-Type {kind or 'missing'} is not one of them)."
        )
    declared = int(request.headers.get("content-length") or 0)
    if declared > MAX_FILE_BYTES:
        raise InvalidEstablishment("file", "Tệp lớn hơn 10 MB", "The file is larger than 10 MB")
    data = await request.body()
    if not data:
        raise InvalidEstablishment("file", "Chưa gửi tệp", "No file was sent")

    def run(progress: Callable[[str, int], None] | None = None) -> Awaitable[dict[str, Any]]:
        return files.import_register(
            uow,
            d,
            principal,
            data,
            filename=filename,
            content_type=kind,
            dry_run=dry_run,
            on_progress=progress,
        )

    if NDJSON in request.headers.get("accept", ""):
        return StreamingResponse(progress_lines(run), media_type=NDJSON)
    return await run()


async def progress_lines(
    run: Callable[[Callable[[str, int], None]], Awaitable[dict[str, Any]]],
) -> AsyncIterator[str]:
    """A large file's progress, one JSON line per thousand rows read, checked or written, then
    ``{"report": ...}`` (or ``{"problem": ...}`` when the file cannot be used)."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def progress(stage: str, count: int) -> None:  # called from the parsing thread too
        loop.call_soon_threadsafe(lines.put_nowait, {"stage": stage, "rows": count})

    task = asyncio.ensure_future(run(progress))
    while not task.done() or not lines.empty():
        line = asyncio.ensure_future(lines.get())
        await asyncio.wait({line, task}, return_when=asyncio.FIRST_COMPLETED)
        if line.done():
            yield json.dumps(line.result()) + "\n"
        else:
            line.cancel()
        await asyncio.sleep(0)  # let a last call_soon_threadsafe land before the queue is read empty
    try:
        yield json.dumps({"report": task.result()}, ensure_ascii=False) + "\n"
    except UnreadableFile as exc:
        yield (
            json.dumps({"problem": {"type": "unreadable-file", "detail": str(exc), "issues": exc.issues}})
            + "\n"
        )


@router.get(
    "/import-template.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
    summary="Tải tệp mẫu để nhập sổ / Download the import template (XLSX)",
)
async def template(_: Importer) -> Response:
    return Response(
        template_xlsx(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="mau-so-theo-doi.xlsx"'},
    )


@router.get(
    "/import-template.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    summary="Tải tệp mẫu CSV / Download the import template (CSV, UTF-8)",
)
async def template_as_csv(_: Importer) -> Response:
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="mau-so-theo-doi.csv"'},
    )


@router.get(
    "/export.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
    summary="Xuất sổ (không có thông tin cá nhân) / Export the register as XLSX (no personal data)",
)
async def export_xlsx(q: Filters, uow: Uow, d: DepsDep, principal: Exporter) -> Response:
    name, data = await files.export_xlsx(uow, d, principal, q.to_filter())
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(
    "/export.geojson",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
    summary="Bản đồ cơ sở (GeoJSON, cho GIS của thành phố) / Premises with coordinates as GeoJSON",
)
async def export_geojson(q: Filters, uow: Uow, d: DepsDep, principal: Exporter) -> Response:
    features = await files.export_geojson(uow, d, principal, q.to_filter())
    return Response(json.dumps(features, ensure_ascii=False), media_type="application/geo+json")


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


@router.post(
    "/{establishment_id}/reviews",
    status_code=201,
    response_model=ReviewRead,
    summary="Rà soát, phân loại rủi ro / Review and classify (the score's components are shown)",
)
async def review(
    establishment_id: uuid.UUID,
    body: ReviewBody,
    *,
    uow: Uow,
    d: DepsDep,
    p: Reviewer,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    stored, replayed = await reviews.review(
        uow, d, establishment_id, p, body.reviewed_on, idempotency_key=idempotency_key
    )
    return stored.response(replayed)


@router.get(
    "/{establishment_id}/reviews",
    response_model=list[ReviewRead],
    summary="Các lần rà soát / Reviews, oldest first",
)
async def list_reviews(establishment_id: uuid.UUID, uow: Uow, principal: Reader) -> Any:
    return await reviews.reviews_of(uow, establishment_id, principal)
