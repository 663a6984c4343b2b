"""The outbox relay: a burst of tips written with the relay stopped, then drained into JetStream.

CPU per event is the CPU time each process spent during the drain divided by the events: the relay
(this process: nothing else runs in it meanwhile), NATS and PostgreSQL (its backends). After each
drain, the raw publish of baseline (b) runs as many event-shaped messages in the same phase: their
ratio per repetition is the interleaved A/B, which the machine's load shifts far less than the
ratio of medians measured minutes apart.
"""

from __future__ import annotations

import asyncio
import time

import nats

from services.intake.domain import Channel, SubjectType, TipKind
from services.intake.handlers import tips as handlers
from services.intake.handlers.commands import ReceiveTip
from shared.auth import Principal
from tests.bench.baselines import B, raw_publish, raw_stream_config
from tests.bench.context import Context
from tests.bench.core import Results
from tests.bench.procstat import NATS, POSTGRES, snapshot
from tests.integration.harness import intake_runtime

WARD = "benchrelay"


async def relay_burst(ctx: Context, results: Results) -> None:
    burst = ctx.sizes.relay_burst
    rt = await intake_runtime(ctx.database_url("intake"), ctx.nats_url, WARD, run_relay=False)
    principal = Principal("bench", WARD, "ca", frozenset({"officer"}))
    cmd = ReceiveTip(TipKind.REPORT, Channel.HOTLINE, SubjectType.PLACE, "tdp-1")
    deps = rt.deps
    gate = asyncio.Semaphore(16)

    async def one() -> None:
        async with gate:
            await handlers.receive_tip(rt.uow(), deps, cmd, principal, None)

    nc = await nats.connect(ctx.nats_url)
    await nc.jetstream().add_stream(raw_stream_config("BENCH_RAW_RELAY", ["bench.rawrelay.>"]))
    try:
        for rep in range(ctx.reps):
            await asyncio.gather(*(one() for _ in range(burst)))
            before = snapshot(ctx.pids)
            started = time.perf_counter()
            await rt.relay.drain()
            elapsed = time.perf_counter() - started
            after = snapshot(ctx.pids)
            results.add("outbox relay: events/s", "ev/s", burst / elapsed, baseline=f"{B}: msg/s")
            results.add(f"outbox relay: drain after a {burst:,}-event burst", "s", elapsed)
            raw = await raw_publish(ctx.nats_url, f"bench.rawrelay.{rep}", burst)
            results.add("outbox relay ÷ raw publish (b), same repetition", "×", burst / elapsed / raw)
            for name, label in (("bench client", "relay"), (NATS, "NATS"), (POSTGRES, "PostgreSQL")):
                if name in before and name in after:
                    cpu = after[name].cpu_seconds - before[name].cpu_seconds
                    results.add(f"outbox relay: {label} CPU per event", "µs", cpu / burst * 1e6)
    finally:
        await nc.jetstream().delete_stream("BENCH_RAW_RELAY")
        await nc.close()
        await rt.stop()
