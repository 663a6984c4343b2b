"""Each indicator on hand-built event sequences with known answers: in order, shuffled across
streams, and with every event delivered twice."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from services.reporting.domain.periods import quarter, year
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
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


@pytest.mark.parametrize("order", ORDERS)
async def test_tips_timely_counts_tips_due_in_the_period_handled_by_their_deadline(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    tip(w, at(2026, 2, 10), received=at(2026, 1, 20), handled=at(2026, 2, 3), on_time=True)
    tip(w, at(2026, 3, 5), received=at(2026, 2, 1), handled=at(2026, 3, 9), on_time=False)
    tip(w, at(2026, 3, 20), received=at(2026, 3, 1))  # still open
    merged = tip(w, at(2026, 3, 1), received=at(2026, 2, 2))
    w.record(intake.TipMerged(tip_id=merged, ward=w.ward, occurred_at=at(2026, 2, 3), into_tip_id="x"))
    reopened = tip(w, at(2026, 3, 25), received=at(2026, 2, 20), handled=at(2026, 3, 1), on_time=True)
    w.record(
        intake.TipReopened(tip_id=reopened, ward=w.ward, occurred_at=at(2026, 3, 3), due_at=at(2026, 3, 25))
    )
    tip(w, at(2026, 4, 10), received=at(2026, 3, 28), handled=at(2026, 4, 1), on_time=True)  # due in Q2
    tip(w, at(2026, 2, 1), received=at(2026, 1, 5), handled=at(2026, 1, 9), on_time=True, ward=f"{w.ward}b")

    await w.deliver_all(**order)

    # due in Q1, not merged: 4 tips; handled on time: 1 (the reopened one is open again)
    assert await w.figure("TIPS_TIMELY", quarter(2026, 1)) == (1, 4, 2500, False)
    assert await w.figure("TIPS_TIMELY", quarter(2026, 2)) == (1, 1, 10000, True)
    # the city is the roll-up of its wards
    assert await w.figure("TIPS_TIMELY", quarter(2026, 1), scope=w.city) == (2, 5, 4000, False)


@pytest.mark.parametrize("order", ORDERS)
async def test_online_handled_takes_the_first_handling_of_each_item(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    due = at(2026, 2, 15)
    a = item(w, at(2026, 2, 1), due=due)
    w.record(om.ItemRemoved(item_id=a, ward=w.ward, occurred_at=at(2026, 2, 5), on_time=True))
    b = item(w, at(2026, 2, 1), due=due)  # escalated late first; a later on-time closure does not undo that
    w.record(om.ItemEscalated(item_id=b, ward=w.ward, occurred_at=at(2026, 2, 20), on_time=False))
    w.record(om.ItemClosed(item_id=b, ward=w.ward, occurred_at=at(2026, 2, 25), on_time=True))
    c = item(w, at(2026, 3, 1), due=at(2026, 3, 10), classified=False)  # removed, never classified
    w.record(om.ItemRemoved(item_id=c, ward=w.ward, occurred_at=at(2026, 3, 2), on_time=True))
    item(w, at(2026, 3, 30), due=at(2026, 4, 9))  # still open
    d = item(w, at(2026, 4, 2), due=at(2026, 4, 9))  # reported in Q2
    w.record(om.ItemClosed(item_id=d, ward=w.ward, occurred_at=at(2026, 4, 3), on_time=True))

    await w.deliver_all(**order)

    assert await w.figure("ONLINE_HANDLED", quarter(2026, 1)) == (1, 4, 2500, False)
    assert await w.figure("ONLINE_HANDLED", quarter(2026, 2)) == (1, 1, 10000, True)
    outcomes = {
        r.key: r.count
        for r in (await w.content(quarter(2026, 1))).breakdown
        if r.dimension == "items_by_outcome"
    }
    assert outcomes == {"removed": 2, "escalated": 1, "open": 1}


@pytest.mark.parametrize("order", ORDERS)
async def test_hr_access_counts_eligible_clients_with_needs_who_received_a_service(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    c1 = enrol(w, at(2026, 1, 5))
    serve(w, *c1, at(2026, 2, 10))
    serve(w, *c1, at(2026, 3, 10))  # a second service: still one client
    enrol(w, at(2026, 1, 6))  # never served
    c3 = enrol(w, at(2026, 1, 7))
    w.record(cs.NeedsAssessed(case_id=c3[0], ward=w.ward, occurred_at=at(2026, 2, 1), client_code=c3[1]))
    serve(w, *c3, at(2026, 2, 15))  # served, but reassessed as not eligible: not counted at all
    c4 = enrol(w, at(2026, 1, 8), needs=False)  # needs found later: counts
    w.record(
        cs.NeedsAssessed(
            case_id=c4[0], ward=w.ward, occurred_at=at(2026, 1, 20), client_code=c4[1], eligible=True,
            has_needs=True,
        )
    )  # fmt: skip
    serve(w, *c4, at(2026, 3, 1))
    c5 = enrol(w, at(2025, 6, 1))
    w.record(cs.CaseClosed(case_id=c5[0], ward=w.ward, occurred_at=at(2025, 12, 1), client_code=c5[1]))

    await w.deliver_all(**order)

    assert await w.figure("HR_ACCESS", quarter(2026, 1)) == (2, 3, 6666, False)
    people = {
        r.key: r.count for r in (await w.content(quarter(2026, 1))).breakdown if r.dimension == "clients"
    }
    assert people == {"active": 4, "eligible_with_needs": 3, "served": 2}


@pytest.mark.parametrize("order", ORDERS)
async def test_a_reopened_case_is_active_again_from_the_reopening(
    world: World, order: dict[str, Any]
) -> None:
    w = world

    def close(c: tuple[str, str], when: Any) -> None:
        w.record(cs.CaseClosed(case_id=c[0], ward=w.ward, occurred_at=when, client_code=c[1]))

    def reopen(c: tuple[str, str], when: Any) -> None:
        w.record(cs.CaseReopened(case_id=c[0], ward=w.ward, occurred_at=when, client_code=c[1]))

    back = enrol(w, at(2025, 6, 1))  # closed before 2026, reopened in February and served
    close(back, at(2025, 12, 1))
    reopen(back, at(2026, 2, 1))
    serve(w, *back, at(2026, 2, 20))
    again = enrol(w, at(2025, 6, 1))  # reopened, then closed again before 2026: not active in it
    close(again, at(2025, 10, 1))
    reopen(again, at(2025, 11, 1))
    close(again, at(2025, 12, 15))
    later = enrol(w, at(2025, 6, 1))  # reopened only in April: active in Q2, not in Q1
    close(later, at(2025, 12, 1))
    reopen(later, at(2026, 4, 10))
    w.record(
        cs.ClientErased(case_id=later[0], ward=w.ward, occurred_at=at(2026, 4, 11), client_code=later[1])
    )

    await w.deliver_all(**order)

    assert await w.figure("HR_ACCESS", quarter(2026, 1)) == (1, 1, 10000, True)
    assert await w.figure("HR_ACCESS", quarter(2026, 2)) == (0, 2, 0, False)  # back, still open, and later
    assert await w.figure("HR_ACCESS", quarter(2025, 4)) == (0, 3, 0, False)


@pytest.mark.parametrize("order", ORDERS)
async def test_estab_managed_needs_a_review_within_a_year_and_inspections_as_often_as_the_risk(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    high, low = ins.RISK_CLASS_HIGH, ins.RISK_CLASS_LOW
    e1 = establishment(w, at(2025, 1, 1), risk=high, reviewed=at(2026, 4, 1))
    inspect(w, e1, at(2026, 5, 10))  # within 90 days of 1 July
    e2 = establishment(w, at(2025, 1, 1), risk=high, reviewed=at(2026, 3, 1))
    inspect(w, e2, at(2026, 1, 10))  # too long ago for a high risk
    inspect(w, e2, at(2026, 6, 1), result=ins.INSPECTION_RESULT_NOT_CARRIED_OUT)  # does not count
    e3 = establishment(w, at(2025, 1, 1), risk=low, reviewed=at(2026, 6, 1))
    inspect(w, e3, at(2025, 10, 1))  # within 365 days
    e4 = establishment(w, at(2025, 1, 1), risk=low, reviewed=at(2026, 6, 1))
    w.record(ins.EstablishmentClosed(establishment_id=e4, ward=w.ward, occurred_at=at(2026, 5, 1)))
    e5 = establishment(w, at(2025, 1, 1), risk=high, reviewed=at(2026, 6, 1), interval=30)
    inspect(w, e5, at(2026, 6, 20))
    establishment(w, at(2026, 2, 1))  # registered, never reviewed
    e7 = establishment(w, at(2024, 1, 1), risk=low, reviewed=at(2025, 5, 1))  # review too old
    inspect(w, e7, at(2026, 6, 1))

    await w.deliver_all(**order)

    # active at the end of Q2: e1 e2 e3 e5 e6 e7; managed: e1 e3 e5
    assert await w.figure("ESTAB_MANAGED", quarter(2026, 2)) == (3, 6, 5000, False)
    by_risk = {
        r.key: r.count
        for r in (await w.content(quarter(2026, 2))).breakdown
        if r.dimension == "establishments_by_risk"
    }
    assert by_risk == {"high": 3, "low": 2, "unclassified": 1}


@pytest.mark.parametrize("order", ORDERS)
async def test_a_closed_establishment_that_reopens_is_active_again_from_the_reopening(
    world: World, order: dict[str, Any]
) -> None:
    w = world
    low = ins.RISK_CLASS_LOW
    reopened = establishment(w, at(2025, 1, 1), risk=low, reviewed=at(2026, 1, 10))
    inspect(w, reopened, at(2026, 1, 15))
    w.record(ins.EstablishmentClosed(establishment_id=reopened, ward=w.ward, occurred_at=at(2026, 2, 1)))
    w.record(ins.EstablishmentReopened(establishment_id=reopened, ward=w.ward, occurred_at=at(2026, 5, 1)))
    closed = establishment(w, at(2025, 1, 1), risk=low, reviewed=at(2026, 1, 10))
    w.record(ins.EstablishmentReopened(establishment_id=closed, ward=w.ward, occurred_at=at(2026, 1, 20)))
    w.record(ins.EstablishmentClosed(establishment_id=closed, ward=w.ward, occurred_at=at(2026, 2, 1)))

    await w.deliver_all(**order)

    # End of Q1: both closed (the re-opening comes later; the second closed after re-opening).
    assert (await w.figure("ESTAB_MANAGED", quarter(2026, 1)))[1] == 0
    # End of Q2: the first trades again (and is managed), the second stays closed.
    assert await w.figure("ESTAB_MANAGED", quarter(2026, 2)) == (1, 1, 10000, True)


@pytest.mark.parametrize("order", ORDERS)
async def test_hotspots_counts_places_flagged_in_the_period(world: World, order: dict[str, Any]) -> None:
    w = world
    for when, formation in ((at(2026, 1, 3), 1), (at(2026, 3, 30), 2), (at(2026, 4, 2), 1)):
        w.record(
            ins.HotspotFlagged(
                hotspot_id=str(uuid.uuid4()), ward=w.ward, occurred_at=when, formation=formation
            )
        )
    await w.deliver_all(**order)

    assert await w.figure("HOTSPOTS", quarter(2026, 1)) == (2, 0, 2, False)
    assert await w.figure("HOTSPOTS", quarter(2026, 3)) == (0, 0, 0, True)
    assert await w.figure("HOTSPOTS", year(2026)) == (3, 0, 3, False)


async def test_a_redelivered_event_is_applied_once(world: World) -> None:
    w = world
    tip(w, at(2026, 2, 10), received=at(2026, 1, 20), handled=at(2026, 2, 3), on_time=True)
    assert await w.deliver_all() == 2
    assert await w.deliver_all() == 0, "the inbox refuses what it has seen"
    assert await w.figure("TIPS_TIMELY", quarter(2026, 1)) == (1, 1, 10000, True)
