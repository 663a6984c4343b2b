"""Reporting: rebuild from the streams against raw consume, snapshot cost as facts grow, and the
dashboard's trend over the plan period (stored monthly counts against counting every month live)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import nats
from google.protobuf.message import Message
from sqlalchemy import delete

from services.reporting.domain.periods import PLAN, VN, quarter
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import IndicatorsOf, PrepareSnapshot, SnapshotsOf
from services.reporting.handlers.deps import ReportingDeps
from services.reporting.handlers.rebuild import rebuild
from services.reporting.handlers.snapshots import compute
from services.reporting.repository.measures import ReportSchedule
from services.reporting.repository.monthly import TrendMonth
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from services.reporting.settings import ReportingSettings
from shared.auth import Principal
from shared.contracts.catalog import spec_for
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
from shared.db import make_engine, make_session_factory
from shared.messaging.envelope import envelope
from tests.bench.baselines import C
from tests.bench.context import Context
from tests.bench.core import Results, pct

REBUILD_WARD = "benchrebuild"
START = dt.datetime(2026, 1, 1, tzinfo=VN)


def _events(n: int, ward: str) -> list[Message]:
    """A mix like the programme's: tips received and handled, online items, clients, inspections."""
    rnd = random.Random(42)
    out: list[Message] = []
    while len(out) < n:
        at = START + dt.timedelta(minutes=rnd.randrange(5 * 365 * 24 * 60))
        key = str(uuid.uuid4())
        out += [
            intake.TipReceived(tip_id=key, ward=ward, occurred_at=at, due_at=at, kind=1, channel=1),
            intake.TipHandled(tip_id=key, ward=ward, occurred_at=at, handled_at=at, due_at=at, on_time=True),
            om.ItemReported(item_id=key, ward=ward, occurred_at=at, due_at=at, platform=1),
            om.ItemClassified(item_id=key, ward=ward, occurred_at=at, category=1),
            cs.ClientEnrolled(
                case_id=key, ward=ward, occurred_at=at, client_code=key[:12], eligible=True, has_needs=True
            ),
            cs.ServiceReceived(
                service_record_id=key,
                ward=ward,
                occurred_at=at,
                case_id=key,
                client_code=key[:12],
                service_category=1,
                received_at=at,
            ),
            ins.EstablishmentRegistered(establishment_id=key, ward=ward, occurred_at=at, business_type=1),
            ins.InspectionCompleted(
                inspection_id=key, ward=ward, occurred_at=at, establishment_id=key, inspected_at=at, result=1
            ),
        ]
    return out[:n]


async def publish_events(nats_url: str, events: list[Message], ward: str, window: int = 500) -> None:
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    for first in range(0, len(events), window):
        futures = []
        for event in events[first : first + window]:
            out = envelope(event, service=spec_for(event).service, ward=ward)
            futures.append(await js.publish_async(out.subject, out.payload, headers=out.headers))
        await asyncio.gather(*futures)
    await nc.close()


async def rebuild_rate(ctx: Context, results: Results) -> None:
    """Services stopped: the rebuild alone reads the streams (every rep reads them all again)."""
    events = ctx.sizes.rebuild_events
    await publish_events(ctx.nats_url, _events(events, REBUILD_WARD), REBUILD_WARD)
    settings = ReportingSettings(
        database_url=ctx.database_url("reporting"),
        nats_url=ctx.nats_url,
        ward=ctx.ward,
        consume_ward=REBUILD_WARD,
    )
    for _ in range(ctx.reps):
        started = time.perf_counter()
        report = await rebuild(settings, progress=lambda _line: None, batch=1000)
        elapsed = time.perf_counter() - started
        if report.events != events:
            raise RuntimeError(f"rebuild read {report.events} events, expected {events}")
        results.add(
            f"rebuild over {events:,} events: events/s",
            "ev/s",
            events / elapsed,
            baseline=f"{C}: msg/s",
            note="whole command: new schema, read, switch, catch-up",
        )


FACT_MIX = (
    ("tip", 0.4),
    ("item", 0.2),
    ("service", 0.15),
    ("case", 0.1),
    ("inspection", 0.1),
    ("estab", 0.05),
)

