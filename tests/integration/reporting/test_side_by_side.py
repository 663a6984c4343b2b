"""Counts run side by side: HR_ACCESS and the services' breakdown in a second transaction that reads
the snapshot of the first (``pg_export_snapshot``), so the two halves of one count see the same rows
even when a consumer commits between them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.handlers import snapshots
from services.reporting.repository.measures import Measures
from services.reporting.repository.unit_of_work import SPARE, ReportingUnitOfWork
from shared.db import spare_connections
from tests.integration.reporting.test_as_of import NOW, Q4
from tests.integration.reporting.world import World, at, enrol, open_world, serve, tip


@pytest.fixture
async def world(service_db: Callable[[str], Any], nats_url: str, ward: str) -> AsyncIterator[World]:
    """A ward with one client, eligible with needs, served in Q4 2026, and one tip due then."""
    w = await open_world(await service_db("reporting"), nats_url, ward)
    served_client(w)
    await w.deliver_all()
    yield w
    await w.rt.stop()


def served_client(w: World) -> None:
    case_id, client = enrol(w, at(2026, 10, 2))
    serve(w, case_id, client, at(2026, 10, 3))
    tip(w, at(2026, 10, 20), received=at(2026, 10, 1))


def watched(uow: ReportingUnitOfWork) -> list[AsyncSession | None]:
    """The second transactions the unit of work opens (None: asked for, none to spare)."""
    opened, alongside = list[AsyncSession | None](), uow.alongside

    async def spy() -> AsyncSession | None:
        opened.append(await alongside())
        return opened[-1]

    uow.alongside = spy  # type: ignore[method-assign]
    return opened


def clients(rows: tuple[Any, ...]) -> dict[str, int]:
    return {r.key: r.count for r in rows if r.source == "case_support" and r.dimension == "clients"}


async def test_both_transactions_count_the_snapshot_taken_before_a_consumer_commits(world: World) -> None:
    w = world
    uow = w.rt.uow()
    async with uow:
        await uow.repeatable_read()
        await uow.reading_snapshot()  # the snapshot is taken here
        served_client(w)  # a consumer commits a second client and tip meanwhile
        await w.deliver_all()
        opened = watched(uow)
        content = await snapshots.count(uow, w.ward, (w.ward,), Q4, w.rt.deps.schedule, now=NOW)
    assert len(opened) == 1 and opened[0] is not None, "HR_ACCESS and the services' breakdown counted beside"
    hr, tips = content.value("HR_ACCESS"), content.value("TIPS_TIMELY")
    assert (hr.numerator, hr.denominator) == (1, 1), "the second transaction read the first's snapshot"
    assert tips.denominator == 1
    assert clients(content.breakdown) == {"active": 1, "eligible_with_needs": 1, "served": 1}

    again = w.rt.uow()
    async with again:
        await again.repeatable_read()
        content = await snapshots.count(again, w.ward, (w.ward,), Q4, w.rt.deps.schedule, now=NOW)
    assert (content.value("HR_ACCESS").numerator, content.value("TIPS_TIMELY").denominator) == (2, 2)


async def test_a_count_outside_repeatable_read_stays_in_its_one_transaction(world: World) -> None:
    w = world
    uow = w.rt.uow()
    async with uow:
        opened = watched(uow)
        content = await snapshots.count(uow, w.ward, (w.ward,), Q4, w.rt.deps.schedule, now=NOW)
    assert opened == [], "without one snapshot to share, nothing is counted beside"
    assert (content.value("HR_ACCESS").numerator, content.value("HR_ACCESS").denominator) == (1, 1)
    assert clients(content.breakdown) == {"active": 1, "eligible_with_needs": 1, "served": 1}


async def test_a_failing_count_ends_the_count_beside_it_and_returns_both_connections(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world
    cancelled = []

    async def still_counting(self: Measures) -> tuple[int, int]:
        try:
            await self._s.execute(text("SELECT pg_sleep(60)"))
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        raise AssertionError("not ended when the count beside it failed")

    async def broken(self: Measures) -> tuple[int, int]:
        raise RuntimeError("a count failed")

    monkeypatch.setattr(Measures, "hr_access", still_counting)
    monkeypatch.setattr(Measures, "estab_managed", broken)
    uow = w.rt.uow()
    with pytest.raises(RuntimeError, match="a count failed"):
        async with uow:
            await uow.repeatable_read()
            opened = watched(uow)
            await snapshots.count(uow, w.ward, (w.ward,), Q4, w.rt.deps.schedule, now=NOW)
    assert opened[0] is not None and cancelled == [True], "the count beside was cancelled"
    pool: Any = w.rt.engine.pool
    assert pool.checkedout() == 0, "both transactions ended, their connections back in the pool"


async def test_a_count_finding_no_connection_to_spare_counts_alone(world: World) -> None:
    """Counts holding their first connection while waiting for a second could hold the whole pool and
    wait for ever: a count finds one to spare at once, or counts alone."""
    w = world
    pool: Any = w.rt.engine.pool
    async with contextlib.AsyncExitStack() as held:
        while spare_connections(w.rt.engine) > SPARE + 1:  # the count's own connection takes one more
            await held.enter_async_context(w.rt.engine.connect())
        uow = w.rt.uow()
        async with uow:
            await uow.repeatable_read()
            opened = watched(uow)
            content = await snapshots.count(uow, w.ward, (w.ward,), Q4, w.rt.deps.schedule, now=NOW)
        assert opened == [None], "asked once, none to spare: not asked again for the breakdowns"
        assert pool.checkedout() == pool.size() - SPARE - 1
    assert (content.value("HR_ACCESS").numerator, content.value("HR_ACCESS").denominator) == (1, 1)
    assert clients(content.breakdown) == {"active": 1, "eligible_with_needs": 1, "served": 1}
