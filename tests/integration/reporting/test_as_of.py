"""A period that has not ended is counted as of now: nothing not yet due counts as failed.

Now is 29 November 2026, 10:00 in the ward. Q4 2026 (October to December) is open; Q3 is closed and
counts exactly as it did before (same figures, same hash, no "as of" in its content).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import insert

from services.reporting.domain.periods import PLAN, quarter, year
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import IndicatorsOf
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.repository.measures import Measures, ReportSchedule
from services.reporting.repository.programme import Activity
from services.reporting.repository.read_models import ReadModels
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from tests.integration.reporting.world import World, open_world

NOW = dt.datetime.fromisoformat("2026-11-29T10:00:00+07:00")
Q3, Q4 = quarter(2026, 3), quarter(2026, 4)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{text}+07:00")


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward)
    yield w
    await w.rt.stop()


def tip(w: World, received: str, due: str, handled: str | None = None, *, on_time: bool = True) -> None:
    tip_id = str(uuid.uuid4())
    w.record(intake.TipReceived(tip_id=tip_id, ward=w.ward, occurred_at=at(received), due_at=at(due), kind=1))
    if handled is not None:
        w.record(
            intake.TipHandled(
                tip_id=tip_id, ward=w.ward, occurred_at=at(handled), handled_at=at(handled), due_at=at(due),
                on_time=on_time, outcome=intake.HANDLING_OUTCOME_NO_VIOLATION,
            )
        )  # fmt: skip


async def communication_activity(w: World, held: str) -> None:
    """A communication activity held at ``held`` (Vietnam time), written as the API writes it."""
    async with w.rt.session_factory() as session:
        await session.execute(
            insert(Activity.__table__).values(
                activity_id=uuid.uuid4(), ward=w.ward, kind="communication_meeting", category="communication",
                held_at=at(held), title="t", channel="c", audience="a", reach=10,
                unit_code="vhxh", residential_group="", recorded_by="test",
            )
        )  # fmt: skip
        await session.commit()


async def counts(w: World, period: Any, as_of: dt.datetime | None) -> dict[str, tuple[int, int]]:
    async with w.rt.session_factory() as session:
        return await Measures(session, [w.ward], period, as_of).indicators(ReportSchedule())


async def test_an_open_quarter_counts_only_what_is_due_or_done(world: World) -> None:
    w = world
    for _ in range(5):  # received on 29 November, due in December, not handled yet
        tip(w, "2026-11-29T08:00:00", "2026-12-09T08:00:00")
    tip(w, "2026-11-29T08:00:00", "2026-12-09T08:00:00", "2026-11-29T09:00:00")  # already handled
    tip(w, "2026-11-01T08:00:00", "2026-11-20T08:00:00")  # overdue: counts as not handled in time
    tip(w, "2026-08-01T08:00:00", "2026-09-10T08:00:00", "2026-09-01T08:00:00")  # Q3, on time
    await w.deliver_all()
    await communication_activity(w, "2026-10-05T09:00:00")

    now, whole = await counts(w, Q4, NOW), await counts(w, Q4, None)
    assert now["TIPS_TIMELY"] == (1, 2), "the handled one and the overdue one; December's are not yet due"
    assert whole["TIPS_TIMELY"] == (1, 7), "counted whole (as a closed quarter would be)"
    # October ended with its activity; November has not ended and has none yet; December has not begun
    assert now["COMM_REGULAR"] == (1, 1) and whole["COMM_REGULAR"] == (1, 3)
    assert now["IT_REPORTING"] == (0, 1), "the Q3 report was due on 15 October"
    plan = await counts(w, PLAN, NOW)
    assert plan["IT_REPORTING"] == (0, 3), "Q1, Q2 and Q3 2026 reports are due by now; none after"
    assert plan["PLAN_YEARLY"] == (0, 1), "only 2026 has begun"

    # a closed quarter is unaffected: the same counts whatever now is, and no "as of" in its content
    assert await counts(w, Q3, NOW) == await counts(w, Q3, None)
    assert (await counts(w, Q3, None))["TIPS_TIMELY"] == (1, 1)
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: NOW)
    uow = w.rt.uow()
    async with uow:
        closed, _ = await snapshots.compute(uow, w.ward, (w.ward,), Q3, deps.schedule, now=NOW)
        before, _ = await snapshots.compute(uow, w.ward, (w.ward,), Q3, deps.schedule)
        open_, _ = await snapshots.compute(uow, w.ward, (w.ward,), Q4, deps.schedule, now=NOW)
    assert closed.as_of is None and closed.content_hash == before.content_hash
    assert open_.as_of == NOW and open_.canonical()["as_of"] == NOW.isoformat()

    values = await snapshots.current_values(w.rt.uow(), deps, IndicatorsOf(w.ward, Q4), w.principal())
    assert values["as_of"] == NOW.isoformat()
    timely = next(v for v in values["indicators"] if v["code"] == "TIPS_TIMELY")
    assert (timely["numerator"], timely["denominator"], timely["value_vi"]) == (1, 2, "50,0%")

    trend = await snapshots.trend(w.rt.uow(), deps, IndicatorsOf(w.ward, year(2026)), w.principal())
    months = {m["period"]: m for m in trend["months"]}
    assert months["2026-12"]["started"] is False and months["2026-12"]["indicators"] == [], "no point"
    assert months["2026-11"]["as_of"] == NOW.isoformat() and months["2026-10"]["as_of"] is None
    november = {v["code"]: v for v in months["2026-11"]["indicators"]}
    assert (november["TIPS_TIMELY"]["numerator"], november["TIPS_TIMELY"]["denominator"]) == (0, 1)
    assert november["COMM_REGULAR"]["no_data"], "November has not ended and had no activity: not failed"


async def test_the_read_models_open_overdue_count_is_as_of_the_domain_clock(world: World) -> None:
    """``GET /v1/tips/counts``'s ``open_overdue`` counts open tips due before the service's clock (a
    demo system's simulated instant), not before the database's own time."""
    w = world
    tip(w, "2026-11-01T08:00:00", "2026-11-20T08:00:00")  # open, due 20 November
    tip(w, "2026-11-29T08:00:00", "2026-12-09T08:00:00")  # open, due 9 December
    tip(w, "2026-11-01T08:00:00", "2026-11-20T08:00:00", "2026-11-10T08:00:00")  # handled in time
    await w.deliver_all()
    async with w.rt.session_factory() as session:
        reads = ReadModels(session)
        assert (await reads.tip_counts(w.ward, None, None, now=at("2026-11-19T08:00:00"))).open_overdue == 0
        assert (await reads.tip_counts(w.ward, None, None, now=NOW)).open_overdue == 1
        assert (await reads.tip_counts(w.ward, None, None, now=at("2026-12-10T08:00:00"))).open_overdue == 2
