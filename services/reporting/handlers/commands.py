"""Reporting's commands and queries: what a caller asks for, already parsed and typed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from services.reporting.domain.periods import Period

# programme records -------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class NewTraining:
    topic: str
    title: str
    held_at: dt.datetime
    unit_code: str
    participants: dict[str, int]
    trained_staff_codes: list[str]


@dataclass(frozen=True)
class AssignStaff:
    staff_code: str
    unit_code: str
    effective_on: dt.date


@dataclass(frozen=True)
class EndAssignment:
    assignment_id: uuid.UUID
    ended_on: dt.date


@dataclass(frozen=True)
class ScheduleDirective:
    kind: str
    title: str
    unit_code: str
    due_on: dt.date


@dataclass(frozen=True)
class IssueDirective:
    directive_id: uuid.UUID
    document_code: str
    issued_on: dt.date


@dataclass(frozen=True)
class RecordYearlyPlan:
    year: int
    document_code: str
    issued_on: dt.date


@dataclass(frozen=True)
class RecordReport:
    period: Period
    recipient: str
    document_code: str
    snapshot_id: uuid.UUID | None
    submitted_at: dt.datetime


@dataclass(frozen=True)
class ListRecords:
    kind: str  # a key of ``repository.programme.LISTED``


# indicators and targets --------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorsOf:
    """The indicators of an org unit over a period (values now, or month by month)."""

    scope: str
    period: Period


@dataclass(frozen=True)
class TargetsOf:
    scope: str
    year: int


@dataclass(frozen=True)
class TargetHistory:
    scope: str


@dataclass(frozen=True)
class SetTarget:
    scope: str
    year: int
    code: str
    target: int
    reason: str


@dataclass(frozen=True)
class TipCountsOf:
    since: dt.datetime | None = None
    until: dt.datetime | None = None


# snapshots ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrepareSnapshot:
    scope: str
    period: Period


@dataclass(frozen=True)
class ApproveSnapshot:
    snapshot_id: uuid.UUID


@dataclass(frozen=True)
class SnapshotsOf:
    scope: str
    period_code: str | None = None


@dataclass(frozen=True)
class GetSnapshot:
    snapshot_id: uuid.UUID


ExportFormat = Literal["xlsx", "csv", "docx"]
Audience = Literal["ward", "city"]


@dataclass(frozen=True)
class ExportSnapshot:
    snapshot_id: uuid.UUID
    fmt: ExportFormat
    audience: Audience = "city"
    document_number: str = ""
