"""The monthly counts of tips, online items and inspections the triggers keep (migration 0015,
repository/month_counts.py): a snapshot or the values that read them count what counting the facts
counts, as of a moment or whole, also for the items of an ended month not handled and not due yet,
after late events and deletions; the stored rows equal the facts counted afresh; and the rebuild's
switch counts them again from its tables."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import text

from services.reporting.domain.periods import PLAN, Period, month, quarter, year
from services.reporting.handlers.rebuild import rebuild
from services.reporting.main import on_start
from services.reporting.repository.month_counts import SOURCES, add, deltas
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
from tests.integration.harness import eventually, reporting_runtime
from tests.integration.reporting.test_one_scan_per_table import both_ways
from tests.integration.reporting.test_rebuild import _inbox_at_least, hashes, publish
from tests.integration.reporting.world import World, at, establishment, inspect, item, open_world, tip

NOW = at(2026, 11, 20, 10)
PERIODS: list[tuple[Period, dt.datetime | None]] = [
    (PLAN, NOW),
    (PLAN, None),
    (year(2026), NOW),
    (quarter(2026, 4), NOW),
    (quarter(2026, 3), NOW),
    (month(2026, 10), NOW),
    (month(2026, 11), NOW),
    (month(2026, 12), NOW),
]


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward, other_wards=(f"{ward}b",))
    yield w
    await w.rt.stop()


def scenario(w: World) -> dict[str, str]:
    """Tips due in the month they came in, the next one, or after NOW; merged, transferred, handled late
    or on time; online items not handled and due after NOW though reported in an ended month, handled
    late and on time, with no due time; another ward's too."""
    ids: dict[str, str] = {}
    for m in (8, 9, 10, 11):
        received = at(2026, m, 25)
        tip(w, received + dt.timedelta(days=3), received=received)
        tip(
            w,
            received + dt.timedelta(days=12),
            received=received,
            handled=received + dt.timedelta(days=2),
            on_time=True,
        )
        tip(
            w,
            received + dt.timedelta(days=40),
            received=received,
            handled=received + dt.timedelta(days=1),
            on_time=True,
        )
        tip(w, received + dt.timedelta(days=9), received=received, handled=received + dt.timedelta(days=20))
        merged = tip(w, received + dt.timedelta(days=8), received=received)
        w.record(intake.TipMerged(tip_id=merged, ward=w.ward, occurred_at=received, into_tip_id="x"))
        tip(w, at(2026, m, 27), received=at(2026, m, 2), ward=f"{w.ward}b")
        ids[f"pending{m}"] = item(w, received, due=received + dt.timedelta(days=40))  # not due by NOW
        item(w, received, due=received + dt.timedelta(days=2))  # past due, not handled
        late = item(w, received, due=received + dt.timedelta(days=1))
        w.record(
            om.ItemRemoved(
                item_id=late, ward=w.ward, occurred_at=received + dt.timedelta(days=3),
                due_at=received + dt.timedelta(days=1), on_time=False, platform=1,
            )
        )  # fmt: skip
        on_time = item(w, received, due=received + dt.timedelta(days=5), classified=False)
        w.record(
            om.ItemClosed(
                item_id=on_time, ward=w.ward, occurred_at=received + dt.timedelta(days=1),
                due_at=received + dt.timedelta(days=5), on_time=True, platform=2, category=2,
            )
        )  # fmt: skip
        w.record(om.ItemReported(item_id=str(uuid.uuid4()), ward=w.ward, occurred_at=received, platform=3))
        place = establishment(w, at(2026, 1, 5), risk=m % 3 + 1, reviewed=received)
        inspect(w, place, received)
        # early on the 1st in Vietnam: still the month before in UTC
        inspect(w, place, at(2026, m + 1, 1, 3), result=ins.INSPECTION_RESULT_VIOLATIONS_FOUND)
    return ids


async def assert_same(w: World) -> dict[str, Any]:
    out = {}
    for period, now in PERIODS:
        gathered, apart = await both_ways(w, period, now)
        assert gathered == apart, (period.code, now)
        out[f"{period.code}/{now}"] = gathered
    return out