# Set-based, so 10M facts load in minutes: each kind is one INSERT ... SELECT over generate_series
# ($1 ward, $2 rows, $3 the plan's start); times are uniform over the plan period, to the minute.
WHEN = "($3::timestamptz + floor(random() * 2628000)::int * interval '1 minute')"
HEX = "replace(gen_random_uuid()::text, '-', '')"
FACT_SQL = {
    "tip": f"""INSERT INTO tip_fact (tip_id, ward, kind, received_at, due_at, status, closed_at, on_time,
      state_at) SELECT gen_random_uuid(), $1, 'report', t, t + interval '20 days', 'handled', t,
      random() < 0.9, t FROM (SELECT {WHEN} AS t FROM generate_series(1, $2)) s""",
    "item": f"""INSERT INTO online_item_fact (item_id, ward, platform, reported_at, due_at, classified_at,
      handled_at, handled_on_time, outcome) SELECT {HEX}, $1, 'zalo', t, t, t, t, random() < 0.8,
      'removed' FROM (SELECT {WHEN} AS t FROM generate_series(1, $2)) s""",
    "service": f"""INSERT INTO service_fact (service_record_id, ward, case_id, client_code, category, kind,
      received_at) SELECT {HEX}, $1, 'c', 'CL' || floor(random() * ($2 / 3 + 1))::bigint,
      'harm_reduction', 'x', {WHEN} FROM generate_series(1, $2)""",
    "case": f"""INSERT INTO case_fact (case_id, ward, client_code, enrolled_at, eligible, has_needs,
      assessed_at) SELECT {HEX}, $1, 'CL' || i, t, true, true, t
      FROM (SELECT i, {WHEN} AS t FROM generate_series(0, $2 - 1) i) s""",
    # an inspection of one of the ward's establishments (ids as "estab" makes them)
    "inspection": f"""INSERT INTO inspection_fact (inspection_id, establishment_id, ward, result,
      inspected_at, violation_count) SELECT {HEX}, 'E' || floor(random() * ($2 / 2 + 1))::bigint || '-' || $1,
      $1, 'no_violation', {WHEN}, 0 FROM generate_series(1, $2)""",
    "estab": f"""INSERT INTO establishment_fact (establishment_id, ward, business_type, registered_at,
      risk_class, reviewed_at, inspection_interval_days) SELECT 'E' || i || '-' || $1, $1, 'karaoke', $3,
      'high', {WHEN}, NULL FROM generate_series(0, $2 - 1) i""",
}


async def load_facts(dsn: str, ward: str, total: int) -> None:
    """``total`` facts for ``ward`` in the programme's mix, generated in the database, then vacuumed and
    analysed as autovacuum leaves a running system's tables (its insert threshold vacuums a table after
    20% new rows; PostgreSQL 13+): the visibility map set, so index-only scans read no heap, and no
    autovacuum started by the load competing with the first measurements (it did: the raw scan over 1M
    facts took 150 ms while it ran and 85 ms after)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("SELECT setseed(0.42)")
        for kind, share in FACT_MIX:
            await conn.execute(FACT_SQL[kind], ward, int(total * share), START)
        await conn.execute("VACUUM (ANALYZE)")
    finally:
        await conn.close()


async def raw_scan(conn: asyncpg.Connection, ward: str, total: int, results: Results) -> str:
    """One raw aggregate scan of the ward's fact tables (median of 5): what a snapshot is compared with."""
    name = f"raw aggregate scan of the fact tables ({total:,} facts, baseline)"
    calls = []
    for _ in range(5):
        started = time.perf_counter()
        await conn.fetchrow(RAW_SCAN, ward)
        calls.append(time.perf_counter() - started)
    results.add(name, "ms", pct(calls, 0.5) * 1000)
    return name


async def snapshot_growth(ctx: Context, results: Results) -> None:
    """A snapshot (every indicator and breakdown) as the facts grow, against one raw scan of the same
    facts: linear growth keeps the ratio flat (``PCMD_BENCH_LARGE=1`` adds a 10M point)."""
    engine = make_engine(ctx.database_url("reporting"))
    sessions = make_session_factory(engine)
    schedule = ReportSchedule()
    conn = await asyncpg.connect(ctx.dsn("reporting"))
    try:
        for total in ctx.sizes.snapshot_facts:
            ward = f"snap{total}"
            await load_facts(ctx.dsn("reporting"), ward, total)
            for period, label in ((PLAN, "plan period"), (quarter(2028, 2), "one quarter")):
                for _ in range(ctx.reps):
                    scan = await raw_scan(conn, ward, total, results)
                    uow = ReportingUnitOfWork(sessions, ward=ward, small_cell_threshold=0)
                    async with uow:
                        started = time.perf_counter()
                        await uow.repeatable_read()  # as ``prepare`` does: counted side by side
                        await compute(uow, ward, (ward,), period, schedule)
                        elapsed = time.perf_counter() - started
                    name = f"snapshot over {total:,} facts, {label}"
                    results.add(name, "ms", elapsed * 1000, baseline=scan)
    finally:
        await conn.close()
        await engine.dispose()


# the trend as the plan nears its end: 59 ended months read from storage, the last one counted live
TREND_NOW = dt.datetime(2030, 12, 15, 9, tzinfo=VN)
# Since migration 0014 its count(DISTINCT client_code) reads ix_service_fact_ward_client in client order,
# not a sort: the baseline itself got faster then (on a shared machine, 1M facts about 230 -> 130 ms,
# 10M 7.2 -> 1.8 s), so compare a snapshot's time across that change, not only its ratio to this scan.
RAW_SCAN = """SELECT (SELECT count(*) FILTER (WHERE on_time) FROM tip_fact WHERE ward = $1),
  (SELECT count(*) FILTER (WHERE handled_on_time) FROM online_item_fact WHERE ward = $1),
  (SELECT count(DISTINCT client_code) FROM service_fact WHERE ward = $1),
  (SELECT count(*) FILTER (WHERE eligible) FROM case_fact WHERE ward = $1),
  (SELECT max(inspected_at) FROM inspection_fact WHERE ward = $1),
  (SELECT count(*) FROM establishment_fact WHERE ward = $1)"""


