"""Programme records reporting owns: each is stored and announced (to the city) in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from services.reporting.domain.periods import VN, Period
from services.reporting.domain.records import Ended, Issued, Recorded
from services.reporting.handlers.scope import wards_of
from services.reporting.handlers.snapshots import ReportingDeps
from services.reporting.repository.programme import (
    Activity,
    Directive,
    ReportSubmission,
    StaffAssignment,
    Training,
    YearlyPlan,
)
from services.reporting.repository.snapshots import Snapshot
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.auth import Principal
from shared.errors import Conflict, NotFound
from shared.idempotency import StoredResponse, request_fingerprint
from shared.uow import Aggregate

COMMUNICATION = {
    "communication_meeting", "communication_broadcast", "communication_print", "communication_online",
    "communication_campaign", "legal_dissemination",
}  # fmt: skip
REVIEW = {"interim_review", "final_review"}


class RecordNotFound(NotFound):
    pass


class AlreadyRecorded(Conflict):
    pass


def category_of(kind: str) -> str:
    return "communication" if kind in COMMUNICATION else "review" if kind in REVIEW else "other"


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=VN)


def _row_view(row: Any) -> dict[str, Any]:
    out = {}
    for column in row.__table__.columns:
        value = getattr(row, column.name)
        out[column.name] = value.isoformat() if isinstance(value, dt.datetime) else value
        if isinstance(value, uuid.UUID):
            out[column.name] = str(value)
    return out


@dataclass(frozen=True)
class NewActivity:
    kind: str
    held_at: dt.datetime
    title: str
    channel: str
    audience: str
    reach: int
    unit_code: str
    residential_group: str = ""


async def record_activity(
    uow: ReportingUnitOfWork, once: Once, cmd: NewActivity
) -> tuple[StoredResponse, bool]:
    principal = once.principal
    """A communication activity (date, form, channel, audience, reach, organising unit) or a review."""
    row = Activity(
        activity_id=uuid7(), ward=principal.ward, category=category_of(cmd.kind), recorded_by=principal.id,
        **cmd.__dict__,
    )  # fmt: skip
    return await once.save(uow, row)


Check = Callable[[AsyncSession], Awaitable[None]]


@dataclass(frozen=True)
class Once:
    """The caller's Idempotency-Key and the request it came with: a retry returns the first answer."""

    principal: Principal
    key: str | None
    payload: Any

    async def save(
        self, uow: ReportingUnitOfWork, row: Aggregate, check: Check | None = None
    ) -> tuple[StoredResponse, bool]:
        """Store a new record (it records that it was created; the unit of work publishes that)."""

        async def create() -> dict[str, Any]:
            if check is not None:
                await check(uow.session)
            row.record(Recorded())
            await uow.records.add(row)
            return _row_view(row)

        async with uow:
            stored, replayed = await uow.idempotency.run_once(
                principal=self.principal.id,
                key=self.key,
                fingerprint=request_fingerprint(self.payload),
                create=create,
            )
            await uow.commit()
        return stored, replayed


@dataclass(frozen=True)
class NewTraining:
    topic: str
    title: str
    held_at: dt.datetime
    unit_code: str
    participants: dict[str, int]
    trained_staff_codes: list[str]


async def record_training(
    uow: ReportingUnitOfWork, once: Once, cmd: NewTraining
) -> tuple[StoredResponse, bool]:
    principal = once.principal
    """A training held for staff: topic, date, participants by unit, the staff codes trained."""
    codes = sorted(set(cmd.trained_staff_codes))
    row = Training(
        training_id=uuid7(), ward=principal.ward, recorded_by=principal.id,
        **{**cmd.__dict__, "trained_staff_codes": codes},
    )  # fmt: skip
    return await once.save(uow, row)


async def assign_staff(
    uow: ReportingUnitOfWork, once: Once, staff_code: str, unit_code: str, effective_on: dt.date
) -> tuple[StoredResponse, bool]:
    """Put a staff member (by code; names stay in the personnel system) on the programme's roster."""
    effective = local_midnight(effective_on)
    principal = once.principal
    row = StaffAssignment(
        assignment_id=uuid7(), ward=principal.ward, staff_code=staff_code, unit_code=unit_code,
        effective_at=effective, ended_at=None, recorded_by=principal.id,
    )  # fmt: skip
    return await once.save(uow, row)