async def stored_equal_counted_afresh(w: World) -> None:
    """The stored rows (those not all zero) are what the facts give counted again."""
    async with w.rt.session_factory() as s:
        for c in SOURCES:
            keys = ", ".join(["ward", "month", *c.groups, *c.counters])
            nonzero = " OR ".join(f"{n} <> 0" for n in c.counters)
            stored = (
                await s.execute(text(f"SELECT {keys} FROM {c.table} WHERE {nonzero} ORDER BY {keys}"))
            ).all()
            await s.execute(
                text(f"CREATE TEMP TABLE fresh (LIKE {c.table} INCLUDING INDEXES) ON COMMIT DROP")
            )
            await s.execute(text(add(c, deltas(c, c.source, 1)).replace(f"INTO {c.table} ", "INTO fresh ")))
            fresh = (await s.execute(text(f"SELECT {keys} FROM fresh ORDER BY {keys}"))).all()
            await s.rollback()
            assert stored == fresh, c.table
            assert stored, c.table


@pytest.mark.parametrize("order", [{}, {"shuffle": 7, "duplicate": True}], ids=["in-order", "shuffled-twice"])
async def test_the_stored_months_count_what_the_facts_count(world: World, order: dict[str, Any]) -> None:
    w = world
    ids = scenario(w)
    await w.deliver_all(**order)
    before = await assert_same(w)
    await stored_equal_counted_afresh(w)
    values, _ = before[f"{PLAN.code}/{NOW}"]
    whole, _ = before[f"{PLAN.code}/None"]
    # the items of ended months not due yet count once handled or due, not before
    assert values["ONLINE_HANDLED"][1] < whole["ONLINE_HANDLED"][1]

    # late events: a pending item of an ended month handled, a tip of August handled, merged
    w.log.clear()
    august = at(2026, 8, 25)
    w.record(
        om.ItemRemoved(
            item_id=ids["pending8"], ward=w.ward, occurred_at=at(2026, 9, 1),
            due_at=august + dt.timedelta(days=40), on_time=True, platform=1,
        )
    )  # fmt: skip
    tip_id = tip(w, august + dt.timedelta(days=3), received=august, handled=august, on_time=True, kind=2)
    w.record(intake.TipMerged(tip_id=tip_id, ward=w.ward, occurred_at=at(2026, 9, 2), into_tip_id="y"))
    await w.deliver_all(**order)
    after = await assert_same(w)
    assert after != before
    await stored_equal_counted_afresh(w)

    # facts deleted (an erasure, a correction by hand) leave the stored months as the facts are
    async with w.rt.session_factory() as s:
        await s.execute(
            text("DELETE FROM tip_fact WHERE ward = :w AND due_at < :d"), {"w": w.ward, "d": at(2026, 9, 1)}
        )
        await s.execute(
            text("DELETE FROM online_item_fact WHERE ward = :w AND due_at IS NULL"), {"w": w.ward}
        )
        await s.commit()
    assert await assert_same(w) != after
    await stored_equal_counted_afresh(w)


async def test_the_rebuild_counts_the_months_again_from_its_tables(
    service_db: Callable[[str], Any], nats_url: str, ward: str
) -> None:
    """Stored months that went wrong (here: gone) come back from the rebuilt facts at the switch."""
    db = await service_db("reporting")
    rt = await reporting_runtime(db, nats_url, ward)
    try:
        await on_start(rt)
        w = World(rt, ward, "", {})
        for m in (1, 2, 3):
            day = at(2026, m, 10)
            tip(
                w, day + dt.timedelta(days=20), received=day, handled=day + dt.timedelta(days=2), on_time=True
            )
            item(w, day, due=day + dt.timedelta(days=7))
        for delivery in w.log:
            await publish(rt.js, delivery.event, ward)
        await eventually(lambda: _inbox_at_least(rt, len(w.log)), timeout=60)
        before = await hashes(rt, ward)
        async with rt.session_factory() as s:
            await s.execute(text("DELETE FROM tip_month"))
            await s.execute(text("DELETE FROM item_month"))
            await s.commit()
        assert await hashes(rt, ward) != before
        await rebuild(rt.settings, progress=lambda _line: None, batch=5)  # type: ignore[arg-type]
        assert await hashes(rt, ward) == before
    finally:
        await rt.stop()
