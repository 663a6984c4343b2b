"""Indicators of the programme's own records, entered through the use cases, with known answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from services.reporting.domain.periods import quarter, year
from services.reporting.handlers import programme, snapshots
from services.reporting.handlers.commands import (
    ApproveSnapshot,
    AssignStaff,
    EndAssignment,
    IssueDirective,
    ListRecords,
    NewActivity,
    NewTraining,
    PrepareSnapshot,
    RecordReport,
    RecordYearlyPlan,
    ScheduleDirective,
)
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.errors import AlreadyRecorded
from tests.integration.reporting.world import World, at, open_world


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward)
    yield w
    await w.rt.stop()


async def activity(w: World, kind: str, when: dt.datetime) -> None:
    cmd = NewActivity(kind, when, "Tuyên truyền", "loa phát thanh", "người dân", 120, "ttdv")
    await programme.record_activity(w.rt.uow(), w.rt.deps, cmd, w.principal())


async def test_comm_regular_counts_months_with_a_communication_activity(world: World) -> None:
    w = world
    await activity(w, "communication_meeting", at(2026, 1, 5))
    await activity(w, "communication_broadcast", at(2026, 1, 20))
    await activity(w, "interim_review", at(2026, 2, 10))  # a review is not communication
    await activity(w, "communication_online", at(2026, 3, 31, 23))  # 23:00 local is still March

    assert await w.figure("COMM_REGULAR", quarter(2026, 1)) == (2, 3, 6666, False)
    assert await w.figure("COMM_REGULAR", year(2026)) == (2, 12, 1666, False)


async def test_plan_yearly_needs_a_plan_issued_before_the_period_ends(world: World) -> None:
    w = world
    plan = RecordYearlyPlan(2026, "12/KH-UBND", dt.date(2026, 1, 15))
    await programme.record_yearly_plan(w.rt.uow(), w.rt.deps, plan, w.principal())
    with pytest.raises(AlreadyRecorded):
        again = RecordYearlyPlan(2026, "13/KH-UBND", dt.date(2026, 2, 1))
        await programme.record_yearly_plan(w.rt.uow(), w.rt.deps, again, w.principal())

    assert await w.figure("PLAN_YEARLY", quarter(2026, 1)) == (1, 1, 1, True)
    assert await w.figure("PLAN_YEARLY", year(2027)) == (0, 1, 0, False)


async def test_directives_timely_counts_documents_due_in_the_period_issued_by_then(world: World) -> None:
    w = world
    ids = []
    for due in (dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 20), dt.date(2026, 4, 5)):
        cmd = ScheduleDirective(kind="directive", title="Chỉ thị tăng cường", unit_code="vhxh", due_on=due)
        stored, _ = await programme.schedule_directive(w.rt.uow(), w.rt.deps, cmd, w.principal())
        ids.append(stored.body["directive_id"])
    for directive_id, code, issued in (
        (ids[0], "01/CT-UBND", dt.date(2026, 1, 30)),
        (ids[1], "02/CT-UBND", dt.date(2026, 3, 5)),
    ):
        await programme.issue_directive(
            w.rt.uow(), w.rt.deps, IssueDirective(directive_id, code, issued), w.principal()
        )

    assert await w.figure("DIRECTIVES_TIMELY", quarter(2026, 1)) == (1, 3, 3333, False)


async def test_staff_trained_counts_assigned_staff_trained_in_the_plan_period(world: World) -> None:
    w = world
    ended = None
    for code in ("CB-1", "CB-2", "CB-3"):
        cmd = AssignStaff(code, "ca", dt.date(2026, 1, 1))
        stored, _ = await programme.assign_staff(w.rt.uow(), w.rt.deps, cmd, w.principal())
        ended = stored.body["assignment_id"]
    end = EndAssignment(ended, dt.date(2026, 2, 1))
    await programme.end_assignment(w.rt.uow(), w.rt.deps, end, w.principal())  # CB-3 left
    training = NewTraining(
        "law_and_policy", "Tập huấn pháp luật", at(2026, 2, 10), "vhxh", {"ca": 2}, ["CB-1", "CB-3"]
    )
    await programme.record_training(w.rt.uow(), w.rt.deps, training, w.principal())

    assert await w.figure("STAFF_TRAINED", quarter(2026, 1)) == (1, 2, 5000, False)
    assert await w.figure("STAFF_TRAINED", quarter(2025 + 1, 1)) == (1, 2, 5000, False)


async def test_it_reporting_counts_reports_due_in_the_period_sent_from_a_published_snapshot(
    world: World,
) -> None:
    w = world
    deps: ReportingDeps = w.rt.deps
    # Q1's report falls due 15 days after 1 April; a Q2 figure asks for it.
    assert await w.figure("IT_REPORTING", quarter(2026, 2)) == (0, 1, 0, False)
    snap = await snapshots.prepare(w.rt.uow(), deps, PrepareSnapshot(w.ward, quarter(2026, 1)), w.principal())
    report = RecordReport(
        period=quarter(2026, 1), recipient="city_health_department", document_code="30/BC-UBND",
        snapshot_id=snap["id"], submitted_at=at(2026, 4, 10),
    )  # fmt: skip
    await programme.record_report(w.rt.uow(), deps, report, w.principal())
    assert await w.figure("IT_REPORTING", quarter(2026, 2)) == (0, 1, 0, False), (
        "not yet approved and published"
    )
    await snapshots.approve(w.rt.uow(), deps, ApproveSnapshot(snap["id"]), w.principal("ubnd", "leader"))
    report = RecordReport(
        period=quarter(2026, 1), recipient="city_health_department", document_code="31/BC-UBND",
        snapshot_id=snap["id"], submitted_at=at(2026, 4, 12),
    )  # fmt: skip
    await programme.record_report(w.rt.uow(), deps, report, w.principal())
    assert await w.figure("IT_REPORTING", quarter(2026, 2)) == (1, 1, 10000, True)
    assert await w.figure("IT_REPORTING", quarter(2026, 1)) == (0, 0, 0, False), (
        "no report of the plan is due"
    )
    assert await w.figure("IT_REPORTING", year(2026)) == (1, 3, 3333, False), "Q1, Q2, Q3 reports due in 2026"


async def test_a_retried_create_with_the_same_key_records_once(world: World) -> None:
    w = world
    cmd = NewActivity("communication_print", at(2026, 5, 5), "Tờ rơi", "tờ rơi", "hộ kinh doanh", 300, "ttdv")
    first, replayed_first = await programme.record_activity(w.rt.uow(), w.rt.deps, cmd, w.principal(), "k-1")
    again, replayed = await programme.record_activity(w.rt.uow(), w.rt.deps, cmd, w.principal(), "k-1")
    assert (replayed_first, replayed) == (False, True)
    assert again.body == first.body
    listed = await programme.list_records(w.rt.uow(), w.rt.deps, ListRecords("activities"), w.principal())
    assert len(listed) == 1
