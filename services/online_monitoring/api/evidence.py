"""Evidence under /v1/evidence: upload a file for an item, list an item's evidence, view, download and
hand over a file, read its chain of custody with where it breaks.

The upload's body is the file itself (its ``Content-Type`` the declared type, its name a query
parameter), as the register's import takes its file: the platform's body limit refuses anything over
10 MB from ``Content-Length`` before a byte is read, and while reading when no length is sent.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AfterValidator, BaseModel, Field

from services.online_monitoring.api.deps import DepsDep, Uow
from services.online_monitoring.api.permissions import PERMISSIONS
from services.online_monitoring.domain.evidence import DEFAULT_LIMITS, EvidenceRejected
from services.online_monitoring.handlers import evidence as use
from shared.auth import Principal, requires
from shared.errors import Problem
from shared.schemas import StrictModel, storable

router = APIRouter(tags=["evidence"])
Uploader = Annotated[Principal, Depends(requires(PERMISSIONS, "evidence:upload"))]
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "evidence:read"))]
Downloader = Annotated[Principal, Depends(requires(PERMISSIONS, "evidence:download"))]
Handler = Annotated[Principal, Depends(requires(PERMISSIONS, "evidence:hand_over"))]
Auditor = Annotated[Principal, Depends(requires(PERMISSIONS, "evidence:custody"))]
UPLOAD_PATH = "/v1/evidence"
MAX_UPLOAD_BYTES = DEFAULT_LIMITS.max_bytes


# One problem type per reason a file is refused.
class UnsupportedUpload(Problem):
    status, type_slug, title = 415, "unsupported-upload", "Cách gửi tệp không hỗ trợ / Unsupported upload"


class EvidenceEmpty(Problem):
    status, type_slug, title = 422, "evidence-empty", "Tệp rỗng / The file is empty"


class EvidenceTooLarge(Problem):
    status, type_slug, title = 413, "evidence-too-large", "Tệp quá lớn / The file is too large"


class EvidenceTypeNotAllowed(Problem):
    status, type_slug, title = (
        415,
        "evidence-type-not-allowed",
        "Loại tệp không được nhận / Type not accepted",
    )


class EvidenceTypeMismatch(Problem):
    status, type_slug, title = (
        422,
        "evidence-type-mismatch",
        "Nội dung không đúng tên tệp / The content is not what the name says",
    )


class EvidenceUndecodable(Problem):
    status, type_slug, title = 422, "evidence-undecodable-image", "Ảnh hỏng / The image cannot be decoded"


class EvidenceNotText(Problem):
    status, type_slug, title = 422, "evidence-not-text", "Không phải văn bản UTF-8 / Not UTF-8 text"


REFUSALS: dict[str, type[Problem]] = {
    "empty": EvidenceEmpty,
    "too_large": EvidenceTooLarge,
    "type_not_allowed": EvidenceTypeNotAllowed,
    "type_mismatch": EvidenceTypeMismatch,
    "undecodable_image": EvidenceUndecodable,
    "not_text": EvidenceNotText,
}


class Match(BaseModel):
    evidence_id: str
    item_id: str
    distance: int = Field(description="Số bit khác nhau (pHash 64 bit) / bits that differ")


class EvidenceRead(BaseModel):
    id: str
    item_id: str
    sha256: str
    media_type: str
    size: int
    perceptual_hash: str | None
    captured_by: str
    captured_unit: str
    captured_at: str


class EvidenceDetail(EvidenceRead):
    filename: str
    custody_length: int


class UploadRead(EvidenceRead):
    filename: str
    created: bool = Field(description="false: the same file was already evidence for this item")
    possible_matches: list[Match] = Field(
        description="Chứng cứ giống hoặc gần giống ở tin khác / the same or a near picture on other items"
    )


class EvidenceList(BaseModel):
    item_id: str
    evidence: list[EvidenceRead]


class EntryRead(BaseModel):
    sequence: int
    action: str
    action_vi: str
    actor: str
    unit: str
    at: str
    note: str
    previous_hash: str
    entry_hash: str


class BreakRead(BaseModel):
    sequence: int
    reason: str
    message: str


class CustodyRead(BaseModel):
    evidence_id: str
    sha256: str
    entries: list[EntryRead]
    length: int
    head_hash: str | None
    intact: bool
    break_: BreakRead | None = Field(alias="break", serialization_alias="break")


class DownloadBody(StrictModel):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class HandOverBody(StrictModel):
    to: Annotated[str, Field(min_length=1, max_length=200, description="Cơ quan nhận / the receiving body")]
    reference: Annotated[
        str, Field(max_length=200, description="Số biên bản, công văn / record or letter no.")
    ] = ""


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            t: {"schema": {"type": "string", "format": "binary"}} for t in sorted(DEFAULT_LIMITS.media_types)
        },
    }
}


@router.post(
    UPLOAD_PATH,
    status_code=201,
    response_model=UploadRead,
    summary="Nộp chứng cứ cho một tin / Upload evidence for an item (the body is the file, at most 10 MB)",
    responses={200: {"model": UploadRead, "description": "Tệp đã có / the same file, already evidence"}},
    description=(
        "Ảnh chụp màn hình (PNG, JPEG, WebP, GIF), trang HTML, văn bản hoặc PDF; loại tệp được xác định từ "
        "nội dung. / A screenshot, saved page, text or PDF; the type is read from the content."
    ),
    openapi_extra=UPLOAD_BODY,
)
async def upload(
    request: Request,
    response: Response,
    uow: Uow,
    d: DepsDep,
    principal: Uploader,
    *,
    item_id: Annotated[uuid.UUID, Query(description="Tin / the item")],
    filename: Annotated[
        str, Query(max_length=255, description="Tên tệp gốc / original file name"), AfterValidator(storable)
    ] = "",
    note: Annotated[str, Query(max_length=500), AfterValidator(storable)] = "",
) -> Any:
    declared = request.headers.get("content-type")
    if (declared or "").lower().startswith("multipart/"):
        raise UnsupportedUpload(
            "Gửi chính tệp làm nội dung yêu cầu, tên tệp ở tham số filename. / "
            "Send the file itself as the body, its name in the filename parameter."
        )
    data = await request.body()
    try:
        stored = await use.upload(uow, d, use.Upload(item_id, data, filename, declared, note), principal)
    except EvidenceRejected as exc:
        raise REFUSALS[exc.reason](str(exc), reason=exc.reason) from exc
    if not stored["created"]:
        response.status_code = 200  # the same file was already evidence for this item: nothing new
    return stored


@router.get(
    "/v1/items/{item_id}/evidence",
    response_model=EvidenceList,
    summary="Chứng cứ của một tin / An item's evidence (audited)",
)
async def of_item(item_id: uuid.UUID, uow: Uow, principal: Reader) -> Any:
    return await use.of_item(uow, item_id, principal)


@router.get(
    "/v1/evidence/{evidence_id}",
    response_model=EvidenceDetail,
    summary="Xem chứng cứ (ghi vào chuỗi lưu giữ) / View evidence (a custody entry, audited)",
)
async def view(evidence_id: uuid.UUID, uow: Uow, d: DepsDep, principal: Reader) -> Any:
    return await use.view(uow, d, evidence_id, principal)


@router.post(
    "/v1/evidence/{evidence_id}/download",
    summary="Tải chứng cứ (cần lý do) / Download evidence (with a reason; a custody entry, audited)",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
    },
)
async def download(
    evidence_id: uuid.UUID, body: DownloadBody, uow: Uow, d: DepsDep, principal: Downloader
) -> Response:
    got = await use.download(uow, d, evidence_id, principal, body.reason)
    name = quote(got.filename or f"{got.sha256}", safe="")
    return Response(
        got.data,
        media_type=got.media_type,
        headers={
            # never shown inline: a saved page must not run in the service's origin
            "Content-Disposition": f"attachment; filename=\"{got.sha256[:16]}\"; filename*=UTF-8''{name}",
            "Content-Security-Policy": "sandbox",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "X-Evidence-SHA256": got.sha256,
        },
    )


@router.post(
    "/v1/evidence/{evidence_id}/handover",
    response_model=EntryRead,
    summary="Bàn giao chứng cứ / Hand evidence over to another body (a custody entry)",
)
async def hand_over(
    evidence_id: uuid.UUID, body: HandOverBody, uow: Uow, d: DepsDep, principal: Handler
) -> Any:
    return await use.hand_over(uow, d, evidence_id, principal, to=body.to, reference=body.reference)


@router.get(
    "/v1/evidence/{evidence_id}/custody",
    response_model=CustodyRead,
    response_model_by_alias=True,
    summary="Chuỗi lưu giữ chứng cứ và kiểm tra / The chain of custody, and where it breaks",
)
async def custody(evidence_id: uuid.UUID, uow: Uow, principal: Auditor) -> Any:
    return await use.custody(uow, evidence_id, principal)
