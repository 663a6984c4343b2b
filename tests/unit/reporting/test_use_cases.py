"""Reporting's use cases through the fake unit of work: what each one stores and which contract messages
its commit publishes, in order. Only the I/O is fake; the events are collected and mapped by the real
``ReportingUnitOfWork.collect_messages`` and ``services.reporting.events.mapper``."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from typing import Any

import pytest

from services.reporting.domain.indicators import BY_CODE, CATALOGUE
from services.reporting.domain.periods import VN, quarter
from services.reporting.domain.snapshot import BreakdownRow, SnapshotContent
from services.reporting.handlers import programme, snapshot_files, snapshots, targets
from services.reporting.handlers.commands import (
    ApproveSnapshot,
    AssignStaff,
    EndAssignment,
    ExportSnapshot,
    IssueDirective,
    ListRecords,
    NewActivity,
    NewTraining,
    RecordReport,
    RecordYearlyPlan,
    ScheduleDirective,
    SetTarget,
    SnapshotsOf,
    TargetHistory,
    TargetsOf,
)
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import (
    AlreadyRecorded,
    RecordNotFound,
    ScopeForbidden,
    ScopeNotFound,
    SnapshotNotFound,
    SnapshotNotPrepared,
    TargetOutOfRange,
    UnknownIndicator,
)
from services.reporting.repository.measures import ReportSchedule
from services.reporting.repository.snapshots import OrgUnit, Snapshot
from shared.auth import Principal
from shared.contracts.pcmd.reporting.v1 import events_pb2 as pb
from shared.contracts.values import WARD_TIME
from shared.idempotency import IdempotencyKeyReused
from tests.unit.reporting.fakes import FakeReportingUnitOfWork

WARD, OTHER, CITY = "lechan", "ngoquyen", "haiphong"
V1 = "pcmd.reporting.v1."
NOW = dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC)
DEPS = ReportingDeps(ReportSchedule(), small_cell_threshold=5, clock=lambda: NOW)
OFFICER = Principal("u1", WARD, "vhxh", frozenset({"officer"}))
LEADER = Principal("l1", WARD, "ubnd", frozenset({"leader"}))
STRANGER = Principal("s1", OTHER, "vhxh", frozenset({"officer"}))  # another ward of the same city
CITY_STAFF = Principal("c1", CITY, "city", frozenset({"officer"}))
ACTIVITY = NewActivity(
    "communication_meeting", dt.datetime(2026, 3, 5, 8, tzinfo=VN), "Hội nghị", "loa", "người dân", 80, "ttdv"
)


@pytest.fixture
def uow() -> FakeReportingUnitOfWork:
    fake = FakeReportingUnitOfWork(WARD, small_cell_threshold=5)
    fake.put(
        OrgUnit(
            code=CITY, name_vi="Thành phố Hải Phòng", name_en="Hai Phong city", level="city", parent_code=None
        ),
        OrgUnit(code=WARD, name_vi="Phường Lê Chân", name_en="Le Chan ward", level="ward", parent_code=CITY),
        OrgUnit(
            code=OTHER, name_vi="Phường Ngô Quyền", name_en="Ngo Quyen ward", level="ward", parent_code=CITY
        ),
    )
    return fake


def names(uow: FakeReportingUnitOfWork) -> list[str]:
    return [n.removeprefix(V1) for n in uow.names()]


def stored(uow: FakeReportingUnitOfWork) -> dict[str, Any]:
    return {name: copy.copy(table) for name, table in uow.tables.items()}


async def refused(uow: FakeReportingUnitOfWork, error: type[Exception], call: Any) -> None:
    """The use case raises ``error``, and its transaction publishes and stores nothing."""
    published, before = list(uow.published), stored(uow)
    with pytest.raises(error):
        await call
    assert uow.published == published and not uow.committed
    assert stored(uow) == before


# programme records -------------------------------------------------------------------------------


async def test_an_activity_is_stored_with_its_category_and_announced(uow: FakeReportingUnitOfWork) -> None:
    stored, replayed = await programme.record_activity(uow, DEPS, ACTIVITY, OFFICER)
    assert (stored.status_code, replayed) == (201, False)
    assert stored.body["category"] == "communication" and stored.body["recorded_by"] == "vhxh:u1"
    assert names(uow) == ["ActivityRecorded"]
    event = uow.published[0]
    assert isinstance(event, pb.ActivityRecorded)
    assert (event.activity_id, event.ward, event.participant_count) == (stored.body["activity_id"], WARD, 80)
    assert event.category == pb.ACTIVITY_CATEGORY_COMMUNICATION
    listed = await programme.list_records(uow, DEPS, ListRecords("activities"), OFFICER)
    assert [a["activity_id"] for a in listed] == [stored.body["activity_id"]]
    assert await programme.list_records(uow, DEPS, ListRecords("activities"), STRANGER) == []


async def test_a_retried_create_with_the_same_key_records_once(uow: FakeReportingUnitOfWork) -> None:
    first, replayed_first = await programme.record_activity(uow, DEPS, ACTIVITY, OFFICER, "k-1")
    again, replayed = await programme.record_activity(uow, DEPS, ACTIVITY, OFFICER, "k-1")
    assert (replayed_first, replayed) == (False, True) and again.body == first.body
    assert names(uow) == ["ActivityRecorded"] and len(uow.tables["activity"]) == 1
    other = NewActivity(**{**ACTIVITY.__dict__, "reach": 81})
    await refused(uow, IdempotencyKeyReused, programme.record_activity(uow, DEPS, other, OFFICER, "k-1"))
    await programme.record_activity(uow, DEPS, ACTIVITY, LEADER, "k-1")  # keys are per caller
    assert names(uow) == ["ActivityRecorded", "ActivityRecorded"]


async def test_a_training_counts_each_trained_staff_code_once(uow: FakeReportingUnitOfWork) -> None:
    cmd = NewTraining(
        "inspection", "Tập huấn", dt.datetime(2026, 2, 5, tzinfo=VN), "vhxh", {"ca": 3}, ["B", "A", "A"]
    )
    stored, _ = await programme.record_training(uow, DEPS, cmd, OFFICER)
    assert stored.body["trained_staff_codes"] == ["A", "B"]
    assert names(uow) == ["TrainingHeld"]
    event = uow.published[0]
    assert isinstance(event, pb.TrainingHeld)
    assert (list(event.trained_staff_codes), event.trained_staff_count) == (["A", "B"], 2)


async def test_an_assignment_is_announced_then_ended_once(uow: FakeReportingUnitOfWork) -> None:
    stored, _ = await programme.assign_staff(
        uow, DEPS, AssignStaff("CB-1", "ca", dt.date(2026, 1, 1)), OFFICER
    )
    assert stored.body["effective_at"] == "2026-01-01T00:00:00+07:00" and stored.body["ended_at"] is None
    end = EndAssignment(uuid.UUID(stored.body["assignment_id"]), dt.date(2026, 2, 1))
    ended = await programme.end_assignment(uow, DEPS, end, OFFICER)
    assert ended["ended_at"] == "2026-02-01T00:00:00+07:00"
    assert names(uow) == ["StaffAssigned", "StaffUnassigned"]
    unassigned = uow.published[1]
    assert isinstance(unassigned, pb.StaffUnassigned) and unassigned.staff_code == "CB-1"

    await refused(uow, AlreadyRecorded, programme.end_assignment(uow, DEPS, end, OFFICER))
    await refused(uow, RecordNotFound, programme.end_assignment(uow, DEPS, end, STRANGER))
    missing = EndAssignment(uuid.uuid4(), dt.date(2026, 2, 1))
    await refused(uow, RecordNotFound, programme.end_assignment(uow, DEPS, missing, OFFICER))


async def test_a_directive_is_scheduled_then_issued_once(uow: FakeReportingUnitOfWork) -> None:
    cmd = ScheduleDirective("directive", "Chỉ thị tăng cường", "vhxh", dt.date(2026, 3, 1))
    stored, _ = await programme.schedule_directive(uow, DEPS, cmd, OFFICER)
    assert stored.body["document_code"] is None and stored.body["issued_at"] is None
    issue = IssueDirective(uuid.UUID(stored.body["directive_id"]), "01/CT-UBND", dt.date(2026, 2, 20))
    issued = await programme.issue_directive(uow, DEPS, issue, OFFICER)
    assert (issued["document_code"], issued["issued_at"]) == ("01/CT-UBND", "2026-02-20T00:00:00+07:00")
    assert names(uow) == ["DirectiveScheduled", "DirectiveIssued"]
    event = uow.published[1]
    assert isinstance(event, pb.DirectiveIssued) and event.on_time and event.document_code == "01/CT-UBND"

    again = IssueDirective(issue.directive_id, "02/CT-UBND", dt.date(2026, 2, 21))
    await refused(uow, AlreadyRecorded, programme.issue_directive(uow, DEPS, again, OFFICER))
    await refused(uow, RecordNotFound, programme.issue_directive(uow, DEPS, issue, STRANGER))


async def test_a_yearly_plan_is_recorded_once_per_ward_and_year(uow: FakeReportingUnitOfWork) -> None:
    plan = RecordYearlyPlan(2026, "12/KH-UBND", dt.date(2026, 1, 15))
    await programme.record_yearly_plan(uow, DEPS, plan, OFFICER, "plan-2026")
    assert names(uow) == ["YearlyPlanRecorded"]
    second = RecordYearlyPlan(2026, "13/KH-UBND", dt.date(2026, 2, 1))
    await refused(uow, AlreadyRecorded, programme.record_yearly_plan(uow, DEPS, second, OFFICER))
    _, replayed = await programme.record_yearly_plan(uow, DEPS, plan, OFFICER, "plan-2026")
    assert replayed, "a retry of the first request replays its answer, it is not refused"
    await programme.record_yearly_plan(uow, DEPS, plan, STRANGER)  # another ward has its own plan
    assert names(uow) == ["YearlyPlanRecorded", "YearlyPlanRecorded"]


def prepared_snapshot(scope: str = WARD, period_code: str = "2026-Q1", at: dt.datetime = NOW) -> Snapshot:
    """A prepared snapshot as ``snapshots.prepare`` stores it: three of four clients served (few people)."""
    period = quarter(2026, 1) if period_code == "2026-Q1" else quarter(2026, 2)
    values = tuple(BY_CODE[i.code].evaluate(3, 4) for i in CATALOGUE)
    rows = (
        BreakdownRow("case_support", "clients", "served", 3, True),
        BreakdownRow("intake", "tips_by_kind", "report", 3),
    )
    content = SnapshotContent(scope, (scope,), period, values, rows)
    return Snapshot(
        snapshot_id=uuid.uuid4(), scope=scope, ward_codes=[scope], period_type=period.type.value,
        period_code=period.code, period_start=period.start, period_end=period.end,
        content=content.canonical(), content_hash=content.content_hash,
        positions={"PCMD_INTAKE": 6, "PCMD_REPORTING": 2}, computed_at=at,
        prepared_by="system:reporting", status="prepared", approved_by=None, approved_at=None,
        published_at=None, supersedes_snapshot_id=None,
    )  # fmt: skip


async def test_a_report_from_a_published_snapshot_of_its_period_is_produced_by_the_system(
    uow: FakeReportingUnitOfWork,
) -> None:
    draft, published = prepared_snapshot(), prepared_snapshot()
    published.status = "published"
    uow.put(draft, published)

    def report(snapshot_id: uuid.UUID | None, code: str) -> RecordReport:
        sent = dt.datetime(2026, 4, 10, 9, tzinfo=VN)
        return RecordReport(quarter(2026, 1), "city_health_department", code, snapshot_id, sent)

    by_hand, _ = await programme.record_report(uow, DEPS, report(None, "29/BC"), OFFICER)
    from_draft, _ = await programme.record_report(uow, DEPS, report(draft.snapshot_id, "30/BC"), OFFICER)
    produced, _ = await programme.record_report(uow, DEPS, report(published.snapshot_id, "31/BC"), OFFICER)
    assert [r.body["produced_by_system"] for r in (by_hand, from_draft, produced)] == [False, False, True]
    assert produced.body["due_at"] == "2026-04-16T00:00:00+07:00", "15 days after the quarter ends"
    assert names(uow) == ["ReportSubmitted"] * 3
    event = uow.published[2]
    assert isinstance(event, pb.ReportSubmitted) and event.on_time and event.produced_by_system

    missing = report(uuid.uuid4(), "32/BC")
    await refused(uow, RecordNotFound, programme.record_report(uow, DEPS, missing, OFFICER))
    await refused(
        uow, ScopeForbidden, programme.record_report(uow, DEPS, report(draft.snapshot_id, "33/BC"), STRANGER)
    )


# snapshots ---------------------------------------------------------------------------------------


async def test_approving_publishes_the_snapshot_once_with_small_counts_withheld(
    uow: FakeReportingUnitOfWork,
) -> None:
    row = prepared_snapshot()
    uow.put(row)
    await refused(
        uow, ScopeForbidden, snapshots.approve(uow, DEPS, ApproveSnapshot(row.snapshot_id), STRANGER)
    )
    view = await snapshots.approve(uow, DEPS, ApproveSnapshot(row.snapshot_id), LEADER)
    assert (view["status"], view["approved_by"], view["published_at"]) == (
        "published",
        "ubnd:l1",
        NOW.astimezone(WARD_TIME).isoformat(),
    )
    assert view["supersedes_snapshot_id"] is None
    assert {v["code"]: v["numerator"] for v in view["indicators"]}["HR_ACCESS"] == 3, (
        "the ward sees exact counts"
    )
    assert names(uow) == ["SnapshotPublished"]
    event = uow.published[0]
    assert isinstance(event, pb.SnapshotPublished)
    assert (event.snapshot_id, event.ward, event.small_cell_suppressed) == (str(row.snapshot_id), WARD, True)
    sent = {v.indicator_code: v for v in event.indicators}
    assert sent["HR_ACCESS"].suppressed and sent["HR_ACCESS"].numerator == 0
    assert not sent["TIPS_TIMELY"].suppressed and sent["TIPS_TIMELY"].numerator == 3
    assert [(p.service, p.sequence) for p in event.positions] == [(pb.SOURCE_SERVICE_INTAKE, 6)]
    assert uow.tables["snapshot"][str(row.snapshot_id)]["status"] == "published"

    await refused(
        uow, SnapshotNotPrepared, snapshots.approve(uow, DEPS, ApproveSnapshot(row.snapshot_id), LEADER)
    )
    await refused(uow, SnapshotNotFound, snapshots.approve(uow, DEPS, ApproveSnapshot(uuid.uuid4()), LEADER))


async def test_a_later_approval_supersedes_the_published_snapshot(uow: FakeReportingUnitOfWork) -> None:
    first, second = prepared_snapshot(), prepared_snapshot(at=NOW + dt.timedelta(hours=1))
    uow.put(first, second)
    await snapshots.approve(uow, DEPS, ApproveSnapshot(first.snapshot_id), LEADER)
    later = ReportingDeps(DEPS.schedule, 5, clock=lambda: NOW + dt.timedelta(days=1))
    view = await snapshots.approve(uow, later, ApproveSnapshot(second.snapshot_id), LEADER)
    assert view["supersedes_snapshot_id"] == str(first.snapshot_id)
    assert names(uow) == ["SnapshotPublished", "SnapshotPublished"]
    event = uow.published[1]
    assert isinstance(event, pb.SnapshotPublished) and event.supersedes_snapshot_id == str(first.snapshot_id)
    listed = await snapshots.list_snapshots(uow, DEPS, SnapshotsOf(WARD, "2026-Q1"), CITY_STAFF)
    assert [s["id"] for s in listed] == [str(second.snapshot_id), str(first.snapshot_id)], "newest first"
    await refused(uow, ScopeForbidden, snapshots.list_snapshots(uow, DEPS, SnapshotsOf(WARD), STRANGER))
    await refused(uow, ScopeNotFound, snapshots.list_snapshots(uow, DEPS, SnapshotsOf("nowhere"), OFFICER))


async def test_an_export_names_the_file_and_withholds_small_counts_where_it_leaves_the_ward(
    uow: FakeReportingUnitOfWork,
) -> None:
    row = prepared_snapshot()
    uow.put(row)
    exact = await snapshot_files.export_snapshot(
        uow, DEPS, ExportSnapshot(row.snapshot_id, "csv", "ward"), OFFICER
    )
    city = await snapshot_files.export_snapshot(uow, DEPS, ExportSnapshot(row.snapshot_id, "csv"), OFFICER)
    assert exact.name == f"pcmd-{WARD}-2026-Q1-{str(row.snapshot_id)[:8]}.csv"
    assert exact.media_type == city.media_type == "text/csv; charset=utf-8"
    assert "<5" not in exact.content.decode("utf-8-sig") and "<5" in city.content.decode("utf-8-sig")
    assert uow.published == [], "reading publishes nothing"
    await refused(
        uow,
        ScopeForbidden,
        snapshot_files.export_snapshot(uow, DEPS, ExportSnapshot(row.snapshot_id, "csv"), STRANGER),
    )


# targets -----------------------------------------------------------------------------------------


async def test_a_target_is_set_with_its_history_and_announces_nothing(uow: FakeReportingUnitOfWork) -> None:
    cmd = SetTarget(WARD, 2026, "HR_ACCESS", 9000, "Nghị quyết HĐND phường")
    assert await targets.set_target(uow, DEPS, cmd, LEADER) == {
        "code": "HR_ACCESS", "scope": WARD, "year": 2026, "target": 9000, "previous": None,
    }  # fmt: skip
    again = await targets.set_target(uow, DEPS, SetTarget(WARD, 2026, "HR_ACCESS", 9500, "Sửa lại"), LEADER)
    assert again["previous"] == 9000
    assert uow.published == [] and uow.committed
    listed = {t["code"]: t for t in await targets.list_targets(uow, DEPS, TargetsOf(WARD, 2026), OFFICER)}
    assert (listed["HR_ACCESS"]["target"], listed["HR_ACCESS"]["set_by"]) == (9500, "ubnd:l1")
    assert (listed["TIPS_TIMELY"]["target"], listed["TIPS_TIMELY"]["set_at"]) == (10000, None)
    history = await targets.history(uow, DEPS, TargetHistory(WARD), OFFICER)
    assert [(h["old_target"], h["new_target"], h["actor"]) for h in history] == [
        (9000, 9500, "ubnd:l1"),
        (None, 9000, "ubnd:l1"),
    ]


async def test_a_target_out_of_range_unknown_or_elsewhere_is_refused(uow: FakeReportingUnitOfWork) -> None:
    await refused(
        uow,
        TargetOutOfRange,
        targets.set_target(uow, DEPS, SetTarget(WARD, 2026, "HR_ACCESS", 10001, "x"), LEADER),
    )
    await refused(
        uow, UnknownIndicator, targets.set_target(uow, DEPS, SetTarget(WARD, 2026, "NOPE", 1, "x"), LEADER)
    )
    await refused(
        uow,
        ScopeForbidden,
        targets.set_target(uow, DEPS, SetTarget(WARD, 2026, "HOTSPOTS", 1, "x"), STRANGER),
    )
    await refused(
        uow,
        ScopeNotFound,
        targets.set_target(uow, DEPS, SetTarget("nowhere", 2026, "HOTSPOTS", 1, "x"), LEADER),
    )
