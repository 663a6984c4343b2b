"""The programme's budget (plan, section III): estimate lines, allocations, spending, closed years, and
their execution per line, source, programme, unit and year (JSON and XLSX)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, model_validator

from services.reporting.api.common import Body, DepsDep, Int, PeriodParam, Uow
from services.reporting.api.permissions import PERMISSIONS
from services.reporting.api.programme import DocumentCode, PlanDate, Title, UnitCode
from services.reporting.api.schemas import Items, PeriodRead, Timestamp
from services.reporting.domain.budget import MAX_VND
from services.reporting.handlers import budget
from shared.auth import Principal, requires
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1/budget", tags=["budget"])

Reader = Annotated[Principal, Depends(requires(PERMISSIONS, "budget:read"))]
Writer = Annotated[Principal, Depends(requires(PERMISSIONS, "budget:write"))]
Approver = Annotated[Principal, Depends(requires(PERMISSIONS, "budget:approve"))]
Closer = Annotated[Principal, Depends(requires(PERMISSIONS, "budget:close"))]

# The domain's codes (``domain.budget``; a test holds them equal).
Source = Literal["state_budget", "integrated", "socialized"]
Programme = Literal[
    "health", "gender_equality", "hiv_aids", "poverty_reduction", "social_security", "crime_and_social_evils"
]
ActivityKind = Literal[
    "communication", "training", "inspection_team", "harm_reduction", "online_monitoring", "research",
    "review", "commendation", "other",
]  # fmt: skip
Vnd = Annotated[Int, Field(ge=1, le=MAX_VND, description="Số tiền, đồng (số nguyên) / Amount in whole VND")]
Year = Annotated[Int, Field(ge=2026, le=2030, description="Năm ngân sách / Budget year")]
YearParam = Annotated[int | None, Query(ge=2026, le=2030, description="Năm ngân sách / Budget year")]


class LineCreate(Body):
    year: Year
    unit_code: UnitCode = Field(description="Đơn vị thực hiện / Unit carrying out the activity")
    activity_kind: ActivityKind = Field(description="Loại hoạt động / What the line pays for")
    source: Source = Field(description="Nguồn kinh phí / Funding source")
    programme: Programme | None = Field(
        None, description="Chương trình lồng ghép (chỉ nguồn lồng ghép) / Integrated programme"
    )
    title: Title = Field(description="Nội dung / What the line is for")
    estimate: Annotated[Int, Field(ge=1, le=MAX_VND, description="Dự toán, đồng / Estimate in VND")]
    document_code: DocumentCode = Field(description="Số văn bản giao dự toán / Estimate document")


class LineRead(BaseModel):
    line_id: uuid.UUID
    ward: str
    year: int
    unit_code: str
    activity_kind: str
    source: str
    programme: str | None
    title: str
    estimate: int
    document_code: str
    recorded_at: Timestamp
    recorded_by: str


class AllocationCreate(Body):
    line_id: uuid.UUID
    amount: Vnd
    allocated_on: PlanDate = Field(description="Ngày cấp / Date allocated")
    document_code: DocumentCode = Field(description="Số quyết định cấp kinh phí / Allocation document")


class AllocationRead(BaseModel):
    allocation_id: uuid.UUID
    ward: str
    line_id: uuid.UUID
    year: int
    source: str
    amount: int
    allocated_at: Timestamp
    document_code: str
    recorded_by: str


class SpendingCreate(Body):
    line_id: uuid.UUID
    amount: Vnd
    spent_on: PlanDate = Field(description="Ngày chi / Date spent")
    document_code: DocumentCode = Field(description="Số chứng từ / Voucher number")
    record_kind: Literal["activity", "training", "inspection"] | None = Field(
        None, description="Khoản chi cho / What it paid for"
    )
    record_id: str | None = Field(None, pattern=r"^[A-Za-z0-9-]{1,64}$", description="Mã bản ghi / Its id")

    @model_validator(mode="after")
    def _both_or_neither(self) -> SpendingCreate:
        if (self.record_kind is None) != (self.record_id is None):
            raise ValueError(
                "record_kind và record_id đi cùng nhau / give both record_kind and record_id, or neither"
            )
        return self


class ApprovedSpendingCreate(SpendingCreate):
    reason: str = Field(
        min_length=10, max_length=500, description="Lý do phê duyệt chi vượt / Why spending above allocation"
    )


class SpendingRead(BaseModel):
    spending_id: uuid.UUID
    ward: str
    line_id: uuid.UUID
    year: int
    source: str
    amount: int
    spent_at: Timestamp
    document_code: str
    spent_on: str | None
    spent_on_id: str | None
    over_allocation: bool = Field(description="Chi vượt số đã cấp / Above what was allocated")
    approved_by: str | None
    approval_reason: str | None
    recorded_by: str


class YearClose(Body):
    year: Year


class YearClosureRead(BaseModel):
    closure_id: uuid.UUID
    ward: str
    year: int
    estimate: int
    allocated: int
    spent: int
    closed_at: Timestamp
    closed_by: str


class Amounts(BaseModel):
    estimate: int
    allocated: int
    spent: int
    unspent: int = Field(description="Đã cấp chưa chi / Allocated, not spent")
    allocated_of_estimate_bp: int | None = Field(description="Basis points (10000 = 100%), floored")
    allocated_of_estimate_vi: str
    allocated_of_estimate_en: str
    spent_of_estimate_bp: int | None
    spent_of_estimate_vi: str
    spent_of_estimate_en: str
    spent_of_allocated_bp: int | None
    spent_of_allocated_vi: str
    spent_of_allocated_en: str


class LineExecution(Amounts):
    line_id: str
    year: int
    unit_code: str
    activity_kind: str
    source: str
    programme: str | None
    title: str


class GroupExecution(Amounts):
    key: str
    label_vi: str
    label_en: str


class ExecutionRead(BaseModel):
    period: PeriodRead
    years: list[int]
    closed_years: list[int]
    lines: list[LineExecution]
    by_source: list[GroupExecution]
    by_programme: list[GroupExecution]
    by_activity_kind: list[GroupExecution]
    by_unit: list[GroupExecution]
    by_year: list[GroupExecution]
    total: Amounts


@router.post(
    "/lines", status_code=201, response_model=LineRead, summary="Lập dòng dự toán / Record an estimate line"
)
async def estimate_line(
    body: LineCreate, uow: Uow, d: DepsDep, principal: Writer, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = budget.EstimateLine(**body.model_dump())
    stored, replayed = await budget.estimate_line(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get("/lines", response_model=Items[LineRead], summary="Dòng dự toán / Estimate lines")
async def list_lines(uow: Uow, d: DepsDep, principal: Reader, year: YearParam = None) -> Any:
    return {"items": await budget.list_budget(uow, d, budget.BudgetList("lines", year), principal)}


@router.post(
    "/allocations", status_code=201, response_model=AllocationRead, summary="Cấp kinh phí / Allocate funds"
)
async def allocate(
    body: AllocationCreate, uow: Uow, d: DepsDep, principal: Writer, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = budget.Allocate(body.line_id, body.amount, body.allocated_on, body.document_code)
    stored, replayed = await budget.allocate(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


@router.get("/allocations", response_model=Items[AllocationRead], summary="Kinh phí đã cấp / Allocations")
async def list_allocations(uow: Uow, d: DepsDep, principal: Reader, year: YearParam = None) -> Any:
    return {"items": await budget.list_budget(uow, d, budget.BudgetList("allocations", year), principal)}


def _spend(body: SpendingCreate, reason: str | None) -> budget.Spend:
    return budget.Spend(
        body.line_id, body.amount, body.spent_on, body.document_code, body.record_kind, body.record_id, reason
    )


@router.post(
    "/spending",
    status_code=201,
    response_model=SpendingRead,
    summary="Ghi nhận khoản chi (trong số đã cấp) / Record spending within the allocation",
)
async def spend(
    body: SpendingCreate, uow: Uow, d: DepsDep, principal: Writer, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    stored, replayed = await budget.spend(uow, d, _spend(body, None), principal, idempotency_key)
    return stored.response(replayed)


@router.post(
    "/spending/over-allocation",
    status_code=201,
    response_model=SpendingRead,
    summary="Lãnh đạo phê duyệt khoản chi vượt số đã cấp / A leader approves spending above the allocation",
)
async def spend_approved(
    body: ApprovedSpendingCreate,
    uow: Uow,
    d: DepsDep,
    principal: Approver,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    stored, replayed = await budget.spend(uow, d, _spend(body, body.reason), principal, idempotency_key)
    return stored.response(replayed)


@router.get("/spending", response_model=Items[SpendingRead], summary="Khoản đã chi / Spending")
async def list_spending(uow: Uow, d: DepsDep, principal: Reader, year: YearParam = None) -> Any:
    return {"items": await budget.list_budget(uow, d, budget.BudgetList("spending", year), principal)}


@router.post(
    "/year-closures",
    response_model=YearClosureRead,
    summary="Khóa sổ năm ngân sách đã kết thúc / Close a budget year that has ended",
)
async def close_year(body: YearClose, uow: Uow, d: DepsDep, principal: Closer) -> Any:
    return await budget.close_year(uow, d, budget.CloseYear(body.year), principal)


@router.get(
    "/execution",
    response_model=ExecutionRead,
    summary="Tình hình thực hiện kinh phí theo năm hoặc giai đoạn / Budget execution by year or plan period",
)
async def execution(uow: Uow, d: DepsDep, principal: Reader, period: PeriodParam) -> Any:
    return await budget.execution(uow, d, budget.ExecutionOf(period), principal)


@router.get(
    "/execution.xlsx",
    response_class=Response,
    responses={200: {"content": {budget.XLSX: {}}}},
    summary="Xuất XLSX tình hình thực hiện kinh phí / Budget execution as XLSX",
)
async def execution_xlsx(uow: Uow, d: DepsDep, principal: Reader, period: PeriodParam) -> Response:
    content, name = await budget.execution_file(uow, d, budget.ExecutionOf(period), principal)
    return Response(
        content,
        media_type=budget.XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
