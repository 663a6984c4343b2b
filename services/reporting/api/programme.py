"""The programme's own records: activities, trainings, the roster, directives, yearly plans, reports."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from services.reporting.api.common import (
    Body,
    DepsDep,
    Int,
    InvalidPeriod,
    ProgrammeReader,
    ProgrammeWriter,
    ReportWriter,
    RosterWriter,
)
from services.reporting.domain.periods import PLAN, PLAN_FIRST_YEAR, PLAN_LAST_YEAR, BadPeriod, parse
from services.reporting.handlers import programme
from services.reporting.handlers.programme import NewActivity, NewTraining, Once
from shared.app import RuntimeDep
from shared.auth import UNITS
from shared.idempotency import IdempotencyKey, StoredResponse

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


def _answer(result: tuple[StoredResponse, bool]) -> JSONResponse:
    stored, replayed = result
    return stored.response(replayed)


def _once(principal: Any, key: str | None, body: BaseModel) -> Once:
    return Once(principal, key, body.model_dump(mode="json"))


class ActivityCreate(Body):
    kind: ActivityKind = Field(description="Hình thức / Form")
    held_at: PlanTime = Field(description="Thời gian / When it took place")
    title: Title
    channel: str = Field(max_length=100, description="Kênh, e.g. loa phát thanh, nhóm Zalo / Channel")
    audience: str = Field(max_length=200, description="Đối tượng / Audience")
    reach: Int = Field(ge=0, le=10_000_000, description="Số người tham dự hoặc tiếp cận / People reached")
    unit_code: UnitCode = Field(description="Đơn vị tổ chức / Organising unit")
    residential_group: str = Field("", pattern=r"^[a-z0-9-]{0,40}$")


@router.post("/activities", status_code=201, summary="Ghi nhận hoạt động tuyên truyền / Record an activity")
async def create_activity(
    body: ActivityCreate, rt: RuntimeDep, principal: ProgrammeWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = NewActivity(**body.model_dump())
    return _answer(await programme.record_activity(rt.uow(), _once(principal, idempotency_key, body), cmd))


class TrainingCreate(Body):
    topic: TrainingTopic
    title: Title
    held_at: PlanTime
    unit_code: UnitCode = Field(description="Đơn vị tổ chức / Organising unit")
    participants: dict[UnitCode, Annotated[Int, Field(ge=0, le=10_000)]] = Field(
        description="Số người tham dự theo đơn vị / Participants by unit"
    )
    trained_staff_codes: list[StaffCode] = Field(max_length=1000)


@router.post("/trainings", status_code=201, summary="Ghi nhận lớp tập huấn / Record a training")
async def create_training(
    body: TrainingCreate, rt: RuntimeDep, principal: ProgrammeWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    cmd = NewTraining(**body.model_dump())
    return _answer(await programme.record_training(rt.uow(), _once(principal, idempotency_key, body), cmd))


class StaffCreate(Body):
    staff_code: StaffCode
    unit_code: UnitCode
    effective_on: PlanDate


@router.post("/staff", status_code=201, summary="Phân công cán bộ / Assign staff to the programme")
async def assign_staff(
    body: StaffCreate, rt: RuntimeDep, principal: RosterWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    once = _once(principal, idempotency_key, body)
    return _answer(
        await programme.assign_staff(rt.uow(), once, body.staff_code, body.unit_code, body.effective_on)
    )


class StaffEnd(Body):
    ended_on: PlanDate


@router.post("/staff/{assignment_id}/end", summary="Kết thúc phân công / End an assignment")
async def end_assignment(
    body: StaffEnd, rt: RuntimeDep, principal: RosterWriter, assignment_id: RecordId
) -> dict[str, Any]:
    return await programme.end_assignment(rt.uow(), principal, assignment_id, body.ended_on)


class DirectiveCreate(Body):
    kind: DocumentKind
    title: Annotated[str, Field(min_length=3, max_length=300)]
    unit_code: UnitCode = Field(description="Đơn vị soạn thảo / Drafting unit")
    due_on: PlanDate


@router.post("/directives", status_code=201, summary="Văn bản cần ban hành / Schedule a directive document")
async def schedule_directive(
    body: DirectiveCreate, rt: RuntimeDep, principal: ProgrammeWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    once = _once(principal, idempotency_key, body)
    return _answer(
        await programme.schedule_directive(
            rt.uow(), once, kind=body.kind, title=body.title, unit_code=body.unit_code, due_on=body.due_on
        )
    )


class DirectiveIssue(Body):
    document_code: DocumentCode
    issued_on: PlanDate


@router.post("/directives/{directive_id}/issue", summary="Ban hành văn bản / Record a document as issued")
async def issue_directive(
    body: DirectiveIssue, rt: RuntimeDep, principal: ProgrammeWriter, directive_id: RecordId
) -> dict[str, Any]:
    return await programme.issue_directive(
        rt.uow(), principal, directive_id, body.document_code, body.issued_on
    )


class YearlyPlanCreate(Body):
    year: Annotated[Int, Field(ge=2026, le=2030)]
    document_code: DocumentCode
    issued_on: PlanDate


@router.post("/yearly-plans", status_code=201, summary="Kế hoạch năm / Record the yearly plan")
async def record_yearly_plan(
    body: YearlyPlanCreate, rt: RuntimeDep, principal: ProgrammeWriter, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    once = _once(principal, idempotency_key, body)
    return _answer(
        await programme.record_yearly_plan(rt.uow(), once, body.year, body.document_code, body.issued_on)
    )


class ReportCreate(Body):
    period: str = Field(max_length=16, description="2026-Q1, 2026, ...")
    recipient: Recipient
    document_code: DocumentCode
    snapshot_id: uuid.UUID | None = Field(None, description="Bản chốt đã công bố / The published snapshot")
    submitted_at: PlanTime


@router.post("/reports", status_code=201, summary="Báo cáo đã gửi / Record a periodic report as sent")
async def record_report(
    body: ReportCreate,
    rt: RuntimeDep,
    deps: DepsDep,
    principal: ReportWriter,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    try:
        period = parse(body.period)
    except BadPeriod as exc:
        raise InvalidPeriod(str(exc)) from exc
    once = _once(principal, idempotency_key, body)
    return _answer(
        await programme.record_report(
            rt.uow(), deps, once, period=period, recipient=body.recipient, document_code=body.document_code,
            snapshot_id=body.snapshot_id, submitted_at=body.submitted_at,
        )
    )  # fmt: skip


def _lister(kind: str) -> Any:
    async def list_records(rt: RuntimeDep, principal: ProgrammeReader) -> dict[str, Any]:
        return {"items": await programme.list_records(rt.uow(), principal, kind)}

    return list_records


for _kind in programme.LISTED:
    router.add_api_route(
        f"/{_kind}",
        _lister(_kind),
        methods=["GET"],
        summary=f"Danh sách / List {_kind}",
        name=f"list_{_kind.replace('-', '_')}",
    )
