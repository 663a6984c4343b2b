"""The programme's own records: activities, trainings, the roster, directives, yearly plans, reports."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, AwareDatetime, Field

from services.reporting.api.common import (
    Body,
    DepsDep,
    Int,
    ProgrammeReader,
    ProgrammeWriter,
    ReportWriter,
    RosterWriter,
    Uow,
)
from services.reporting.api.schemas import (
    RECORD_LISTS,
    ActivityRead,
    DirectiveRead,
    ReportRead,
    StaffRead,
    TrainingRead,
    YearlyPlanRead,
)
from services.reporting.domain.periods import PLAN, PLAN_FIRST_YEAR, PLAN_LAST_YEAR, parse
from services.reporting.handlers import commands as c
from services.reporting.handlers import programme
from shared.auth import UNITS
from shared.idempotency import IdempotencyKey

router = APIRouter(prefix="/v1", tags=["programme"])

UnitCode = Annotated[str, Field(pattern=f"^({'|'.join(UNITS)})$", description="Đơn vị / Unit code")]
StaffCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{2,64}$", description="Mã cán bộ / Staff code")]
DocumentCode = Annotated[str, Field(min_length=3, max_length=60, description="Số văn bản, e.g. 45/KH-UBND")]
Title = Annotated[str, Field(min_length=3, max_length=200)]
ActivityKind = Literal[
    "communication_meeting", "communication_broadcast", "communication_print", "communication_online",
    "communication_campaign", "legal_dissemination", "interim_review", "final_review", "other",
]  # fmt: skip
TrainingTopic = Literal[
    "law_and_policy", "inspection", "case_support", "online_monitoring", "tip_handling", "other"
]
DocumentKind = Literal["plan", "directive", "decision", "official_letter", "report", "other"]
Recipient = Literal["city_health_department", "city_peoples_committee", "ward_peoples_committee", "other"]
RecordId = Annotated[uuid.UUID, Path()]


def _inside_plan(value: dt.datetime) -> dt.datetime:
    if not PLAN.start <= value < PLAN.end:
        raise ValueError(f"must fall inside the plan period {PLAN.code}")
    return value


def _near_plan(value: dt.date) -> dt.date:
    if not PLAN_FIRST_YEAR - 1 <= value.year <= PLAN_LAST_YEAR + 1:
        raise ValueError(f"must fall within a year of the plan period {PLAN.code}")
    return value


PlanTime = Annotated[AwareDatetime, AfterValidator(_inside_plan)]
PlanDate = Annotated[dt.date, AfterValidator(_near_plan)]


class ActivityCreate(Body):
    kind: ActivityKind = Field(description="Hình thức / Form")
    held_at: PlanTime = Field(description="Thời gian / When it took place")
    title: Title
    channel: str = Field(max_length=100, description="Kênh, e.g. loa phát thanh, nhóm Zalo / Channel")
    audience: str = Field(max_length=200, description="Đối tượng / Audience")
    reach: Int = Field(ge=0, le=10_000_000, description="Số người tham dự hoặc tiếp cận / People reached")
    unit_code: UnitCode = Field(description="Đơn vị tổ chức / Organising unit")
    residential_group: str = Field("", pattern=r"^[a-z0-9-]{0,40}$")


@router.post(
    "/activities",
    status_code=201,
    response_model=ActivityRead,
    summary="Ghi nhận hoạt động tuyên truyền / Record an activity",
)
async def create_activity(
    body: ActivityCreate,
    uow: Uow,
    d: DepsDep,
    principal: ProgrammeWriter,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    cmd = c.NewActivity(**body.model_dump())
    stored, replayed = await programme.record_activity(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


class TrainingCreate(Body):
    topic: TrainingTopic
    title: Title
    held_at: PlanTime
    unit_code: UnitCode = Field(description="Đơn vị tổ chức / Organising unit")
    participants: dict[UnitCode, Annotated[Int, Field(ge=0, le=10_000)]] = Field(
        description="Số người tham dự theo đơn vị / Participants by unit"
    )
    trained_staff_codes: list[StaffCode] = Field(max_length=1000)


@router.post(
    "/trainings",
    status_code=201,
    response_model=TrainingRead,
    summary="Ghi nhận lớp tập huấn / Record a training",
)
async def create_training(
    body: TrainingCreate,
    uow: Uow,
    d: DepsDep,
    principal: ProgrammeWriter,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    cmd = c.NewTraining(**body.model_dump())
    stored, replayed = await programme.record_training(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


class StaffCreate(Body):
    staff_code: StaffCode
    unit_code: UnitCode
    effective_on: PlanDate


@router.post(
    "/staff",
    status_code=201,
    response_model=StaffRead,
    summary="Phân công cán bộ / Assign staff to the programme",
)
async def assign_staff(
    body: StaffCreate, uow: Uow, d: DepsDep, principal: RosterWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = c.AssignStaff(body.staff_code, body.unit_code, body.effective_on)
    stored, replayed = await programme.assign_staff(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


class StaffEnd(Body):
    ended_on: PlanDate


@router.post(
    "/staff/{assignment_id}/end", response_model=StaffRead, summary="Kết thúc phân công / End an assignment"
)
async def end_assignment(
    body: StaffEnd, uow: Uow, d: DepsDep, principal: RosterWriter, assignment_id: RecordId
) -> Any:
    return await programme.end_assignment(uow, d, c.EndAssignment(assignment_id, body.ended_on), principal)


class DirectiveCreate(Body):
    kind: DocumentKind
    title: Annotated[str, Field(min_length=3, max_length=300)]
    unit_code: UnitCode = Field(description="Đơn vị soạn thảo / Drafting unit")
    due_on: PlanDate


@router.post(
    "/directives",
    status_code=201,
    response_model=DirectiveRead,
    summary="Văn bản cần ban hành / Schedule a directive document",
)
async def schedule_directive(
    body: DirectiveCreate,
    uow: Uow,
    d: DepsDep,
    principal: ProgrammeWriter,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    cmd = c.ScheduleDirective(body.kind, body.title, body.unit_code, body.due_on)
    stored, replayed = await programme.schedule_directive(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


class DirectiveIssue(Body):
    document_code: DocumentCode
    issued_on: PlanDate


@router.post(
    "/directives/{directive_id}/issue",
    response_model=DirectiveRead,
    summary="Ban hành văn bản / Record a document as issued",
)
async def issue_directive(
    body: DirectiveIssue, uow: Uow, d: DepsDep, principal: ProgrammeWriter, directive_id: RecordId
) -> Any:
    cmd = c.IssueDirective(directive_id, body.document_code, body.issued_on)
    return await programme.issue_directive(uow, d, cmd, principal)


class YearlyPlanCreate(Body):
    year: Annotated[Int, Field(ge=2026, le=2030)]
    document_code: DocumentCode
    issued_on: PlanDate


@router.post(
    "/yearly-plans",
    status_code=201,
    response_model=YearlyPlanRead,
    summary="Kế hoạch năm / Record the yearly plan",
)
async def record_yearly_plan(
    body: YearlyPlanCreate,
    uow: Uow,
    d: DepsDep,
    principal: ProgrammeWriter,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    cmd = c.RecordYearlyPlan(body.year, body.document_code, body.issued_on)
    stored, replayed = await programme.record_yearly_plan(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


class ReportCreate(Body):
    period: str = Field(max_length=16, description="2026-Q1, 2026, ...")
    recipient: Recipient
    document_code: DocumentCode
    snapshot_id: uuid.UUID | None = Field(
        None, description="Bản chốt số liệu đã công bố / The published snapshot"
    )
    submitted_at: PlanTime


@router.post(
    "/reports",
    status_code=201,
    response_model=ReportRead,
    summary="Báo cáo đã gửi / Record a periodic report as sent",
)
async def record_report(
    body: ReportCreate, uow: Uow, d: DepsDep, principal: ReportWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = c.RecordReport(
        parse(body.period), body.recipient, body.document_code, body.snapshot_id, body.submitted_at
    )  # BadPeriod is a problem (ERRORS)
    stored, replayed = await programme.record_report(uow, d, cmd, principal, idempotency_key)
    return stored.response(replayed)


def _lister(kind: str) -> Any:
    async def list_records(uow: Uow, d: DepsDep, principal: ProgrammeReader) -> Any:
        return {"items": await programme.list_records(uow, d, c.ListRecords(kind), principal)}

    return list_records


for _kind in programme.KINDS:
    router.add_api_route(
        f"/{_kind}",
        _lister(_kind),
        methods=["GET"],
        response_model=RECORD_LISTS[_kind],
        summary=f"Danh sách / List {_kind}",
        name=f"list_{_kind.replace('-', '_')}",
    )
