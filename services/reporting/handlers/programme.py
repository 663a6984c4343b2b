"""Programme records reporting owns: each is stored and announced (to the city) in one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from uuid6 import uuid7

from services.reporting.domain.periods import VN
from services.reporting.domain.records import Ended, Issued, Recorded
from services.reporting.handlers.commands import (
    AssignStaff,
    EndAssignment,
    IssueDirective,
    ListRecords,
    NewActivity,
    NewTraining,
    RecordReport,
    RecordYearlyPlan,
    ScheduleDirective,
)
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import AlreadyRecorded, RecordNotFound
from services.reporting.handlers.scope import wards_of
from services.reporting.handlers.views import row_view
from services.reporting.repository.programme import (
    LISTED,
    Activity,
    Directive,
    ReportSubmission,
    StaffAssignment,
    Training,
    YearlyPlan,
)
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.idempotency import StoredResponse, request_fingerprint
from shared.uow import Aggregate

KINDS = tuple(LISTED)  # the record lists the API serves
COMMUNICATION = {
    "communication_meeting", "communication_broadcast", "communication_print", "communication_online",
    "communication_campaign", "legal_dissemination",
}  # fmt: skip
REVIEW = {"interim_review", "final_review"}
Created = tuple[StoredResponse, bool]  # the first answer, and whether this is a retry that replays it


def category_of(kind: str) -> str:
    return "communication" if kind in COMMUNICATION else "review" if kind in REVIEW else "other"


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=VN)


async def create_once(
    uow: ReportingUnitOfWork,
    principal: Principal,
    key: str | None,
    cmd: Any,
    new: Callable[[], Awaitable[Aggregate]],
) -> Created:
    """Store the record ``new`` builds (checks included) once per Idempotency-Key: a retry replays the
    first answer. The record records that it was created; the unit of work publishes that."""

    async def create() -> dict[str, Any]:
        row = await new()
        row.record(Recorded())
        await uow.records.add(row)
        return row_view(row)

    fingerprint = request_fingerprint({"command": type(cmd).__name__, **dataclasses.asdict(cmd)})
    return await uow.create_once(caller=principal.key, key=key, fingerprint=fingerprint, create=create)


async def record_activity(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: NewActivity,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A communication activity (date, form, channel, audience, reach, organising unit) or a review."""

    async def new() -> Activity:
        return Activity(
            activity_id=uuid7(), ward=principal.ward, category=category_of(cmd.kind),
            recorded_by=principal.id, **dataclasses.asdict(cmd),
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def record_training(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: NewTraining,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A training held for staff: topic, date, participants by unit, the staff codes trained."""

    async def new() -> Training:
        codes = sorted(set(cmd.trained_staff_codes))
        return Training(
            training_id=uuid7(), ward=principal.ward, recorded_by=principal.id,
            **{**dataclasses.asdict(cmd), "trained_staff_codes": codes},
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def assign_staff(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: AssignStaff,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """Put a staff member (by code; names stay in the personnel system) on the programme's roster."""

    async def new() -> StaffAssignment:
        return StaffAssignment(
            assignment_id=uuid7(), ward=principal.ward, staff_code=cmd.staff_code, unit_code=cmd.unit_code,
            effective_at=local_midnight(cmd.effective_on), ended_at=None, recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def end_assignment(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: EndAssignment, principal: Principal
) -> dict[str, Any]:
    async with uow:
        row = await uow.records.get_for_update(StaffAssignment, cmd.assignment_id)
        if row is None or row.ward != principal.ward:
            raise RecordNotFound(f"no assignment {cmd.assignment_id}")
        if row.ended_at is not None:
            raise AlreadyRecorded("this assignment has already ended")
        row.ended_at = local_midnight(cmd.ended_on)
        row.record(Ended())
        view = row_view(row)
        await uow.commit()
    return view


async def schedule_directive(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: ScheduleDirective,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A document the programme must issue by a date (the basis of DIRECTIVES_TIMELY)."""

    async def new() -> Directive:
        return Directive(
            directive_id=uuid7(), ward=principal.ward, kind=cmd.kind, title=cmd.title,
            unit_code=cmd.unit_code, due_at=local_midnight(cmd.due_on), document_code=None, issued_at=None,
            recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def issue_directive(
    uow: ReportingUnitOfWork, deps: ReportingDeps, cmd: IssueDirective, principal: Principal
) -> dict[str, Any]:
    async with uow:
        row = await uow.records.get_for_update(Directive, cmd.directive_id)
        if row is None or row.ward != principal.ward:
            raise RecordNotFound(f"no directive {cmd.directive_id}")
        if row.issued_at is not None:
            raise AlreadyRecorded(f"already issued as {row.document_code}")
        row.document_code, row.issued_at = cmd.document_code, local_midnight(cmd.issued_on)
        row.record(Issued())
        view = row_view(row)
        await uow.commit()
    return view


async def record_yearly_plan(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: RecordYearlyPlan,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """The ward's plan for a year (one per year)."""

    async def new() -> YearlyPlan:
        if await uow.programme.plan_recorded(principal.ward, cmd.year):
            raise AlreadyRecorded(f"the plan for {cmd.year} is already recorded")
        return YearlyPlan(
            plan_id=uuid7(), ward=principal.ward, year=cmd.year, document_code=cmd.document_code,
            issued_at=local_midnight(cmd.issued_on), recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def record_report(
    uow: ReportingUnitOfWork,
    deps: ReportingDeps,
    cmd: RecordReport,
    principal: Principal,
    key: str | None = None,
) -> Created:
    """A periodic report sent upward; produced by the system when it comes from a published snapshot."""

    async def new() -> ReportSubmission:
        produced = False
        if cmd.snapshot_id is not None:
            snap = await uow.snapshots.get(cmd.snapshot_id)
            if snap is None:
                raise RecordNotFound(f"no snapshot {cmd.snapshot_id}")
            await wards_of(uow, principal, snap.scope)  # refuses a snapshot the caller may not see
            produced = snap.status == "published" and snap.period_code == cmd.period.code
        return ReportSubmission(
            report_id=uuid7(), ward=principal.ward, period_code=cmd.period.code, recipient=cmd.recipient,
            snapshot_id=cmd.snapshot_id, produced_by_system=produced, document_code=cmd.document_code,
            submitted_at=cmd.submitted_at, due_at=cmd.period.end + dt.timedelta(days=deps.schedule.due_days),
            recorded_by=principal.id,
        )  # fmt: skip

    return await create_once(uow, principal, key, cmd, new)


async def list_records(
    uow: ReportingUnitOfWork, deps: ReportingDeps, query: ListRecords, principal: Principal
) -> list[dict[str, Any]]:
    """The caller's ward's records of one kind, newest first (at most 1000)."""
    async with uow:
        return [row_view(r) for r in await uow.programme.list(query.kind, principal.ward)]
