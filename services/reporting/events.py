"""Reporting's domain events → the contract messages it publishes (``proto/pcmd/reporting/v1``).

The unit of work calls the function :func:`mapper` returns for every event a record recorded;
each (record, event) pair is mapped here, and an unknown one fails the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from services.reporting.domain.difficulties import StatusChanged
from services.reporting.domain.indicators import BY_CODE
from services.reporting.domain.periods import PeriodType, parse
from services.reporting.domain.records import Ended, Issued, Published, Recorded
from services.reporting.domain.review import Approved
from services.reporting.domain.snapshot import SnapshotContent
from services.reporting.repository.budget import BudgetAllocation, BudgetLine, BudgetSpending, BudgetYear
from services.reporting.repository.difficulties import Difficulty
from services.reporting.repository.evaluation import Commendation, Survey
from services.reporting.repository.programme import (
    Activity,
    Directive,
    ReportSubmission,
    StaffAssignment,
    Training,
    YearlyPlan,
)
from services.reporting.repository.reviews import Review
from services.reporting.repository.snapshots import Snapshot
from shared.clock import now as domain_now
from shared.contracts.catalog import SERVICES, stream_name
from shared.contracts.pcmd.reporting.v1 import events_pb2 as pb
from shared.uow import ToMessages, UnmappedEvent


def enum_name(enum_type: Any, prefix: str, value: str) -> str:
    """The proto enum value's name for an API value; an unknown name fails (and so does the commit)."""
    name = f"{prefix}{value.upper()}"
    enum_type.Value(name)
    return name


def _now() -> dt.datetime:
    return domain_now()


def activity_recorded(row: Activity) -> Message:
    return pb.ActivityRecorded(
        activity_id=str(row.activity_id), ward=row.ward, occurred_at=_now(),
        kind=enum_name(pb.ActivityKind, "ACTIVITY_KIND_", row.kind),
        category=enum_name(pb.ActivityCategory, "ACTIVITY_CATEGORY_", row.category),
        held_at=row.held_at, unit_code=row.unit_code, participant_count=row.reach,
        residential_group=row.residential_group,
    )  # fmt: skip


def training_held(row: Training) -> Message:
    return pb.TrainingHeld(
        training_id=str(row.training_id), ward=row.ward, occurred_at=_now(),
        topic=enum_name(pb.TrainingTopic, "TRAINING_TOPIC_", row.topic), held_at=row.held_at,
        unit_code=row.unit_code, trained_staff_codes=row.trained_staff_codes,
        trained_staff_count=len(row.trained_staff_codes),
    )  # fmt: skip


def staff_assigned(row: StaffAssignment) -> Message:
    return pb.StaffAssigned(
        assignment_id=str(row.assignment_id), ward=row.ward, occurred_at=_now(),
        staff_code=row.staff_code, unit_code=row.unit_code, effective_at=row.effective_at,
    )  # fmt: skip


def staff_unassigned(row: StaffAssignment) -> Message:
    return pb.StaffUnassigned(
        assignment_id=str(row.assignment_id), ward=row.ward, occurred_at=_now(),
        staff_code=row.staff_code, unit_code=row.unit_code, effective_at=row.ended_at,
    )  # fmt: skip


def directive_scheduled(row: Directive) -> Message:
    return pb.DirectiveScheduled(
        directive_id=str(row.directive_id), ward=row.ward, occurred_at=_now(),
        kind=enum_name(pb.DocumentKind, "DOCUMENT_KIND_", row.kind), due_at=row.due_at,
        unit_code=row.unit_code,
    )  # fmt: skip


def directive_issued(row: Directive) -> Message:
    issued_at = row.issued_at or row.due_at
    return pb.DirectiveIssued(
        directive_id=str(row.directive_id), ward=row.ward, occurred_at=_now(),
        kind=enum_name(pb.DocumentKind, "DOCUMENT_KIND_", row.kind), document_code=row.document_code,
        issued_at=issued_at, due_at=row.due_at, on_time=issued_at <= row.due_at, unit_code=row.unit_code,
    )  # fmt: skip


def yearly_plan_recorded(row: YearlyPlan) -> Message:
    return pb.YearlyPlanRecorded(
        plan_id=str(row.plan_id), ward=row.ward, occurred_at=_now(), year=row.year,
        document_code=row.document_code, issued_at=row.issued_at,
    )  # fmt: skip


def report_submitted(row: ReportSubmission) -> Message:
    period = parse(row.period_code)
    return pb.ReportSubmitted(
        report_id=str(row.report_id), ward=row.ward, occurred_at=_now(),
        period_type=enum_name(pb.PeriodType, "PERIOD_TYPE_", period.type.value), period_start=period.start,
        period_end=period.end, recipient=enum_name(pb.ReportRecipient, "REPORT_RECIPIENT_", row.recipient),
        snapshot_id=str(row.snapshot_id or ""), produced_by_system=row.produced_by_system,
        submitted_at=row.submitted_at, due_at=row.due_at, on_time=row.submitted_at <= row.due_at,
        document_code=row.document_code,
    )  # fmt: skip


