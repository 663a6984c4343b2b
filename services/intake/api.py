"""Intake HTTP API (v1): staff endpoints under /v1/tips, anonymous ones under /v1/public."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from services.intake import handlers
from services.intake.deadlines import ExtensionRefused
from services.intake.domain import (
    Actor,
    Category,
    Channel,
    InvalidCommand,
    Outcome,
    RoutingTarget,
    Severity,
    SubjectType,
    Tip,
    TipKind,
    TipStatus,
    TransferDestination,
    TransitionNotAllowed,
    VerificationOutcome,
)
from services.intake.repository import TipFilter
from shared.app import RuntimeDep
from shared.auth import Grant, PermissionTable, Principal, requires
from shared.errors import NotFound
from shared.idempotency import IdempotencyKey

OFFICERS = (Grant("ca", "officer"), Grant("ca", "leader"), Grant("vhxh", "officer"), Grant("vhxh", "leader"))
LEADERS = (Grant("ca", "leader"), Grant("vhxh", "leader"))
PERMISSIONS: PermissionTable = {
    "tips:create": (*OFFICERS, Grant("tdp", "*"), Grant("mttq", "*")),
    "tips:read": (*OFFICERS, Grant("ubnd", "leader")),
    "tips:process": OFFICERS,
    "tips:reopen": LEADERS,
    "tips:read_private": OFFICERS,
    "tips:export": (*LEADERS, Grant("ubnd", "leader")),
}
# Domain errors → problem details (status, type, title); the one table for this service.
ERRORS: dict[type[Exception], tuple[int, str, str]] = {
    TransitionNotAllowed: (
        409,
        "transition-not-allowed",
        "Không được chuyển trạng thái / Transition not allowed",
    ),
    InvalidCommand: (409, "invalid-command", "Lệnh không hợp lệ với tin này / Invalid for this tip"),
    ExtensionRefused: (409, "extension-refused", "Không được gia hạn / Extension refused"),
    handlers.TipNotFound: (404, "not-found", "Không tìm thấy / Not found"),
    handlers.InvalidPhone: (422, "invalid-phone", "Số điện thoại không hợp lệ / Invalid phone number"),
}

router = APIRouter(prefix="/v1/tips", tags=["tips"])
public = APIRouter(prefix="/v1/public", tags=["public"])
Creator = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:create"))]
Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:read"))]
Processor = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:process"))]
Reopener = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:reopen"))]
PrivateReader = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:read_private"))]
Exporter = Annotated[Principal, Depends(requires(PERMISSIONS, "tips:export"))]
Code = Annotated[str, Field(min_length=4, max_length=40)]
Text = Annotated[str, Field(max_length=4000)]
Reason = Annotated[str, Field(max_length=2000)]
GroupCode = Annotated[
    str, Field(pattern=r"^[a-z0-9-]{1,40}$", description="Mã tổ dân phố / residential group")
]
UnitCode = Annotated[str, Field(pattern=r"^[a-z0-9_.-]{1,64}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reporter(Strict):
    """Người báo tin (tùy chọn) / the reporter (optional): encrypted, never exported."""

    name: Annotated[str, Field(max_length=200)] = ""
    phone: Annotated[str, Field(max_length=30)] = ""
    email: Annotated[str, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""


class Subject(Strict):
    """Nội dung tin liên quan đến / what the tip is about."""

    type: SubjectType
    establishment_id: uuid.UUID | None = Field(None, description="cơ sở trong sổ theo dõi / register id")
    text: Text = Field("", description="tên cơ sở, mô tả địa điểm / business name, place description")
    urls: list[HttpUrl] = Field(default_factory=list, max_length=20)
    place_address: Annotated[str, Field(max_length=500)] = Field(
        "", description="địa chỉ nơi, không phải của người"
    )


class TipCreate(Strict):
    kind: TipKind
    channel: Channel
    residential_group: GroupCode
    subject: Subject
    description: Text = ""
    reporter: Reporter | None = None


class PublicTipCreate(Strict):
    kind: Literal[TipKind.DENUNCIATION, TipKind.REPORT, TipKind.COMPLAINT]
    residential_group: GroupCode
    subject: Subject
    description: Annotated[str, Field(min_length=1, max_length=4000)]


class ReceiptCode(Strict):
    code: Code


class ReceiptAddition(Strict):
    code: Code
    text: Annotated[str, Field(min_length=1, max_length=4000)]


class TipRead(BaseModel):
    id: uuid.UUID
    ward: str
    kind: TipKind
    channel: Channel
    subject_type: SubjectType
    residential_group: str
    status: TipStatus
    anonymous: bool
    establishment_id: uuid.UUID | None
    received_at: dt.datetime
    due_at: dt.datetime
    accept_by: dt.datetime | None
    transfer_by: dt.datetime | None
    overdue: bool
    category: Category | None
    severity: Severity | None
    competent_unit: str | None
    complex: bool
    routed_to: RoutingTarget | None
    target_unit: str | None
    outcome: Outcome | None
    closed_at: dt.datetime | None
    on_time: bool | None
    merged_into: uuid.UUID | None
    extensions: int


class TipPage(BaseModel):
    items: list[TipRead]
    total: int
    page: int
    page_size: int


class StepRead(BaseModel):
    action: str
    from_status: str | None
    to_status: str
    actor: str
    unit: str
    at: dt.datetime
    reason: str
    details: dict[str, Any]


class PrivateValue(BaseModel):
    field: str
    value: str
    source: str
    added_at: dt.datetime


class Receipt(BaseModel):
    receipt_code: str | None = Field(description="Ghi lại mã này / write this code down; shown once")
    received_at: str
    message: str = (
        "Cảm ơn bạn. Hãy ghi lại mã biên nhận để theo dõi. / Thank you. Write the receipt code "
        "down to follow your report."
    )


class PublicStatus(BaseModel):
    status: Literal["received", "in_progress", "handled", "closed", "transferred"]
    received_on: str
    updated_on: str


class VerifyBody(Strict):
    outcome: VerificationOutcome
    reason: Reason = ""


class ClassifyBody(Strict):
    category: Category
    severity: Severity
    competent_unit: UnitCode
    complex: bool = False
    reason: Reason = ""


class RouteBody(Strict):
    target: RoutingTarget
    target_unit: UnitCode
    reason: Reason = ""


class HandleBody(Strict):
    outcome: Outcome
    reason: Reason = ""


class TransferBody(Strict):
    destination: TransferDestination
    agency_code: UnitCode
    reason: Reason = ""


class MergeBody(Strict):
    into: uuid.UUID
    reason_code: Literal["duplicate", "related"] = "duplicate"
    reason: Reason = ""


class ReopenBody(Strict):
    reason_code: Literal["new_information", "complaint_upheld", "superior_decision", "recording_error"]
    reason: Reason = ""


class ExtendBody(Strict):
    new_due_at: dt.datetime
    reason_code: Literal["complex", "awaiting_information", "awaiting_other_agency", "other"] = "other"
    reason: Reason = ""


class StartBody(Strict):
    reason: Reason = ""


async def deps(rt: RuntimeDep) -> handlers.Deps:
    d: handlers.Deps = rt.extras["deps"]
    return d


DepsDep = Annotated[handlers.Deps, Depends(deps)]


def _private(body: TipCreate | PublicTipCreate) -> handlers.PrivateDetails:
    reporter = getattr(body, "reporter", None) or Reporter()
    return handlers.PrivateDetails(
        description=body.description,
        subject_text=body.subject.text,
        urls=tuple(str(u) for u in body.subject.urls),
        place_address=body.subject.place_address,
        reporter_name=reporter.name,
        reporter_phone=reporter.phone,
        reporter_email=reporter.email,
    )


def _command(body: TipCreate | PublicTipCreate, channel: Channel) -> handlers.ReceiveTip:
    return handlers.ReceiveTip(
        TipKind(body.kind),
        channel,
        body.subject.type,
        body.residential_group,
        body.subject.establishment_id,
        _private(body),
    )


@router.post("", status_code=201, response_model=TipRead, summary="Tiếp nhận tin / Receive a tip")
async def create_tip(
    body: TipCreate, rt: RuntimeDep, d: DepsDep, principal: Creator, idempotency_key: IdempotencyKey = None
) -> Any:
    stored, replayed = await handlers.receive_tip(
        rt.uow(), d, _command(body, body.channel), principal, idempotency_key
    )
    return stored.response(replayed)


class ListQuery(BaseModel):
    kind: list[TipKind] = []
    status: list[TipStatus] = []
    channel: Channel | None = None
    category: Category | None = None
    residential_group: str | None = Field(None, max_length=40)
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    overdue: bool = False
    due_within_days: int | None = Field(None, ge=0, le=366)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=500)

    def to_filter(self, now: dt.datetime) -> TipFilter:
        return TipFilter(
            kinds=tuple(self.kind),
            statuses=tuple(self.status),
            channel=self.channel,
            category=self.category,
            residential_group=self.residential_group,
            received_from=self.received_from,
            received_to=self.received_to,
            overdue_at=now if self.overdue else None,
            due_before=now + dt.timedelta(days=self.due_within_days)
            if self.due_within_days is not None
            else None,
        )


Query_ = Annotated[ListQuery, Query()]


@router.get("", response_model=TipPage, summary="Danh sách tin / List tips (filtered, paginated)")
async def list_tips(q: Query_, rt: RuntimeDep, d: DepsDep, principal: Reader) -> Any:
    return await handlers.list_tips(
        rt.uow(), d, principal, q.to_filter(d.clock()), page=q.page, size=q.page_size
    )


EXPORT_COLUMNS = [
    ("id", "Mã tin / Tip id"),
    ("kind", "Loại tin / Kind"),
    ("channel", "Kênh tiếp nhận / Channel"),
    ("residential_group", "Tổ dân phố / Residential group"),
    ("status", "Trạng thái / Status"),
    ("category", "Phân loại / Category"),
    ("severity", "Mức độ / Severity"),
    ("received_at", "Ngày tiếp nhận / Received"),
    ("due_at", "Hạn xử lý / Due"),
    ("overdue", "Quá hạn / Overdue"),
    ("routed_to", "Chuyển đến / Routed to"),
    ("outcome", "Kết quả / Outcome"),
    ("closed_at", "Ngày kết thúc / Closed"),
    ("on_time", "Đúng hạn / On time"),
]


@router.get(
    "/export.csv",
    summary="Xuất CSV / Export the filtered list as CSV (no personal data)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_tips(q: Query_, rt: RuntimeDep, d: DepsDep, principal: Exporter) -> Response:
    size = min(rt.settings.export_max_rows, 50_000)  # type: ignore[attr-defined]
    page = await handlers.list_tips(rt.uow(), d, principal, q.to_filter(d.clock()), page=1, size=size)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in EXPORT_COLUMNS])
    for item in page["items"]:
        writer.writerow(["" if item[key] is None else item[key] for key, _ in EXPORT_COLUMNS])
    name = f"tin-bao-{d.clock().date().isoformat()}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/{tip_id}", response_model=TipRead, summary="Xem tin / Read a tip")
async def read_tip(tip_id: uuid.UUID, rt: RuntimeDep, d: DepsDep, principal: Reader) -> Any:
    return await handlers.get_tip(rt.uow(), d, tip_id, principal)


@router.get("/{tip_id}/history", response_model=list[StepRead], summary="Lịch sử xử lý / History")
async def read_history(tip_id: uuid.UUID, rt: RuntimeDep, principal: Reader) -> Any:
    return await handlers.get_history(rt.uow(), tip_id, principal)


@router.get(
    "/{tip_id}/private",
    response_model=list[PrivateValue],
    summary="Thông tin riêng tư (có ghi nhật ký) / Private fields (every read is audited)",
)
async def read_private(
    tip_id: uuid.UUID,
    rt: RuntimeDep,
    d: DepsDep,
    principal: PrivateReader,
    part: Literal["reporter", "details"] = "details",
) -> Any:
    fields = handlers.REPORTER_FIELDS if part == "reporter" else handlers.DETAIL_FIELDS
    return await handlers.read_private(rt.uow(), tip_id, principal, d, fields)


Step = Callable[[Tip, Actor, dt.datetime], object]


async def _step(rt: Any, d: handlers.Deps, tip_id: uuid.UUID, principal: Principal, step: Step) -> Any:
    return await handlers.apply(rt.uow(), d, tip_id, principal, step)


@router.post("/{tip_id}/verification", response_model=TipRead, summary="Bắt đầu xác minh / Start verifying")
async def start_verification(
    tip_id: uuid.UUID, body: StartBody, rt: RuntimeDep, d: DepsDep, principal: Processor
) -> Any:
    return await _step(rt, d, tip_id, principal, lambda t, a, now: t.start_verification(a, now, body.reason))


@router.post("/{tip_id}/verify", response_model=TipRead, summary="Kết quả xác minh / Verification result")
async def verify(
    tip_id: uuid.UUID, body: VerifyBody, rt: RuntimeDep, d: DepsDep, principal: Processor
) -> Any:
    return await _step(
        rt, d, tip_id, principal, lambda t, a, now: t.verify(a, now, body.outcome, d.rules, body.reason)
    )


@router.post("/{tip_id}/classify", response_model=TipRead, summary="Phân loại / Classify")
async def classify(
    tip_id: uuid.UUID, body: ClassifyBody, rt: RuntimeDep, d: DepsDep, principal: Processor
) -> Any:
    return await _step(
        rt,
        d,
        tip_id,
        principal,
        lambda t, a, now: t.classify(
            a,
            now,
            category=body.category,
            severity=body.severity,
            competent_unit=body.competent_unit,
            complex_matter=body.complex,
            rules=d.rules,
            reason=body.reason,
        ),
    )


@router.post("/{tip_id}/route", response_model=TipRead, summary="Chuyển xử lý / Route to a unit")
async def route(tip_id: uuid.UUID, body: RouteBody, rt: RuntimeDep, d: DepsDep, principal: Processor) -> Any:
    return await _step(
        rt,
        d,
        tip_id,
        principal,
        lambda t, a, now: t.route(a, now, body.target, body.target_unit, body.reason),
    )


@router.post("/{tip_id}/handle", response_model=TipRead, summary="Kết quả xử lý / Record the handling")
async def handle(
    tip_id: uuid.UUID, body: HandleBody, rt: RuntimeDep, d: DepsDep, principal: Processor
) -> Any:
    return await _step(
        rt, d, tip_id, principal, lambda t, a, now: t.handle(a, now, body.outcome, body.reason)
    )


@router.post("/{tip_id}/transfer", response_model=TipRead, summary="Chuyển cơ quan khác / Transfer")
async def transfer(
    tip_id: uuid.UUID, body: TransferBody, rt: RuntimeDep, d: DepsDep, principal: Processor
) -> Any:
    return await _step(
        rt,
        d,
        tip_id,
        principal,
        lambda t, a, now: t.transfer(a, now, body.destination, body.agency_code, body.reason),
    )


@router.post("/{tip_id}/merge", response_model=TipRead, summary="Gộp tin trùng / Merge into another tip")
async def merge(tip_id: uuid.UUID, body: MergeBody, rt: RuntimeDep, d: DepsDep, principal: Processor) -> Any:
    return await handlers.merge(
        rt.uow(),
        d,
        tip_id=tip_id,
        into=body.into,
        principal=principal,
        reason=body.reason,
        reason_code=body.reason_code,
    )


@router.post("/{tip_id}/reopen", response_model=TipRead, summary="Mở lại / Reopen")
async def reopen(tip_id: uuid.UUID, body: ReopenBody, rt: RuntimeDep, d: DepsDep, principal: Reopener) -> Any:
    def step(t: Tip, a: Actor, now: dt.datetime) -> None:
        t.reopen(a, now, d.rules, body.reason).details["reason_code"] = body.reason_code

    return await _step(rt, d, tip_id, principal, step)


@router.post("/{tip_id}/extensions", response_model=TipRead, summary="Gia hạn / Extend the deadline")
async def extend(
    tip_id: uuid.UUID, body: ExtendBody, rt: RuntimeDep, d: DepsDep, principal: Processor
) -> Any:
    if body.new_due_at.tzinfo is None:
        raise InvalidCommand("new_due_at needs a time zone")

    def step(t: Tip, a: Actor, now: dt.datetime) -> None:
        t.extend(a, now, body.new_due_at, d.rules, body.reason).details["reason_code"] = body.reason_code

    return await _step(rt, d, tip_id, principal, step)


PUBLIC_PAGE = (Path(__file__).parent / "static" / "public.html").read_text(encoding="utf-8")
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@public.get("", response_class=HTMLResponse, include_in_schema=False)
async def public_page() -> HTMLResponse:
    """Trang gửi tin ẩn danh và tra cứu / the public page to report anonymously and follow a report."""
    return HTMLResponse(PUBLIC_PAGE, headers=PAGE_HEADERS)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@public.post(
    "/tips",
    status_code=201,
    response_model=Receipt,
    summary="Gửi tin ẩn danh / Send an anonymous tip (no login)",
)
async def submit_public(
    body: PublicTipCreate,
    request: Request,
    rt: RuntimeDep,
    d: DepsDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    client = client_address(request)
    rt.extras["submit_limit"].check(client)
    stored, _ = await handlers.submit_anonymous(
        rt.uow(), d, _command(body, Channel.WEB_FORM), client, idempotency_key
    )
    if stored.body["receipt_code"] is None:
        stored.body["message"] = "Tin này đã được gửi trước đó. / This tip was already sent."
    return JSONResponse(Receipt(**stored.body).model_dump(), status_code=stored.status_code)


@public.post(
    "/receipts/status",
    response_model=PublicStatus,
    summary="Tra cứu tình trạng bằng mã biên nhận / Follow a tip with its receipt code",
)
async def receipt_status(body: ReceiptCode, request: Request, rt: RuntimeDep, d: DepsDep) -> Any:
    rt.extras["lookup_limit"].check(client_address(request))
    status = await handlers.public_status(rt.uow(), d, body.code)
    if status is None:
        raise NotFound("Không có tin với mã này / no tip has this code")
    return status


@public.post(
    "/receipts/information",
    status_code=202,
    summary="Bổ sung thông tin bằng mã biên nhận / Add information with the receipt code",
)
async def receipt_information(body: ReceiptAddition, request: Request, rt: RuntimeDep, d: DepsDep) -> Any:
    rt.extras["lookup_limit"].check(client_address(request))
    if not await handlers.add_information(rt.uow(), d, body.code, body.text):
        raise NotFound("Không có tin với mã này / no tip has this code")
    return {"message": "Đã nhận thông tin bổ sung. / Information received."}
