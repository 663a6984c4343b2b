"""The indicator SQL on the edges of a period and on each exclusion its definition names.

One table per indicator. Each row is a scenario alone in its own ward: the events (or programme
records) it needs, then the numerator and denominator counted by hand. The period is Q1 2026, which
runs from 00:00 on 1 January to 00:00 on 1 April, Vietnamese time (written here as literal +07:00):
an event at START or at LAST is inside it, one at BEFORE or at END is not.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import insert

from services.reporting.domain.periods import quarter
from services.reporting.repository.measures import Measures, ReportSchedule
from services.reporting.repository.programme import (
    Activity,
    Directive,
    ReportSubmission,
    StaffAssignment,
    Training,
    YearlyPlan,
)
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
from tests.integration.reporting.world import World, open_world

Q1 = quarter(2026, 1)
START = dt.datetime.fromisoformat("2026-01-01T00:00:00+07:00")
LAST = dt.datetime.fromisoformat("2026-03-31T23:59:59.999999+07:00")
END = dt.datetime.fromisoformat("2026-04-01T00:00:00+07:00")
BEFORE = dt.datetime.fromisoformat("2025-12-31T23:59:59.999999+07:00")
MID = dt.datetime.fromisoformat("2026-02-15T09:00:00+07:00")
US = dt.timedelta(microseconds=1)
DAYS = dt.timedelta(days=1)


def test_the_edges_are_the_edges_of_q1_2026() -> None:
    assert (Q1.start, Q1.end) == (START, END)
    assert START - BEFORE == US and END - LAST == US


@dataclass
class Ward:
    """One row's ward: what it records goes into the world's log, or into the programme tables."""

    code: str
    w: World
    rows: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)

    def event(self, event: Any) -> None:
        self.w.record(event)

    def row(self, model: Any, **values: Any) -> None:
        self.rows.append((model, {"ward": self.code, "recorded_by": "test", **values}))


Scenario = Callable[[Ward], None]


async def run_table(w: World, code: str, table: list[Any], period: Any = Q1) -> None:
    wards = [Ward(f"{w.ward[:24]}{i:02d}", w) for i in range(len(table))]
    for ward, row in zip(wards, table, strict=True):
        row.values[0](ward)
    await w.deliver_all()
    async with w.rt.session_factory() as session:
        for ward in wards:
            for model, values in ward.rows:
                await session.execute(insert(model.__table__).values(**values))
        await session.commit()
        got = {}
        for ward, row in zip(wards, table, strict=True):
            counts = await Measures(session, [ward.code], period).indicators(ReportSchedule())
            got[row.id] = counts[code]
    expected = {row.id: row.values[1] for row in table}
    assert got == expected


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward)
    yield w
    await w.rt.stop()


def case(name: str, scenario: Scenario, numerator: int, denominator: int) -> Any:
    return pytest.param(scenario, (numerator, denominator), id=name)


# ---------------------------------------------------------------- TIPS_TIMELY


def tip(due: dt.datetime, *, on_time: bool | None = True, merged: bool = False) -> Scenario:
    """A tip due at ``due``; handled (on time or late) unless ``on_time`` is None."""

    def build(x: Ward) -> None:
        tip_id = str(uuid.uuid4())
        x.event(
            intake.TipReceived(tip_id=tip_id, ward=x.code, occurred_at=due - 20 * DAYS, due_at=due, kind=1)
        )
        if merged:
            x.event(
                intake.TipMerged(tip_id=tip_id, ward=x.code, occurred_at=due - 19 * DAYS, into_tip_id="x")
            )
        elif on_time is not None:
            handled = due - DAYS if on_time else due + DAYS
            x.event(
                intake.TipHandled(
                    tip_id=tip_id, ward=x.code, occurred_at=handled, handled_at=handled, due_at=due,
                    on_time=on_time, outcome=intake.HANDLING_OUTCOME_NO_VIOLATION,
                )
            )  # fmt: skip

    return build


def reopened_after_an_on_time_handling(x: Ward) -> None:
    tip_id = str(uuid.uuid4())
    x.event(intake.TipReceived(tip_id=tip_id, ward=x.code, occurred_at=START, due_at=MID, kind=1))
    x.event(
        intake.TipHandled(
            tip_id=tip_id, ward=x.code, occurred_at=START + DAYS, handled_at=START + DAYS, due_at=MID,
            on_time=True, outcome=intake.HANDLING_OUTCOME_NO_VIOLATION,
        )
    )  # fmt: skip
    x.event(intake.TipReopened(tip_id=tip_id, ward=x.code, occurred_at=START + 2 * DAYS, due_at=MID))


TIPS_TIMELY = [
    case("due-at-start", tip(START), 1, 1),
    case("due-at-the-last-instant", tip(LAST), 1, 1),
    case("due-just-before", tip(BEFORE), 0, 0),
    case("due-at-the-end", tip(END), 0, 0),
    case("handled-late", tip(MID, on_time=False), 0, 1),
    case("still-open", tip(MID, on_time=None), 0, 1),
    case("merged", tip(MID, merged=True), 0, 0),
    case("open-again-after-an-on-time-handling", reopened_after_an_on_time_handling, 0, 1),
]


async def test_tips_timely_on_every_edge(world: World) -> None:
    await run_table(world, "TIPS_TIMELY", TIPS_TIMELY)


# ---------------------------------------------------------------- ONLINE_HANDLED


def online(reported: dt.datetime, *, classified: bool = True, handled: type | None = om.ItemRemoved,
           on_time: bool = True) -> Scenario:  # fmt: skip
    def build(x: Ward) -> None:
        item_id = str(uuid.uuid4())
        x.event(
            om.ItemReported(
                item_id=item_id, ward=x.code, occurred_at=reported, due_at=reported + DAYS, platform=1
            )
        )
        if classified:
            x.event(om.ItemClassified(item_id=item_id, ward=x.code, occurred_at=reported, category=1))
        if handled is not None:
            x.event(handled(item_id=item_id, ward=x.code, occurred_at=reported + 2 * US, on_time=on_time))

    return build


ONLINE_HANDLED = [
    case("reported-at-start", online(START), 1, 1),
    case("reported-at-the-last-instant", online(LAST, handled=om.ItemClosed), 1, 1),
    case("reported-just-before", online(BEFORE), 0, 0),
    case("reported-at-the-end", online(END), 0, 0),
    case("never-classified", online(MID, classified=False), 0, 1),
    case("escalated-late", online(MID, handled=om.ItemEscalated, on_time=False), 0, 1),
    case("escalated-on-time", online(MID, handled=om.ItemEscalated), 1, 1),
    case("not-handled", online(MID, handled=None), 0, 1),
]


async def test_online_handled_on_every_edge(world: World) -> None:
    await run_table(world, "ONLINE_HANDLED", ONLINE_HANDLED)


# ---------------------------------------------------------------- HR_ACCESS


def client(
    enrolled: dt.datetime,
    served: tuple[dt.datetime, ...] = (),
    *,
    closed: dt.datetime | None = None,
    eligible: bool = True,
    needs: bool = True,
    served_in_another_ward: bool = False,
) -> Scenario:
    def build(x: Ward) -> None:
        case_id, code = str(uuid.uuid4()), f"CL-{uuid.uuid4().hex[:8]}"
        x.event(
            cs.ClientEnrolled(
                case_id=case_id, ward=x.code, occurred_at=enrolled, client_code=code, eligible=eligible,
                has_needs=needs,
            )
        )  # fmt: skip
        for when in served:
            x.event(
                cs.ServiceReceived(
                    service_record_id=str(uuid.uuid4()), occurred_at=when, case_id=case_id, client_code=code,
                    ward=f"{x.code}x" if served_in_another_ward else x.code,
                    service_category=cs.SERVICE_CATEGORY_HARM_REDUCTION, received_at=when,
                )
            )  # fmt: skip
        if closed is not None:
            x.event(cs.CaseClosed(case_id=case_id, ward=x.code, occurred_at=closed, client_code=code))

    return build


EARLIER = dt.datetime.fromisoformat("2025-06-01T09:00:00+07:00")

HR_ACCESS = [
    case("served-at-start", client(EARLIER, (START,)), 1, 1),
    case("served-at-the-last-instant", client(EARLIER, (LAST,)), 1, 1),
    case("served-only-outside-the-period", client(EARLIER, (BEFORE, END)), 0, 1),
    case("served-in-another-ward", client(EARLIER, (MID,), served_in_another_ward=True), 0, 1),
    case("enrolled-at-the-last-instant", client(LAST, (LAST,)), 1, 1),
    case("enrolled-at-the-end", client(END, (END,)), 0, 0),
    case("closed-exactly-at-the-start", client(EARLIER, (START,), closed=START), 1, 1),
    case("closed-just-before", client(EARLIER, (BEFORE,), closed=BEFORE), 0, 0),
    case("eligible-without-needs", client(EARLIER, (MID,), needs=False), 0, 0),
    case("not-eligible", client(EARLIER, (MID,), eligible=False), 0, 0),
]


async def test_hr_access_on_every_edge(world: World) -> None:
    await run_table(world, "HR_ACCESS", HR_ACCESS)


# ---------------------------------------------------------------- ESTAB_MANAGED (active at END)

HIGH, MEDIUM, LOW = ins.RISK_CLASS_HIGH, ins.RISK_CLASS_MEDIUM, ins.RISK_CLASS_LOW
A_YEAR_BEFORE_END = dt.datetime.fromisoformat("2025-04-01T00:00:00+07:00")  # END - 365 days


def establishment(
    *,
    registered: dt.datetime = EARLIER,
    risk: int = LOW,
    reviewed: dt.datetime | None = MID,
    interval: int = 0,
    inspected: tuple[dt.datetime, ...] = (MID,),
    result: int = ins.INSPECTION_RESULT_NO_VIOLATION,
    closed: dt.datetime | None = None,
) -> Scenario:
    def build(x: Ward) -> None:
        eid = str(uuid.uuid4())
        x.event(
            ins.EstablishmentRegistered(
                establishment_id=eid, ward=x.code, occurred_at=registered, business_type=2
            )
        )
        if reviewed is not None:
            x.event(
                ins.EstablishmentReviewed(
                    establishment_id=eid, ward=x.code, occurred_at=reviewed, reviewed_at=reviewed,
                    risk_class=risk, inspection_interval_days=interval,
                )
            )  # fmt: skip
        for when in inspected:
            x.event(
                ins.InspectionCompleted(
                    inspection_id=str(uuid.uuid4()), ward=x.code, occurred_at=when, establishment_id=eid,
                    inspected_at=when, result=result,
                )
            )  # fmt: skip
        if closed is not None:
            x.event(ins.EstablishmentClosed(establishment_id=eid, ward=x.code, occurred_at=closed))

    return build


assert END - A_YEAR_BEFORE_END == 365 * DAYS and END - START == 90 * DAYS

ESTAB_MANAGED = [
    case("reviewed-and-inspected-in-the-period", establishment(), 1, 1),
    case(
        "low-risk-reviewed-and-inspected-365-days-before-the-end",
        establishment(reviewed=A_YEAR_BEFORE_END, inspected=(A_YEAR_BEFORE_END,)),
        1,
        1,
    ),
    case("review-older-than-365-days", establishment(reviewed=A_YEAR_BEFORE_END - US), 0, 1),
    case("low-risk-inspected-over-365-days-before", establishment(inspected=(A_YEAR_BEFORE_END - US,)), 0, 1),
    case("high-risk-inspected-90-days-before-the-end", establishment(risk=HIGH, inspected=(START,)), 1, 1),
    case("high-risk-inspected-over-90-days-before", establishment(risk=HIGH, inspected=(BEFORE,)), 0, 1),
    case(
        "medium-risk-inspected-180-days-before",
        establishment(risk=MEDIUM, inspected=(END - 180 * DAYS,)),
        1,
        1,
    ),
    case(
        "medium-risk-inspected-over-180-days-before",
        establishment(risk=MEDIUM, inspected=(END - 180 * DAYS - US,)),
        0,
        1,
    ),
    case(
        "own-interval-of-30-days-met-on-the-day",
        establishment(risk=LOW, interval=30, inspected=(END - 30 * DAYS,)),
        1,
        1,
    ),
    case(
        "own-interval-of-30-days-missed",
        establishment(risk=LOW, interval=30, inspected=(END - 30 * DAYS - US,)),
        0,
        1,
    ),
    case("reviewed-and-inspected-at-the-last-instant", establishment(reviewed=LAST, inspected=(LAST,)), 1, 1),
    case("reviewed-at-the-end", establishment(reviewed=END, inspected=(MID,)), 0, 1),
    case("inspected-only-at-the-end", establishment(inspected=(END,)), 0, 1),
    case("inspection-not-carried-out", establishment(result=ins.INSPECTION_RESULT_NOT_CARRIED_OUT), 0, 1),
    case("never-reviewed", establishment(reviewed=None), 0, 1),
    case("closed-exactly-at-the-end", establishment(closed=END), 1, 1),
    case("closed-at-the-last-instant", establishment(closed=LAST), 0, 0),
    case(
        "registered-at-the-last-instant",
        establishment(registered=LAST, reviewed=LAST, inspected=(LAST,)),
        1,
        1,
    ),
    case("registered-at-the-end", establishment(registered=END, reviewed=None, inspected=()), 0, 0),
]


async def test_estab_managed_on_every_edge(world: World) -> None:
    await run_table(world, "ESTAB_MANAGED", ESTAB_MANAGED)


# ---------------------------------------------------------------- HOTSPOTS (a count: denominator 0)


def hotspot(when: dt.datetime, *, other_ward: bool = False) -> Scenario:
    def build(x: Ward) -> None:
        x.event(
            ins.HotspotFlagged(
                hotspot_id=str(uuid.uuid4()), ward=f"{x.code}x" if other_ward else x.code, occurred_at=when,
                formation=1,
            )
        )  # fmt: skip

    return build


HOTSPOTS = [
    case("flagged-at-start", hotspot(START), 1, 0),
    case("flagged-at-the-last-instant", hotspot(LAST), 1, 0),
    case("flagged-just-before", hotspot(BEFORE), 0, 0),
    case("flagged-at-the-end", hotspot(END), 0, 0),
    case("flagged-in-another-ward", hotspot(MID, other_ward=True), 0, 0),
]


async def test_hotspots_on_every_edge(world: World) -> None:
    await run_table(world, "HOTSPOTS", HOTSPOTS)


# ---------------------------------------------------------------- programme records


def plan(year: int, issued: dt.datetime) -> Scenario:
    def build(x: Ward) -> None:
        x.row(YearlyPlan, plan_id=uuid.uuid4(), year=year, document_code="1/KH", issued_at=issued)

    return build


PLAN_YEARLY = [
    case("issued-at-the-last-instant", plan(2026, LAST), 1, 1),
    case("issued-at-the-end", plan(2026, END), 0, 1),
    case("issued-the-year-before", plan(2026, EARLIER), 1, 1),
    case("a-plan-for-another-year", plan(2027, MID), 0, 1),
    case("no-plan", lambda x: None, 0, 1),
]


async def test_plan_yearly_on_every_edge(world: World) -> None:
    await run_table(world, "PLAN_YEARLY", PLAN_YEARLY)


def activities(*held: dt.datetime, category: str = "communication") -> Scenario:
    def build(x: Ward) -> None:
        for when in held:
            x.row(
                Activity, activity_id=uuid.uuid4(), kind="communication_meeting", category=category,
                held_at=when, title="t", channel="c", audience="a", reach=10, unit_code="vhxh",
                residential_group="",
            )  # fmt: skip

    return build


COMM_REGULAR = [
    case("held-at-start", activities(START), 1, 3),
    case("held-at-the-last-instant", activities(LAST), 1, 3),
    case("held-just-before", activities(BEFORE), 0, 3),
    case("held-at-the-end", activities(END), 0, 3),
    case("two-in-one-month-one-in-another", activities(MID, MID + DAYS, START), 2, 3),
    case("every-month", activities(START, MID, LAST), 3, 3),
    case("not-communication", activities(MID, category="review"), 0, 3),
]


async def test_comm_regular_on_every_edge(world: World) -> None:
    await run_table(world, "COMM_REGULAR", COMM_REGULAR)


def directive(due: dt.datetime, issued: dt.datetime | None) -> Scenario:
    def build(x: Ward) -> None:
        x.row(
            Directive, directive_id=uuid.uuid4(), kind="directive", title="t", unit_code="vhxh", due_at=due,
            document_code=None if issued is None else "1/CT", issued_at=issued,
        )  # fmt: skip

    return build


DIRECTIVES_TIMELY = [
    case("due-at-start-issued-exactly-then", directive(START, START), 1, 1),
    case("due-at-the-last-instant-issued-then", directive(LAST, LAST), 1, 1),
    case("issued-one-microsecond-late", directive(MID, MID + US), 0, 1),
    case("issued-early", directive(MID, START), 1, 1),
    case("never-issued", directive(MID, None), 0, 1),
    case("due-just-before", directive(BEFORE, BEFORE), 0, 0),
    case("due-at-the-end", directive(END, END), 0, 0),
]


async def test_directives_timely_on_every_edge(world: World) -> None:
    await run_table(world, "DIRECTIVES_TIMELY", DIRECTIVES_TIMELY)


def staff(
    effective: dt.datetime, trained: tuple[dt.datetime, ...] = (), *, ended: dt.datetime | None = None,
    trained_in_another_ward: bool = False,
) -> Scenario:  # fmt: skip
    def build(x: Ward) -> None:
        code = f"CB-{uuid.uuid4().hex[:6]}"
        x.row(
            StaffAssignment, assignment_id=uuid.uuid4(), staff_code=code, unit_code="ca",
            effective_at=effective, ended_at=ended,
        )  # fmt: skip
        for when in trained:
            x.row(
                Training, training_id=uuid.uuid4(), topic="law_and_policy", title="t", held_at=when,
                unit_code="vhxh", participants={"ca": 1}, trained_staff_codes=[code],
            )  # fmt: skip
            if trained_in_another_ward:
                x.rows[-1][1]["ward"] = f"{x.code}x"

    return build


STAFF_TRAINED = [
    case("trained-when-the-plan-starts", staff(EARLIER, (START,)), 1, 1),
    case("trained-at-the-last-instant", staff(EARLIER, (LAST,)), 1, 1),
    case("trained-before-the-plan", staff(EARLIER, (BEFORE,)), 0, 1),
    case("trained-at-the-end", staff(EARLIER, (END,)), 0, 1),
    case("trained-in-another-ward", staff(EARLIER, (MID,), trained_in_another_ward=True), 0, 1),
    case("assigned-at-the-last-instant", staff(LAST, (MID,)), 1, 1),
    case("assigned-at-the-end", staff(END, (MID,)), 0, 0),
    case("assignment-ended-exactly-at-the-end", staff(EARLIER, (MID,), ended=END), 1, 1),
    case("assignment-ended-at-the-last-instant", staff(EARLIER, (MID,), ended=LAST), 0, 0),
]


async def test_staff_trained_on_every_edge(world: World) -> None:
    await run_table(world, "STAFF_TRAINED", STAFF_TRAINED)


# ---------------------------------------------------------------- IT_REPORTING (Q2: Q1's report falls due)

Q2 = quarter(2026, 2)
Q1_REPORT_DUE = dt.datetime.fromisoformat("2026-04-16T00:00:00+07:00")  # 15 days after Q1 ends


def report(submitted: dt.datetime, *, by_system: bool = True, period_code: str = "2026-Q1") -> Scenario:
    def build(x: Ward) -> None:
        x.row(
            ReportSubmission, report_id=uuid.uuid4(), period_code=period_code, recipient="city",
            snapshot_id=None, produced_by_system=by_system, document_code="1/BC", submitted_at=submitted,
            due_at=Q1_REPORT_DUE,
        )  # fmt: skip

    return build


IT_REPORTING = [
    case("sent-exactly-at-the-due-time", report(Q1_REPORT_DUE), 1, 1),
    case("sent-one-microsecond-late", report(Q1_REPORT_DUE + US), 0, 1),
    case("not-produced-by-the-system", report(Q1_REPORT_DUE - DAYS, by_system=False), 0, 1),
    case("a-report-on-another-period", report(Q1_REPORT_DUE - DAYS, period_code="2026-03"), 0, 1),
    case("none-sent", lambda x: None, 0, 1),
]


async def test_it_reporting_on_every_edge(world: World) -> None:
    await run_table(world, "IT_REPORTING", IT_REPORTING, Q2)