def _source(source: str) -> str:
    return enum_name(pb.FundingSource, "FUNDING_SOURCE_", source)


def budget_line_estimated(row: BudgetLine) -> Message:
    programme = row.programme or "unspecified"
    return pb.BudgetLineEstimated(
        line_id=str(row.line_id), ward=row.ward, occurred_at=_now(), year=row.year, unit_code=row.unit_code,
        activity_kind=enum_name(pb.BudgetActivityKind, "BUDGET_ACTIVITY_KIND_", row.activity_kind),
        source=_source(row.source), estimate_vnd=row.estimate,
        programme=enum_name(pb.IntegratedProgramme, "INTEGRATED_PROGRAMME_", programme),
    )  # fmt: skip


def budget_allocated(row: BudgetAllocation) -> Message:
    return pb.BudgetAllocated(
        allocation_id=str(row.allocation_id), ward=row.ward, occurred_at=_now(), line_id=str(row.line_id),
        year=row.year, source=_source(row.source), amount_vnd=row.amount, allocated_at=row.allocated_at,
        document_code=row.document_code,
    )  # fmt: skip


def budget_spent(row: BudgetSpending) -> Message:
    approver = row.approved_by.split(":", 1)[0] if row.approved_by and row.over_allocation else ""
    return pb.BudgetSpent(
        spending_id=str(row.spending_id), ward=row.ward, occurred_at=_now(), line_id=str(row.line_id),
        year=row.year, source=_source(row.source), amount_vnd=row.amount, spent_at=row.spent_at,
        document_code=row.document_code, over_allocation=row.over_allocation, approver_unit_code=approver,
        spent_on=enum_name(pb.SpentOn, "SPENT_ON_", row.spent_on or "unspecified"),
        spent_on_id=row.spent_on_id or "",
    )  # fmt: skip


def budget_year_closed(row: BudgetYear) -> Message:
    return pb.BudgetYearClosed(
        closure_id=str(row.closure_id), ward=row.ward, occurred_at=_now(), year=row.year,
        estimate_vnd=row.estimate, allocated_vnd=row.allocated, spent_vnd=row.spent,
    )  # fmt: skip


def _difficulty_codes(row: Difficulty) -> dict[str, Any]:
    return {
        "difficulty_id": str(row.difficulty_id), "ward": row.ward, "occurred_at": _now(),
        "unit_code": row.unit_code, "kind": enum_name(pb.DifficultyKind, "DIFFICULTY_KIND_", row.kind),
        "area": enum_name(pb.DifficultyArea, "DIFFICULTY_AREA_", row.area),
    }  # fmt: skip


def difficulty_recorded(row: Difficulty) -> Message:
    return pb.DifficultyRecorded(**_difficulty_codes(row), raised_at=row.raised_at)


def difficulty_status_changed(row: Difficulty) -> Message:
    latest = row.responses[-1] if row.responses else {}
    return pb.DifficultyStatusChanged(
        **_difficulty_codes(row), status=enum_name(pb.DifficultyStatus, "DIFFICULTY_STATUS_", row.status),
        document_code=latest.get("document_code") or "",
    )  # fmt: skip


def survey_recorded(row: Survey) -> Message:
    period = parse(row.period_code)
    return pb.SurveyRecorded(
        survey_id=str(row.survey_id), ward=row.ward, occurred_at=_now(),
        kind=enum_name(pb.SurveyKind, "SURVEY_KIND_", row.kind),
        subject=enum_name(pb.SurveySubject, "SURVEY_SUBJECT_", row.subject), unit_code=row.unit_code,
        period_type=enum_name(pb.PeriodType, "PERIOD_TYPE_", period.type.value), period_start=period.start,
        period_end=period.end, sample_size=row.sample_size, attachment_count=len(row.attachment_hashes),
        completed_at=row.completed_at,
    )  # fmt: skip


def commendation_recorded(row: Commendation) -> Message:
    return pb.CommendationRecorded(
        commendation_id=str(row.commendation_id), ward=row.ward, occurred_at=_now(),
        kind=enum_name(pb.CommendationKind, "COMMENDATION_KIND_", row.kind), unit_code=row.unit_code or "",
        staff_code=row.staff_code or "", document_code=row.document_code, decided_at=row.decided_at,
    )  # fmt: skip


def _review(message: type[Message], row: Review) -> Message:
    period = parse(row.period_code)
    return message(
        review_id=str(row.review_id), ward=row.ward, occurred_at=_now(),
        kind=enum_name(pb.ReviewKind, "REVIEW_KIND_", row.kind),
        period_type=enum_name(pb.PeriodType, "PERIOD_TYPE_", period.type.value), period_start=period.start,
        period_end=period.end, snapshot_id=str(row.snapshot_id), content_hash=row.content_hash,
    )  # fmt: skip


