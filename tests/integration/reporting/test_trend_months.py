"""The trend reads stored monthly counts: it answers what counting every month live answers, for
events in order, shuffled and duplicated, and again after late events for old months (the database
makes those months stale), for a ward's own copy and for a city's total with its wards' cells."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import text

from services.reporting.domain.periods import PLAN, PeriodType, year
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import IndicatorsOf
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.disclosure import copy_for, exact_for
from services.reporting.handlers.rebuild import _create_schema, _switch
from services.reporting.handlers.scope import wards_of
from services.reporting.handlers.views import indicator_view, period_view
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.db import make_engine
from tests.integration.reporting.world import (
    World,
    at,
    enrol,
    establishment,
    inspect,
    item,
    open_world,
    serve,
    tip,
)

NOW = at(2026, 11, 29, 10)
ORDERS = [
    pytest.param({}, id="in-order"),
    pytest.param({"shuffle": 7}, id="shuffled"),
    pytest.param({"shuffle": 11, "duplicate": True}, id="shuffled-twice-each"),
]


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    w = await open_world(await service_db("reporting"), nats_url, ward, other_wards=(f"{ward}b",))
    yield w
    await w.rt.stop()


async def live_trend(w: World, deps: ReportingDeps, query: IndicatorsOf, principal: Any) -> dict[str, Any]:
    """The trend as it was computed before monthly counts were stored: every month counted live."""
    period, now, threshold = query.period, deps.clock(), deps.small_cell_threshold
    span = year(period.year) if period.type is PeriodType.MONTH else period
    months: list[dict[str, Any]] = []
    uow = w.rt.uow()
    async with uow:
        await uow.repeatable_read()
        wards = await wards_of(uow, principal, query.scope)
        for m in span.month_periods():
            labels = {"period": m.code, "label_vi": m.label_vi, "label_en": m.label_en}
            if m.start > now:
                months.append({**labels, "started": False, "as_of": None, "indicators": []})
                continue
            content = await snapshots.count(
                uow, query.scope, wards, m, deps.schedule, now=now, breakdown=False
            )
            parts = (
                {}
                if exact_for(content, principal)
                else await snapshots.ward_figures(uow, content, deps.schedule, breakdown=False)
            )
            shown = copy_for(content, principal, threshold=threshold, wards=parts)
            months.append({
                **labels, "started": True, "as_of": shown.as_of.isoformat() if shown.as_of else None,
                "indicators": [indicator_view(v, threshold) for v in shown.indicators],
            })  # fmt: skip
    return {"scope": query.scope, "period": period_view(span), "months": months}


async def stored_months(w: World) -> int:
    async with w.rt.session_factory() as session:
        return int(
            (
                await session.execute(text("SELECT count(*) FROM trend_month WHERE counts IS NOT NULL"))
            ).scalar_one()
        )


def history(w: World, other: str) -> None:
    for month in range(1, 12):
        tip(
            w,
            at(2026, month, 20),
            received=at(2026, month, 2),
            handled=at(2026, month, 10 + month),
            on_time=month % 3 > 0,
        )
        tip(w, at(2026, month, 25), received=at(2026, month, 3), ward=other)
        item(w, at(2026, month, 4), due=at(2026, month, 5), classified=month % 2 == 0)
    for month in (2, 5, 9):
        case_id, client = enrol(w, at(2026, month, 1))
        serve(w, case_id, client, at(2026, month + 1, 3))
    eid = establishment(w, at(2026, 1, 5), risk=ins.RISK_CLASS_HIGH, reviewed=at(2026, 1, 6))
    inspect(w, eid, at(2026, 3, 10))
    inspect(w, eid, at(2026, 7, 10))


@pytest.mark.parametrize("order", ORDERS)
async def test_the_stored_trend_equals_the_live_one_before_and_after_late_events(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    other = f"{w.ward}b"
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: NOW)
    own = (IndicatorsOf(w.ward, year(2026)), w.principal())
    city = (IndicatorsOf(w.city, year(2026)), w.principal(ward=w.city))  # a total: each ward's cells too
    history(w, other)
    await w.deliver_all(**order)

    for query, principal in (own, city):
        first = await snapshots.trend(w.rt.uow(), deps, query, principal)  # counts and stores
        assert first == await live_trend(w, deps, query, principal)
        again = await snapshots.trend(w.rt.uow(), deps, query, principal)  # reads what was stored
        assert again == first
    assert await stored_months(w) > 0, "the ended months are stored"

    # late events for old months, for both wards: each changes what February (and later) shows
    w.log.clear()
    tip(w, at(2026, 2, 21), received=at(2026, 2, 1), handled=at(2026, 2, 5), on_time=True)
    tip(w, at(2026, 2, 22), received=at(2026, 2, 1), handled=at(2026, 2, 6), on_time=True, ward=other)
    case_id, client = enrol(w, at(2026, 1, 15))
    serve(w, case_id, client, at(2026, 2, 16))
    eid = establishment(w, at(2026, 1, 2), risk=ins.RISK_CLASS_MEDIUM, reviewed=at(2026, 1, 3))
    inspect(w, eid, at(2026, 2, 1))
    w.record(cs.CaseClosed(case_id=case_id, ward=w.ward, occurred_at=at(2026, 4, 1)))
    before = await snapshots.trend(w.rt.uow(), deps, *own)
    await w.deliver_all(**order)
    for query, principal in (own, city):
        after = await snapshots.trend(w.rt.uow(), deps, query, principal)
        assert after == await live_trend(w, deps, query, principal)
    after = await snapshots.trend(w.rt.uow(), deps, *own)
    feb_before, feb_after = (
        {v["code"]: v for v in next(m for m in t["months"] if m["period"] == "2026-02")["indicators"]}
        for t in (before, after)
    )
    assert feb_after["TIPS_TIMELY"]["denominator"] == feb_before["TIPS_TIMELY"]["denominator"] + 1
    assert feb_after != feb_before


async def test_the_plan_period_trend_equals_the_live_one(world: World) -> None:
    w = world
    deps: ReportingDeps = dataclasses.replace(
        w.rt.deps, clock=lambda: dt.datetime(2028, 3, 5, 9, tzinfo=NOW.tzinfo)
    )
    history(w, f"{w.ward}b")
    await w.deliver_all(shuffle=3, duplicate=True)
    query, principal = IndicatorsOf(w.ward, PLAN), w.principal()
    first = await snapshots.trend(w.rt.uow(), deps, query, principal)
    assert first == await live_trend(w, deps, query, principal)
    assert await snapshots.trend(w.rt.uow(), deps, query, principal) == first
    assert len([m for m in first["months"] if m["started"]]) == 27


async def test_a_reservation_made_stale_before_it_is_filled_is_not_stored(world: World) -> None:
    """A writer that changes a month after it was reserved deletes the reservation: nothing stale is kept."""
    w = world
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: NOW)
    month = next(m for m in year(2026).month_periods() if m.code == "2026-03")
    uow = w.rt.uow()
    async with uow:
        await uow.monthly(deps.schedule).reserve([((w.ward,), month)])
        await uow.commit()
    tip(w, at(2026, 3, 20), received=at(2026, 3, 2))
    await w.deliver_all()
    async with uow:
        await uow.monthly(deps.schedule).fill({((w.ward,), month): {"TIPS_TIMELY": (0, 0)}})
        await uow.commit()
    assert await stored_months(w) == 0


async def test_a_rebuild_switch_keeps_the_triggers_and_forgets_the_stored_months(world: World) -> None:
    """The rebuilt tables that replace the live ones make stored months stale as the old ones did."""
    w = world
    deps: ReportingDeps = dataclasses.replace(w.rt.deps, clock=lambda: NOW)
    history(w, f"{w.ward}b")
    await w.deliver_all()
    query, principal = IndicatorsOf(w.ward, year(2026)), w.principal()
    await snapshots.trend(w.rt.uow(), deps, query, principal)
    assert await stored_months(w) > 0

    engine = make_engine(w.rt.settings.database_url)
    try:
        await _create_schema(engine, "rebuild_trend_test")
        await _switch(engine, "rebuild_trend_test")
    finally:
        await engine.dispose()
    assert await stored_months(w) == 0, "counted again from the rebuilt tables"
    await w.deliver_all()  # the same events into the new tables, through the live consumer
    first = await snapshots.trend(w.rt.uow(), deps, query, principal)
    assert first == await live_trend(w, deps, query, principal) and await stored_months(w) > 0
    w.log.clear()
    tip(w, at(2026, 2, 21), received=at(2026, 2, 1), handled=at(2026, 2, 5), on_time=True)
    await w.deliver_all()
    assert await snapshots.trend(w.rt.uow(), deps, query, principal) == await live_trend(
        w, deps, query, principal
    )
