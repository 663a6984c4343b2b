"""Rebuilding the read models from the streams gives the same snapshots, hash for hash."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message
from nats.js import JetStreamContext
from sqlalchemy import func, select

from services.reporting.domain.periods import PLAN, month, quarter, year
from services.reporting.handlers.rebuild import rebuild
from services.reporting.main import on_start
from services.reporting.repository.facts import FACT_TABLES
from shared.contracts.catalog import spec_for
from shared.db import InboxRecord
from shared.messaging.envelope import envelope
from shared.runtime import Runtime
from tests.integration.harness import eventually, reporting_runtime
from tests.integration.reporting.world import World, at, enrol, establishment, inspect, item, serve, tip

PERIODS = (month(2026, 2), quarter(2026, 1), quarter(2026, 2), year(2026), PLAN)


async def publish(js: JetStreamContext, event: Message, ward: str, *, twice: bool = False) -> None:
    """As the producer's relay would; ``twice`` is a relay that crashed after publishing once."""
    out = envelope(event, service=spec_for(event).service, ward=ward)
    await js.publish(out.subject, out.payload, headers=out.headers)
    if twice:
        await js.publish(out.subject, out.payload, headers={**out.headers, "Nats-Msg-Id": str(uuid.uuid4())})


async def hashes(rt: Runtime, ward: str) -> dict[str, str]:
    world = World(rt, ward, "", {})
    return {period.code: (await world.content(period)).content_hash for period in PERIODS}


async def fact_counts(rt: Runtime) -> dict[str, int]:
    async with rt.session_factory() as s:
        return {
            m.__tablename__: int(await s.scalar(select(func.count()).select_from(m)) or 0)
            for m in (*FACT_TABLES, InboxRecord)
        }


async def test_rebuild_from_the_streams_gives_the_same_snapshots_hash_for_hash(
    service_db: Callable[[str], Any], nats_url: str, ward: str
) -> None:
    db = await service_db("reporting")
    rt = await reporting_runtime(db, nats_url, ward)
    try:
        await on_start(rt)
        scenario = World(rt, ward, "", {})
        for n in range(5):
            day = at(2026, 1 + n, 10)
            tip(scenario, day + dt.timedelta(days=20), received=day)
            tip(
                scenario,
                day + dt.timedelta(days=30),
                received=day,
                handled=day + dt.timedelta(days=3),
                on_time=True,
            )
            item(scenario, day, due=day + dt.timedelta(days=7))
            serve(scenario, *enrol(scenario, day), day + dt.timedelta(days=2))
            inspect(
                scenario,
                establishment(scenario, at(2025, 1, 1), risk=3, reviewed=day),
                day + dt.timedelta(days=9),
            )
        js = rt.js
        for n, delivery in enumerate(scenario.log):
            await publish(js, delivery.event, ward, twice=n % 7 == 0)

        applied = len(scenario.log)
        await eventually(lambda: _inbox_at_least(rt, applied), timeout=60)
        before_counts = await fact_counts(rt)
        before = await hashes(rt, ward)

        lines: list[str] = []
        report = await rebuild(rt.settings, progress=lines.append, batch=7)  # type: ignore[arg-type]
        assert report.events == applied + len(range(0, applied, 7)), "every copy in the streams was read"
        assert any("switched over" in line for line in lines) and any("100%" in line for line in lines)

        assert await fact_counts(rt) == before_counts
        assert await hashes(rt, ward) == before
        assert before[quarter(2026, 1).code] != before[quarter(2026, 2).code]

        # the live consumers carry on into the rebuilt tables
        late = World(rt, ward, "", {})
        tip(late, at(2026, 1, 28), received=at(2026, 1, 21))
        for delivery in late.log:
            await publish(js, delivery.event, ward)
        await eventually(lambda: _inbox_at_least(rt, applied + 1), timeout=60)
        assert (await hashes(rt, ward))[quarter(2026, 1).code] != before[quarter(2026, 1).code]
    finally:
        await rt.stop()


async def _inbox_at_least(rt: Runtime, n: int) -> bool:
    async with rt.session_factory() as s:
        return int(await s.scalar(select(func.count()).select_from(InboxRecord)) or 0) >= n