PERIOD_TYPES = {
    PeriodType.MONTH: pb.PERIOD_TYPE_MONTH,
    PeriodType.QUARTER: pb.PERIOD_TYPE_QUARTER,
    PeriodType.YEAR: pb.PERIOD_TYPE_YEAR,
    PeriodType.PLAN_PERIOD: pb.PERIOD_TYPE_PLAN_PERIOD,
}
# The producers' streams a snapshot records positions of (not reporting's own).
SOURCES = {
    stream_name(service): pb.SourceService.Value(f"SOURCE_SERVICE_{service.upper()}")
    for service in SERVICES
    if service != "reporting"
}


def published_event(row: Snapshot, threshold: int, content: SnapshotContent) -> pb.SnapshotPublished:
    """The copy that leaves the ward, as the use case made it (``Published.figures``)."""
    event = pb.SnapshotPublished(
        snapshot_id=str(row.snapshot_id),
        ward=row.scope,  # published on pcmd.<scope>.reporting.snapshot.published
        period_type=PERIOD_TYPES[content.period.type],
        # The hash of the copy that leaves: the exact one would let a receiver try the few values a
        # withheld cell can take until the hash matched.
        content_hash=content.content_hash,
        ward_codes=list(row.ward_codes),
        small_cell_suppressed=threshold > 0,
        supersedes_snapshot_id=str(row.supersedes_snapshot_id or ""),
        occurred_at=row.published_at or row.computed_at,
        period_start=content.period.start,
        period_end=content.period.end,
    )
    for v in content.indicators:
        event.indicators.add(
            indicator_code=v.code,
            kind=pb.IndicatorKind.Value(f"INDICATOR_KIND_{v.kind.value.upper()}"),
            numerator=v.numerator,
            denominator=v.denominator,
            value=v.value,
            target=v.target,
            comparison=pb.Comparison.Value(f"COMPARISON_{v.comparison.value.upper()}"),
            met=v.met,
            no_data=v.no_data,
            suppressed=v.suppressed,
            complement=v.complement,
        )
    if content.as_of is not None:
        event.as_of.FromDatetime(content.as_of)
    for stream, seq in sorted(row.positions.items()):
        if stream in SOURCES:
            event.positions.add(service=SOURCES[stream], sequence=int(seq))
    event.period_code = content.period.code
    event.time_zone = TIME_ZONE
    for indicator in event.indicators:
        definition = BY_CODE[indicator.indicator_code]
        indicator.title_vi, indicator.title_en = definition.name_vi, definition.name_en
    event.published_hash = published_hash(event)
    return event


TIME_ZONE = "Asia/Ho_Chi_Minh"


def published_hash(event: pb.SnapshotPublished) -> str:
    """SHA-256 of the message's own facts: its proto3 JSON mapping with proto field names and every
    field (defaults included) except ``published_hash``, keys sorted, no whitespace, UTF-8."""
    facts = json_format.MessageToDict(
        event, always_print_fields_with_no_presence=True, preserving_proto_field_name=True
    )
    facts.pop("published_hash", None)
    canonical = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


MAPPERS: dict[tuple[type[Any], type[Any]], Callable[[Any], Message]] = {
    (Activity, Recorded): activity_recorded,
    (Training, Recorded): training_held,
    (StaffAssignment, Recorded): staff_assigned,
    (StaffAssignment, Ended): staff_unassigned,
    (Directive, Recorded): directive_scheduled,
    (Directive, Issued): directive_issued,
    (YearlyPlan, Recorded): yearly_plan_recorded,
    (ReportSubmission, Recorded): report_submitted,
    (BudgetLine, Recorded): budget_line_estimated,
    (BudgetAllocation, Recorded): budget_allocated,
    (BudgetSpending, Recorded): budget_spent,
    (BudgetYear, Recorded): budget_year_closed,
    (Difficulty, Recorded): difficulty_recorded,
    (Difficulty, StatusChanged): difficulty_status_changed,
    (Survey, Recorded): survey_recorded,
    (Commendation, Recorded): commendation_recorded,
    (Review, Recorded): lambda row: _review(pb.ReviewPrepared, row),
    (Review, Approved): lambda row: _review(pb.ReviewApproved, row),
}


def mapper(small_cell_threshold: int) -> ToMessages:
    """The unit of work's mapping; the published snapshot applies the ward's small-cell threshold."""

    def to_messages(record: Any, event: Any) -> list[Message]:
        if isinstance(event, Published) and isinstance(record, Snapshot):
            return [published_event(record, small_cell_threshold, event.figures)]
        build = MAPPERS.get((type(record), type(event)))
        if build is None:
            raise UnmappedEvent(
                f"{type(record).__name__} recorded {type(event).__name__}, which maps to nothing"
            )
        return [build(record)]

    return to_messages