async def end_assignment(
    uow: ReportingUnitOfWork, principal: Principal, assignment_id: uuid.UUID, ended_on: dt.date
) -> dict[str, Any]:
    async with uow:
        row = await uow.records.get_for_update(StaffAssignment, assignment_id)
        if row is None or row.ward != principal.ward:
            raise RecordNotFound(f"no assignment {assignment_id}")
        if row.ended_at is not None:
            raise AlreadyRecorded("this assignment has already ended")
        row.ended_at = local_midnight(ended_on)
        row.record(Ended())
        view = _row_view(row)
        await uow.commit()
    return view


async def schedule_directive(
    uow: ReportingUnitOfWork, once: Once, *, kind: str, title: str, unit_code: str, due_on: dt.date
) -> tuple[StoredResponse, bool]:
    """A document the programme must issue by a date (the basis of DIRECTIVES_TIMELY)."""
    due, principal = local_midnight(due_on), once.principal
    row = Directive(
        directive_id=uuid7(), ward=principal.ward, kind=kind, title=title, unit_code=unit_code, due_at=due,
        document_code=None, issued_at=None, recorded_by=principal.id,
    )  # fmt: skip
    return await once.save(uow, row)


async def issue_directive(
    uow: ReportingUnitOfWork,
    principal: Principal,
    directive_id: uuid.UUID,
    document_code: str,
    issued_on: dt.date,
) -> dict[str, Any]:
    async with uow:
        row = await uow.records.get_for_update(Directive, directive_id)
        if row is None or row.ward != principal.ward:
            raise RecordNotFound(f"no directive {directive_id}")
        if row.issued_at is not None:
            raise AlreadyRecorded(f"already issued as {row.document_code}")
        row.document_code, row.issued_at = document_code, local_midnight(issued_on)
        row.record(Issued())
        view = _row_view(row)
        await uow.commit()
    return view


async def record_yearly_plan(
    uow: ReportingUnitOfWork, once: Once, year: int, document_code: str, issued_on: dt.date
) -> tuple[StoredResponse, bool]:
    principal = once.principal

    async def not_yet_recorded(session: AsyncSession) -> None:
        taken = await session.execute(
            select(YearlyPlan.plan_id).where(YearlyPlan.ward == principal.ward, YearlyPlan.year == year)
        )
        if taken.first() is not None:
            raise AlreadyRecorded(f"the plan for {year} is already recorded")

    issued = local_midnight(issued_on)
    row = YearlyPlan(
        plan_id=uuid7(), ward=principal.ward, year=year, document_code=document_code, issued_at=issued,
        recorded_by=principal.id,
    )  # fmt: skip
    return await once.save(uow, row, check=not_yet_recorded)


RECIPIENTS = {"city_health_department", "city_peoples_committee", "ward_peoples_committee", "other"}


async def record_report(
    uow: ReportingUnitOfWork, deps: ReportingDeps, once: Once, *, period: Period, recipient: str,
    document_code: str, snapshot_id: uuid.UUID | None, submitted_at: dt.datetime,
) -> tuple[StoredResponse, bool]:  # fmt: skip
    """A periodic report sent upward; produced by the system when it comes from a published snapshot."""
    principal = once.principal
    async with uow:
        produced = False
        if snapshot_id is not None:
            snap = await uow.session.get(Snapshot, snapshot_id)
            if snap is None:
                raise RecordNotFound(f"no snapshot {snapshot_id}")
            await wards_of(uow.session, principal, snap.scope)
            produced = snap.status == "published" and snap.period_code == period.code
    due = period.end + dt.timedelta(days=deps.schedule.due_days)
    row = ReportSubmission(
        report_id=uuid7(), ward=principal.ward, period_code=period.code, recipient=recipient,
        snapshot_id=snapshot_id, produced_by_system=produced, document_code=document_code,
        submitted_at=submitted_at, due_at=due, recorded_by=principal.id,
    )  # fmt: skip
    return await once.save(uow, row)


LISTED = {
    "activities": (Activity, Activity.held_at),
    "trainings": (Training, Training.held_at),
    "staff": (StaffAssignment, StaffAssignment.effective_at),
    "directives": (Directive, Directive.due_at),
    "yearly-plans": (YearlyPlan, YearlyPlan.issued_at),
    "reports": (ReportSubmission, ReportSubmission.submitted_at),
}


async def list_records(uow: ReportingUnitOfWork, principal: Principal, kind: str) -> list[dict[str, Any]]:
    model: Any
    model, order = LISTED[kind]
    async with uow:
        rows = await uow.session.execute(
            select(model).where(model.ward == principal.ward).order_by(order.desc()).limit(1000)
        )
        return [_row_view(r) for r in rows.scalars()]
