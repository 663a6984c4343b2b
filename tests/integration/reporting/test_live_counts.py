"""The dashboard's counts are reused only while PostgreSQL shows the same rows: a write between two
calls, committed by a consumer or by the API, is never hidden by a kept count."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from services.reporting.domain.periods import year
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import IndicatorsOf
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.live import LiveCounts
from tests.integration.reporting.test_as_of import NOW, Q4, communication_activity, tip
from tests.integration.reporting.world import World, open_world


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward)
    yield w
    await w.rt.stop()


def figure(values: dict[str, Any], code: str) -> tuple[int, int]:
    v = next(v for v in values["indicators"] if v["code"] == code)
    return v["numerator"], v["denominator"]


async def reading(w: World) -> str:
    uow = w.rt.uow()
    async with uow:
        await uow.repeatable_read()
        return await uow.reading_snapshot()


async def test_values_are_reused_until_a_consumer_or_the_api_writes(world: World) -> None:
    w, clock = world, [NOW]
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: clock[0], live=LiveCounts())
    tip(w, "2026-11-01T08:00:00", "2026-11-20T08:00:00")  # overdue
    await w.deliver_all()

    async def values() -> dict[str, Any]:
        return await snapshots.current_values(w.rt.uow(), deps, IndicatorsOf(w.ward, Q4), w.principal())

    first = await values()
    assert figure(first, "TIPS_TIMELY") == (0, 1)
    assert await reading(w) == await reading(w), "nothing written: the same snapshot"
    clock[0] = NOW + dt.timedelta(seconds=10)
    again = await values()
    assert again == first and again["computed_at"] == NOW.isoformat(), "reused, as counted at NOW"
    assert (deps.live.hits, deps.live.misses) == (1, 1)

    before = await reading(w)
    tip(w, "2026-11-02T08:00:00", "2026-11-21T08:00:00")  # a consumer applies another overdue tip
    await w.deliver_all()
    assert await reading(w) != before
    after_event = await values()
    assert figure(after_event, "TIPS_TIMELY") == (0, 2), "counted again: the new tip is there"
    assert after_event["computed_at"] == clock[0].isoformat()

    await communication_activity(w, "2026-10-05T09:00:00")  # a programme record, as the API writes it
    assert figure(await values(), "COMM_REGULAR") == (1, 1), "October ended with its activity"
    assert (deps.live.hits, deps.live.misses) == (1, 3)


async def test_values_of_an_open_period_are_counted_again_once_the_ttl_has_passed(world: World) -> None:
    w, clock = world, [NOW]
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: clock[0], live=LiveCounts())
    tip(w, "2026-11-29T08:00:00", "2026-11-29T10:00:20")  # due 20 s after NOW, not handled
    await w.deliver_all()
    query = IndicatorsOf(w.ward, Q4)
    first = await snapshots.current_values(w.rt.uow(), deps, query, w.principal())
    assert figure(first, "TIPS_TIMELY") == (0, 0), "not due yet: not failed"
    clock[0] = NOW + deps.live.ttl  # nothing written, but the tip's deadline has passed meanwhile
    later = await snapshots.current_values(w.rt.uow(), deps, query, w.principal())
    assert figure(later, "TIPS_TIMELY") == (0, 1) and later["computed_at"] == clock[0].isoformat()


async def test_the_trend_reuses_the_month_under_way_until_a_write(world: World) -> None:
    w = world
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: NOW, live=LiveCounts())
    query = IndicatorsOf(w.ward, year(2026))

    async def november() -> tuple[tuple[int, int], str]:
        trend = await snapshots.trend(w.rt.uow(), deps, query, w.principal())
        month = next(m for m in trend["months"] if m["period"] == "2026-11")
        timely = next(v for v in month["indicators"] if v["code"] == "TIPS_TIMELY")
        return (timely["numerator"], timely["denominator"]), month["as_of"]

    tip(w, "2026-11-01T08:00:00", "2026-11-20T08:00:00")
    await w.deliver_all()
    assert await november() == ((0, 1), NOW.isoformat())
    await november()  # the ended months are stored by the first call; from here nothing is written
    hits = deps.live.hits
    assert await november() == ((0, 1), NOW.isoformat()) and deps.live.hits == hits + 1
    tip(w, "2026-11-03T08:00:00", "2026-11-22T08:00:00")
    await w.deliver_all()
    assert await november() == ((0, 2), NOW.isoformat())
