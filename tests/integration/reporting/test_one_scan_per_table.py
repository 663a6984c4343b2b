"""A snapshot or the values (indicators with their breakdowns) read tips, online items and establishments
once each: TIPS_TIMELY, ONLINE_HANDLED and ESTAB_MANAGED are counted in the scans that group the
breakdowns. The figures equal those counted apart (each indicator as the trend counts it, each
breakdown by its own GROUP BY), for the plan period, a year, a quarter and the month under way, as of a
moment or whole, for events in order, shuffled and duplicated, and again after late events change an
ended month."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text

from services.reporting.domain.periods import PLAN, Period, month, quarter, year
from services.reporting.handlers import snapshots
from services.reporting.repository.facts import EstablishmentFact
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
from tests.integration.reporting.world import World, at, enrol, inspect, open_world, serve, tip

NOW = at(2026, 11, 29, 10)
ORDERS = [
    pytest.param({}, id="in-order"),
    pytest.param({"shuffle": 5}, id="shuffled"),
    pytest.param({"shuffle": 13, "duplicate": True}, id="shuffled-twice-each"),
]
PERIODS: list[tuple[Period, dt.datetime | None]] = [
    (PLAN, NOW),
    (PLAN, None),
    (year(2026), NOW),
    (quarter(2026, 4), NOW),
    (quarter(2026, 2), NOW),
    (month(2026, 2), NOW),
    (month(2026, 11), NOW),
    (month(2026, 12), None),
]

# the breakdowns as they were counted before, one statement per dimension
TIPS_BY = """SELECT {key}, count(*) FROM tip_fact
  WHERE ward = :ward AND received_at >= :start AND received_at < :end GROUP BY 1"""
ITEMS_BY = """SELECT {key}, count(*) FROM online_item_fact
  WHERE ward = :ward AND reported_at >= :start AND reported_at < :end GROUP BY 1"""
BY = {
    ("intake", "tips_by_kind"): TIPS_BY.format(key="kind"),
    ("intake", "tips_by_status"): TIPS_BY.format(
        key="CASE WHEN status IN ('handled', 'transferred', 'merged') THEN status ELSE 'open' END"
    ),
    ("online_monitoring", "items_by_platform"): ITEMS_BY.format(key="platform"),
    ("online_monitoring", "items_by_category"): ITEMS_BY.format(key="category"),
    ("online_monitoring", "items_by_outcome"): ITEMS_BY.format(key="coalesce(outcome, 'open')"),
}


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward, other_wards=(f"{ward}b",))
    yield w
    await w.rt.stop()


def online(w: World, reported: dt.datetime, due: dt.datetime, n: int) -> None:
    """An item in one of several states: open, classified, removed on time or late, closed, escalated."""
    item_id = str(uuid.uuid4())
    platform, category = n % 4 + 1, n % 3 + 1
    w.record(
        om.ItemReported(item_id=item_id, ward=w.ward, occurred_at=reported, due_at=due, platform=platform)
    )
    if n % 5 == 0:
        return
    w.record(om.ItemClassified(item_id=item_id, ward=w.ward, occurred_at=reported, category=category))
    done = reported + dt.timedelta(days=n % 4)
    common = {"item_id": item_id, "ward": w.ward, "occurred_at": done, "due_at": due, "on_time": done <= due}
    if n % 5 == 1:
        w.record(om.ItemRemoved(**common, platform=platform))
    elif n % 5 == 2:
        w.record(om.ItemClosed(**common, category=category, platform=platform))
    elif n % 5 == 3:
        w.record(om.ItemEscalated(**common, category=category, platform=platform))


def history(w: World) -> None:
    """Tips of several kinds and outcomes (some due after the month they came in, some not yet due),
    online items of several platforms and outcomes, and clients served, over 2026."""
    other = f"{w.ward}b"
    for m in range(1, 13):
        for n in range(4):
            received = at(2026, m, 3 + 6 * n)
            due = received + dt.timedelta(days=10 + 7 * n)
            tip_id = str(uuid.uuid4())
            w.record(intake.TipReceived(tip_id=tip_id, ward=w.ward, occurred_at=received, due_at=due, kind=n))
            handled = received + dt.timedelta(days=5 + 6 * n)
            if n == 1:
                w.record(
                    intake.TipHandled(
                        tip_id=tip_id, ward=w.ward, occurred_at=handled, handled_at=handled, due_at=due,
                        on_time=handled <= due, outcome=intake.HANDLING_OUTCOME_NO_VIOLATION,
                    )
                )  # fmt: skip
            elif n == 2 and m % 2 == 0:
                w.record(
                    intake.TipTransferred(
                        tip_id=tip_id, ward=w.ward, occurred_at=handled, due_at=due, on_time=True, kind=n
                    )
                )
            elif n == 3 and m % 3 == 0:
                w.record(intake.TipMerged(tip_id=tip_id, ward=w.ward, occurred_at=handled, into_tip_id="x"))
            online(w, received, received + dt.timedelta(days=3 * n), m * 4 + n)
        tip(w, at(2026, m, 25), received=at(2026, m, 2), ward=other)
    for m in (2, 6, 10):
        case_id, client = enrol(w, at(2026, m, 1))
        serve(w, case_id, client, at(2026, m + 1, 3))
    for n in range(9):
        places(w, at(2026, n + 1, 5), n)


def places(w: World, registered: dt.datetime, n: int) -> None:
    """An establishment of one of three types, reviewed (three risk classes) or not, inspected or not,
    closed in the month after it was registered or not."""
    eid = str(uuid.uuid4())
    w.record(
        ins.EstablishmentRegistered(
            establishment_id=eid, ward=w.ward, occurred_at=registered, business_type=n % 3 + 1
        )
    )
    if n % 4:
        reviewed = registered + dt.timedelta(days=2)
        w.record(
            ins.EstablishmentReviewed(
                establishment_id=eid,
                ward=w.ward,
                occurred_at=reviewed,
                reviewed_at=reviewed,
                risk_class=n % 4,
            )
        )
    if n % 2:
        inspect(w, eid, registered + dt.timedelta(days=3))
    if n % 3 == 2:
        closed = registered + dt.timedelta(days=30)
        w.record(ins.EstablishmentClosed(establishment_id=eid, ward=w.ward, occurred_at=closed))


async def both_ways(w: World, period: Period, now: dt.datetime | None) -> tuple[Any, Any]:
    """(indicators, breakdowns) as a snapshot counts them, and as counted apart, in one snapshot."""
    schedule, wards = w.rt.deps.schedule, (w.ward,)
    uow = w.rt.uow()
    async with uow:
        await uow.repeatable_read()
        content = await snapshots.count(uow, w.ward, wards, period, schedule, now=now)
        gathered = (
            {v.code: (v.numerator, v.denominator) for v in content.indicators},
            {(r.source, r.dimension, r.key): r.count for r in content.breakdown},
        )
        apart = uow.measures(wards, period, now)
        counts = await apart.indicators(schedule)
        rows = {
            (r.source, r.dimension, r.key): r.count
            for r in await apart.all(counts)
            if (r.source, r.dimension) not in BY and not r.dimension.startswith("establishments_by")
        }
        e = EstablishmentFact
        for dimension, key in (
            ("establishments_by_type", e.business_type),
            ("establishments_by_risk", e.risk_class),
        ):
            by = select(key, func.count()).where(apart._active_establishments()).group_by(key)
            for k, n in await uow.session.execute(by):
                rows[("inspection", dimension, str(k or "unclassified"))] = int(n)
        bounds = {"ward": w.ward, "start": period.start, "end": period.end}
        for (source, dimension), sql in BY.items():
            for key, n in await uow.session.execute(text(sql), bounds):
                rows[(source, dimension, str(key or "unclassified"))] = int(n)
    return gathered, (counts, rows)


async def assert_same_both_ways(w: World) -> dict[str, Any]:
    out = {}
    for period, now in PERIODS:
        gathered, apart = await both_ways(w, period, now)
        assert gathered == apart, (period.code, now)
        out[f"{period.code}/{now}"] = gathered
    return out


@pytest.mark.parametrize("order", ORDERS)
async def test_one_scan_per_table_counts_what_counting_apart_counts(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    history(w)
    await w.deliver_all(**order)
    before = await assert_same_both_ways(w)
    indicators, rows = before[f"{PLAN.code}/{NOW}"]
    assert {k for s, d, k in rows if d == "tips_by_status"} == {"open", "handled", "transferred", "merged"}
    assert len({k for s, d, k in rows if d == "items_by_outcome"}) >= 4
    assert len({k for s, d, k in rows if d == "tips_by_kind"}) >= 3
    on_time, due = indicators["TIPS_TIMELY"]
    assert 0 < on_time < due, "some tips not handled by their deadline, some not due yet"
    handled, reported = indicators["ONLINE_HANDLED"]
    assert 0 < handled < reported
    managed, active = indicators["ESTAB_MANAGED"]
    assert 0 < managed < active
    assert len({k for s, d, k in rows if d == "establishments_by_risk"}) >= 3

    # late events for an ended month: a tip merged and an item removed in February
    w.log.clear()
    late_tip = tip(w, at(2026, 2, 20), received=at(2026, 2, 1))
    w.record(intake.TipMerged(tip_id=late_tip, ward=w.ward, occurred_at=at(2026, 2, 2), into_tip_id="x"))
    online(w, at(2026, 2, 4), at(2026, 2, 7), 1)
    await w.deliver_all(**order)
    after = await assert_same_both_ways(w)
    _, rows_before = before[f"2026-02/{NOW}"]
    _, rows_after = after[f"2026-02/{NOW}"]
    assert (
        rows_after[("intake", "tips_by_status", "merged")]
        == rows_before.get(("intake", "tips_by_status", "merged"), 0) + 1
    )
    assert after[f"{PLAN.code}/{NOW}"] != before[f"{PLAN.code}/{NOW}"]
