"""Reporting: rebuild from the streams against raw consume, snapshot cost as facts grow, and the
dashboard's trend over the plan period (stored monthly counts against counting every month live)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
import uuid
from typing import Any

import asyncpg
import nats
from google.protobuf.message import Message
from sqlalchemy import delete

from services.reporting.domain.periods import PLAN, VN, quarter
from services.reporting.handlers import snapshots
from services.reporting.handlers.commands import IndicatorsOf
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


def _rows(kind: str, n: int, ward: str, rnd: random.Random) -> tuple[str, list[str], list[tuple[Any, ...]]]:
    def when() -> dt.datetime:
        return START + dt.timedelta(minutes=rnd.randrange(5 * 365 * 24 * 60))

    if kind == "tip":
        cols = [
            "tip_id",
            "ward",
            "kind",
            "received_at",
            "due_at",
            "status",
            "closed_at",
            "on_time",
            "state_at",
        ]
        return (
            "tip_fact",
            cols,
            [
                (
                    uuid.uuid4(),
                    ward,
                    "report",
                    t,
                    t + dt.timedelta(days=20),
                    "handled",
                    t,
                    rnd.random() < 0.9,
                    t,
                )
                for t in (when() for _ in range(n))
            ],
        )
    if kind == "item":
        cols = [
            "item_id",
            "ward",
            "platform",
            "reported_at",
            "due_at",
            "classified_at",
            "handled_at",
            "handled_on_time",
            "outcome",
        ]
        return (
            "online_item_fact",
            cols,
            [
                (uuid.uuid4().hex, ward, "zalo", t, t, t, t, rnd.random() < 0.8, "removed")
                for t in (when() for _ in range(n))
            ],
        )
    if kind == "service":
        cols = ["service_record_id", "ward", "case_id", "client_code", "category", "kind", "received_at"]
        return (
            "service_fact",
            cols,
            [
                (uuid.uuid4().hex, ward, "c", f"CL{rnd.randrange(n // 3 + 1)}", "harm_reduction", "x", when())
                for _ in range(n)
            ],
        )
    if kind == "case":
        cols = ["case_id", "ward", "client_code", "enrolled_at", "eligible", "has_needs", "assessed_at"]
        return (
            "case_fact",
            cols,
            [
                (uuid.uuid4().hex, ward, f"CL{i}", t, True, True, t)
                for i, t in enumerate(when() for _ in range(n))
            ],
        )
    if kind == "inspection":
        cols = ["inspection_id", "establishment_id", "ward", "result", "inspected_at", "violation_count"]
        return (
            "inspection_fact",
            cols,
            [
                (uuid.uuid4().hex, f"E{rnd.randrange(n // 2 + 1)}", ward, "no_violation", when(), 0)
                for _ in range(n)
            ],
        )
    cols = [
        "establishment_id",
        "ward",
        "business_type",
        "registered_at",
        "risk_class",
        "reviewed_at",
        "inspection_interval_days",
    ]
    return (
        "establishment_fact",
        cols,
        [(f"E{i}-{ward}", ward, "karaoke", START, "high", when(), None) for i in range(n)],
    )


async def load_facts(dsn: str, ward: str, total: int) -> None:
    rnd = random.Random(total)
    conn = await asyncpg.connect(dsn)
    try:
        for kind, share in FACT_MIX:
            table, cols, rows = _rows(kind, int(total * share), ward, rnd)
            await conn.copy_records_to_table(table, records=rows, columns=cols)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def snapshot_growth(ctx: Context, results: Results) -> None:
    engine = make_engine(ctx.database_url("reporting"))
    sessions = make_session_factory(engine)
    schedule = ReportSchedule()
    try:
        for total in ctx.sizes.snapshot_facts:
            ward = f"snap{total}"
            await load_facts(ctx.dsn("reporting"), ward, total)
            for period, label in ((PLAN, "plan period"), (quarter(2028, 2), "one quarter")):
                for _ in range(ctx.reps):
                    uow = ReportingUnitOfWork(sessions, ward=ward, small_cell_threshold=0)
                    async with uow:
                        started = time.perf_counter()
                        await compute(uow, ward, (ward,), period, schedule)
                        elapsed = time.perf_counter() - started
                    results.add(f"snapshot over {total:,} facts, {label}", "ms", elapsed * 1000)
    finally:
        await engine.dispose()


# the trend as the plan nears its end: 59 ended months read from storage, the last one counted live
TREND_NOW = dt.datetime(2030, 12, 15, 9, tzinfo=VN)
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


async def dashboard_trend(ctx: Context, results: Results) -> None:
    """The trend for 2026-2030 over the largest fact count, as the dashboard asks it (the handler, no
    HTTP): counted live as before, then from stored months (the first call stores them), against one
    raw aggregate scan of the same fact tables (the new baseline)."""
    total, ward = ctx.sizes.snapshot_facts[-1], ctx.ward  # an org unit: the trend resolves its scope
    await load_facts(ctx.dsn("reporting"), ward, total)
    engine = make_engine(ctx.database_url("reporting"))
    sessions = make_session_factory(engine)
    deps = ReportingDeps(schedule=ReportSchedule(), small_cell_threshold=5, clock=lambda: TREND_NOW)
    principal = Principal("bench", ward, "vhxh", frozenset({"officer"}))
    query = IndicatorsOf(ward, PLAN)

    def uow() -> ReportingUnitOfWork:
        return ReportingUnitOfWork(sessions, ward=ward, small_cell_threshold=5)

    scan = f"raw aggregate scan of the fact tables ({total:,} facts, baseline)"
    conn = await asyncpg.connect(ctx.dsn("reporting"))
    try:
        for _ in range(ctx.reps):
            calls = []
            for _ in range(5):
                started = time.perf_counter()
                await conn.fetchrow(RAW_SCAN, ward)
                calls.append(time.perf_counter() - started)
            results.add(scan, "ms", pct(calls, 0.5) * 1000)
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
            calls = []
            for _ in range(20):
                started = time.perf_counter()
                await snapshots.trend(uow(), deps, query, principal)
                calls.append(time.perf_counter() - started)
            results.add(
                f"trend 2026-2030 over {total:,} facts, stored months: p95 of 20 calls", "ms",
                pct(calls, 0.95) * 1000, baseline=scan,
            )  # fmt: skip
    finally:
        await conn.close()
        await engine.dispose()
