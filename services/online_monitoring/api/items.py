"""Items under /v1/items: report (one, or a batch), list, read, the text excerpt (audited), the
classifier's proposal and the officer's classification, escalation and closure."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from services.online_monitoring.api.deps import DepsDep, Uow
from services.online_monitoring.api.permissions import PERMISSIONS
from services.online_monitoring.api.progress import progress_lines
from services.online_monitoring.api.schemas import (
    BatchReport,
    ClassifyBody,
    CloseBody,
    DuplicateBody,
    EscalateBody,
    ItemPage,
    ItemRead,
    ListQuery,
    ProposalRead,
    ReasonBody,
    ReportBody,
    TextRead,
)
from services.online_monitoring.domain.item import ReportSource
from services.online_monitoring.handlers import bulk, classification
from services.online_monitoring.handlers import items as use
from services.online_monitoring.handlers.bulk import UnreadableBatch
from shared.auth import Principal, requires
from shared.errors import TYPE_BASE, Problem
from shared.idempotency import IdempotencyKey, IdempotencyKeyReused, StoredResponse, validate_key

router = APIRouter(prefix="/v1/items", tags=["items"])
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "items:read"))]
Reporter = Annotated[Principal, Depends(requires(PERMISSIONS, "items:report"))]
Importer = Annotated[Principal, Depends(requires(PERMISSIONS, "items:import"))]
TextReader = Annotated[Principal, Depends(requires(PERMISSIONS, "items:read_text"))]
Classifier = Annotated[Principal, Depends(requires(PERMISSIONS, "items:classify"))]
Closer = Annotated[Principal, Depends(requires(PERMISSIONS, "items:close"))]
Escalator = Annotated[Principal, Depends(requires(PERMISSIONS, "takedowns:escalate"))]
Filters = Annotated[ListQuery, Query()]
NDJSON = "application/x-ndjson"
MAX_BATCH_BYTES = 16 * 1024 * 1024  # 10,000 lines of URL, codes and a short excerpt


@router.post(
    "",
    status_code=201,
    response_model=ItemRead,
    summary="Báo một nội dung trên mạng / Report online content (a second report joins the same item)",
)
async def report(
    body: ReportBody, uow: Uow, d: DepsDep, principal: Reporter, idempotency_key: IdempotencyKey = None
) -> Any:
    stored, replayed = await use.report(uow, d, body.command(), principal, idempotency_key=idempotency_key)
    return stored.response(replayed)


class UnsupportedBatch(Problem):
    status, type_slug, title = 415, "unsupported-batch", "Loại nội dung không hỗ trợ / Unsupported batch type"


class BatchTooLarge(Problem):
    status, type_slug, title = 413, "batch-too-large", "Lô quá lớn / The batch is too large"


@router.post(
    "/import",
    response_model=BatchReport,
    summary="Nhập một lô tin (chạy thử trước) / Report a batch (NDJSON or a JSON array; dry run first)",
    description=(
        "Tối đa 10.000 mục; mỗi dòng lỗi được báo kèm số dòng và lý do, các dòng đúng được nhận; không "
        "truy cập đường dẫn nào. Gửi lại cùng `Idempotency-Key` với cùng lô thì nhận lại báo cáo lần "
        "đầu và không ghi gì thêm. / Up to 10,000 entries; each broken line is reported with its number "
        "and why, the good ones are taken; no URL is fetched. With `Accept: application/x-ndjson` the "
        "progress streams as JSON lines, then the report.\n\n"
        "**Retries.** With `dry_run=false` and an `Idempotency-Key`, the batch is written once: the "
        "same key with the same bytes (and the same `source` and content type) answers the first "
        "report and writes nothing (as JSON with `Idempotent-Replayed: true`; as NDJSON, the stored "
        "report alone, without the progress lines, the `written` line included); the same key with "
        "another batch is refused (422, `idempotency-key-reused`); a retry arriving while the first is "
        "still running waits for it, then answers its report. A dry run neither uses nor claims the key."
    ),
    responses={200: {"content": {NDJSON: {"schema": {"type": "string"}}}}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                NDJSON: {"schema": {"type": "string"}},
                # any items: a line that is not a report object is reported back, not refused whole
                "application/json": {"schema": {"type": "array", "items": {}}},
            },
        }
    },
)
async def import_batch(
    request: Request,
    uow: Uow,
    d: DepsDep,
    principal: Importer,
    *,
    dry_run: Annotated[bool, Query(description="Chỉ kiểm tra / check only, change nothing")] = True,
    source: ReportSource = ReportSource.EXTERNAL_CRAWLER,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    if source is ReportSource.TIP:
        raise UnreadableBatch("Đơn báo được nhập từng tin. / Report a tip's content one by one.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in {NDJSON, "application/json"}:
        raise UnsupportedBatch(
            f"Gửi NDJSON hoặc mảng JSON. / Send NDJSON or a JSON array (not {kind or 'nothing'})."
        )
    if int(request.headers.get("content-length") or 0) > MAX_BATCH_BYTES:
        raise BatchTooLarge("Lô lớn hơn 16 MB. / The batch is larger than 16 MB.")
    data = await request.body()
    entries = bulk.parse(data, ndjson=kind == NDJSON, limit=d.bulk_max_items)
    key = None if dry_run or idempotency_key is None else validate_key(idempotency_key)
    fingerprint = bulk.batch_fingerprint(data, ndjson=kind == NDJSON, source=source)

    def run(on_progress: Callable[[str, int], None] | None = None) -> Awaitable[tuple[StoredResponse, bool]]:
        return bulk.import_batch_once(
            uow, d, principal, entries, dry_run=dry_run, default_source=source, on_progress=on_progress,
            idempotency_key=key, fingerprint=fingerprint,
        )  # fmt: skip

    if NDJSON in request.headers.get("accept", ""):

        async def report_only(on_progress: Callable[[str, int], None]) -> dict[str, Any]:
            stored, _ = await run(on_progress)
            return stored.body

        return StreamingResponse(problem_last(progress_lines(report_only)), media_type=NDJSON)
    stored, replayed = await run()
    return stored.response(replayed)


async def problem_last(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """The streamed lines, or after them ``{"problem": ...}`` when the batch was refused once the
    answer had started (its Idempotency-Key used for another batch), as the register import does."""
    try:
        async for line in lines:
            yield line
    except IdempotencyKeyReused as exc:
        problem = {"type": TYPE_BASE + exc.type_slug, "title": exc.title, "status": exc.status}
        yield json.dumps({"problem": {**problem, "detail": exc.detail}}, ensure_ascii=False) + "\n"


@router.get("", response_model=ItemPage, summary="Danh sách tin / Items (filtered, paginated)")
async def list_items(q: Filters, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.page(uow, d, principal, q.to_filter(), page=q.page, size=q.page_size)


@router.get("/{item_id}", response_model=ItemRead, summary="Xem tin / Read an item")
async def read(item_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.get(uow, d, item_id, principal)


@router.post(
    "/{item_id}/text",
    response_model=TextRead,
    summary="Trích nội dung (có ghi nhật ký, cần lý do) / The text excerpt (audited, with a reason)",
)
async def read_text(item_id: uuid.UUID, body: ReasonBody, uow: Uow, principal: TextReader) -> Any:
    return await use.read_text(uow, item_id, principal, body.reason)


@router.post(
    "/{item_id}/proposal",
    response_model=ProposalRead,
    summary="Đề xuất phân loại của máy (kèm lý do) / The classifier's proposal, with its reasons",
)
async def proposal(item_id: uuid.UUID, uow: Uow, principal: Classifier) -> Any:
    return await classification.propose(uow, item_id, principal)


@router.post(
    "/{item_id}/classification",
    response_model=ItemRead,
    summary="Cán bộ phân loại / The officer classifies (agreeing with the proposal or not)",
)
async def classify(
    item_id: uuid.UUID, body: ClassifyBody, uow: Uow, d: DepsDep, principal: Classifier
) -> Any:
    return await use.classify(uow, d, item_id, body.command(), principal)


@router.post(
    "/{item_id}/escalation",
    response_model=ItemRead,
    summary="Chuyển cơ quan có thẩm quyền / Escalate beyond the ward (leaders)",
)
async def escalate(item_id: uuid.UUID, body: EscalateBody, uow: Uow, d: DepsDep, principal: Escalator) -> Any:
    return await use.escalate(
        uow, d, item_id, target=body.target, agency=body.agency_code, principal=principal
    )


@router.post("/{item_id}/close", response_model=ItemRead, summary="Kết thúc tin / Close an item")
async def close(item_id: uuid.UUID, body: CloseBody, uow: Uow, d: DepsDep, principal: Closer) -> Any:
    return await use.close(uow, d, item_id, body.reason, principal)


@router.post(
    "/{item_id}/duplicate-of",
    response_model=ItemRead,
    summary="Trùng tin đã biết (tái xuất hiện nếu đã gỡ) / Duplicate of a known item (reappears if removed)",
)
async def duplicate_of(
    item_id: uuid.UUID, body: DuplicateBody, uow: Uow, d: DepsDep, principal: Classifier
) -> Any:
    return await use.duplicate_of(uow, d, item_id, body.item_id, principal)