async def _live_trend(uow: ReportingUnitOfWork, deps: ReportingDeps, scope: str) -> None:
    """What the trend did before monthly counts were stored: every month counted live."""
    async with uow:
        await uow.repeatable_read()
        for m in PLAN.month_periods():
            if m.start <= TREND_NOW:
                await snapshots.count(uow, scope, (scope,), m, deps.schedule, now=TREND_NOW, breakdown=False)


Call = Callable[[], Awaitable[Any]]


async def _p95(name: str, calls: int, call: Call, results: Results, scan: str) -> None:
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        await call()
        times.append(time.perf_counter() - started)
    results.add(f"{name}: p95 of {calls} calls", "ms", pct(times, 0.95) * 1000, baseline=scan)
    # (with 20 calls or fewer the p95 is the slowest; the median shows what most calls took)
    results.add(f"{name}: p50 of {calls} calls", "ms", pct(times, 0.5) * 1000, baseline=scan)


async def dashboard_trend(ctx: Context, results: Results) -> None:
    """The dashboard's calls over 1M facts, as it asks them (the handlers, no HTTP), against one raw
    aggregate scan of the same fact tables: the trend for 2026-2030 counted live as before, then from
    stored months (the first call stores them); the values of the current quarter (the dashboard's
    default) and of the plan period, each asked again with nothing written (the counts are reused) and
    after a write (they are counted); the list of the ward's snapshots."""
    total, ward = ctx.sizes.trend_facts, ctx.ward  # an org unit: the trend resolves its scope
    await load_facts(ctx.dsn("reporting"), ward, total)
    engine = make_engine(ctx.database_url("reporting"))
    sessions = make_session_factory(engine)
    deps = ReportingDeps(schedule=ReportSchedule(), small_cell_threshold=5, clock=lambda: TREND_NOW)
    principal = Principal("bench", ward, "vhxh", frozenset({"officer"}))
    query = IndicatorsOf(ward, PLAN)
    now_quarter = IndicatorsOf(ward, quarter(2030, 4))

    def uow() -> ReportingUnitOfWork:
        return ReportingUnitOfWork(sessions, ward=ward, small_cell_threshold=5)

    for q in (2, 3):  # the snapshots the list shows
        await snapshots.prepare(uow(), deps, PrepareSnapshot(ward, quarter(2030, q)), principal)
    conn = await asyncpg.connect(ctx.dsn("reporting"))
    try:
        for _ in range(ctx.reps):
            scan = await raw_scan(conn, ward, total, results)
            started = time.perf_counter()
            await _live_trend(uow(), deps, ward)
            results.add(
                f"trend 2026-2030 over {total:,} facts, every month counted live (before)", "ms",
                (time.perf_counter() - started) * 1000, baseline=scan,
            )  # fmt: skip
            async with engine.begin() as c:  # nothing stored: the first call counts and stores
                await c.execute(delete(TrendMonth))
            started = time.perf_counter()
            await snapshots.trend(uow(), deps, query, principal)
            results.add(
                f"trend 2026-2030 over {total:,} facts, first call (counts and stores)", "ms",
                (time.perf_counter() - started) * 1000, baseline=scan,
            )  # fmt: skip
            trend_name = f"trend 2026-2030 over {total:,} facts, stored months"
            await _p95(trend_name, 20, lambda: snapshots.trend(uow(), deps, query, principal), results, scan)
            values = f"values over {total:,} facts"
            await _p95(
                f"{values}, current quarter",
                20,
                lambda: snapshots.current_values(uow(), deps, now_quarter, principal),
                results,
                scan,
            )
            await _p95(
                f"{values}, plan period",
                5,
                lambda: snapshots.current_values(uow(), deps, query, principal),
                results,
                scan,
            )

            # The calls above read a database no one writes to: from the second on, each reuses the counts
            # of the first (``handlers/live.py``). Here a write comes before each call, as when events are
            # being applied: every call counts.
            async def after_a_write(call: Call) -> Any:
                await conn.execute("SELECT txid_current()")  # a transaction with an id: a new snapshot
                return await call()

            await _p95(
                f"{trend_name}, after a write", 20,
                lambda: after_a_write(lambda: snapshots.trend(uow(), deps, query, principal)), results, scan,
            )  # fmt: skip
            for label, of, calls in (("current quarter", now_quarter, 20), ("plan period", query, 5)):
                await _p95(
                    f"{values}, {label}, after a write", calls,
                    lambda of=of: after_a_write(lambda: snapshots.current_values(uow(), deps, of, principal)),
                    results, scan,
                )  # fmt: skip
            await _p95(
                f"snapshot list over {total:,} facts",
                20,
                lambda: snapshots.list_snapshots(uow(), deps, SnapshotsOf(ward), principal),
                results,
                scan,
            )
    finally:
        await conn.close()
        await engine.dispose()
