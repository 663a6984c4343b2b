"""Data reporting owns because no other service produces it: the programme's own records, and their
lists (adding and changing one goes through the unit of work's ``records``, which tracks it)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Integer, String, UniqueConstraint, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column

from services.reporting.repository.base import Base
from shared.uow import Aggregate


class Activity(Base, Aggregate):
    """A communication activity, review or other programme activity."""

    __tablename__ = "activity"
    activity_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(20))
    held_at: Mapped[dt.datetime]
    title: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(100))
    audience: Mapped[str] = mapped_column(String(200))
    reach: Mapped[int] = mapped_column(Integer)
    unit_code: Mapped[str] = mapped_column(String(32))
    residential_group: Mapped[str] = mapped_column(String(40))
    recorded_by: Mapped[str] = mapped_column(String(200))


class Training(Base, Aggregate):
    __tablename__ = "training"
    training_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    held_at: Mapped[dt.datetime]
    unit_code: Mapped[str] = mapped_column(String(32))
    # participants by unit, e.g. {"ca": 4, "vhxh": 2}
    participants: Mapped[dict[str, Any]] = mapped_column(JSONB)
    trained_staff_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    recorded_by: Mapped[str] = mapped_column(String(200))


class StaffAssignment(Base, Aggregate):
    """The roster: a staff member (by code, no name) assigned to the programme's work."""

    __tablename__ = "staff_assignment"
    assignment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    staff_code: Mapped[str] = mapped_column(String(64))
    unit_code: Mapped[str] = mapped_column(String(32))
    effective_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(200))


class Directive(Base, Aggregate):
    """A directive document the programme must issue (plan, directive, decision, letter)."""

    __tablename__ = "directive"
    directive_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    unit_code: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[dt.datetime]
    document_code: Mapped[str | None] = mapped_column(String(60))
    issued_at: Mapped[dt.datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(200))


class YearlyPlan(Base, Aggregate):
    __tablename__ = "yearly_plan"
    __table_args__ = (UniqueConstraint("ward", "year"),)
    plan_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    document_code: Mapped[str] = mapped_column(String(60))
    issued_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


class ReportSubmission(Base, Aggregate):
    """A periodic report sent upward; the basis of IT_REPORTING."""

    __tablename__ = "report_submission"
    report_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    period_code: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(40))
    snapshot_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    produced_by_system: Mapped[bool] = mapped_column(Boolean)
    document_code: Mapped[str] = mapped_column(String(60))
    submitted_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


PROGRAMME_TABLES = (Activity, Training, StaffAssignment, Directive, YearlyPlan, ReportSubmission)

# The lists the API serves, each newest first by its own date.
LISTED: dict[str, tuple[type[Base], InstrumentedAttribute[dt.datetime]]] = {
    "activities": (Activity, Activity.held_at),
    "trainings": (Training, Training.held_at),
    "staff": (StaffAssignment, StaffAssignment.effective_at),
    "directives": (Directive, Directive.due_at),
    "yearly-plans": (YearlyPlan, YearlyPlan.issued_at),
    "reports": (ReportSubmission, ReportSubmission.submitted_at),
}


class ProgrammeRecords:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(self, kind: str, ward: str, limit: int = 1000) -> list[Any]:
        """A ward's records of one kind (a key of ``LISTED``), newest first."""
        model: Any
        model, order = LISTED[kind]
        query = select(model).where(model.ward == ward).order_by(order.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars())

    async def yearly_plan(self, ward: str, years: Sequence[int]) -> YearlyPlan | None:
        """The ward's yearly plan of the latest of ``years`` that has one on record."""
        query = (
            select(YearlyPlan)
            .where(YearlyPlan.ward == ward, YearlyPlan.year.in_(years))
            .order_by(YearlyPlan.year.desc())
            .limit(1)
        )
        found: YearlyPlan | None = (await self._session.execute(query)).scalar_one_or_none()
        return found

    async def plan_recorded(self, ward: str, year: int) -> bool:
        query = select(YearlyPlan.plan_id).where(YearlyPlan.ward == ward, YearlyPlan.year == year)
        return (await self._session.execute(query)).first() is not None
