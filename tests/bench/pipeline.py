"""The tip pipeline: POST /v1/tips → outbox → relay → JetStream → reporting's read model.

End-to-end latency of a tip is the time from the start of its POST to the commit of the
reporting consumer's inbox row for its TipReceived event (``inbox.processed_at``), found through
the event id in intake's outbox. Client and database share this machine's clock.

Each sustained repetition follows one repetition of baseline (a) on its own bare app, and the ratio of
the two is reported as well: taken seconds apart, it moves far less with the machine's speed than the
ratio of the medians of two scenarios measured minutes apart.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import asyncpg

from tests.bench.baselines import A, bare_rep, start_bare_app, warm_bare_app
from tests.bench.context import Context
from tests.bench.core import Results, pct
from tests.bench.load import Run, closed_loop, open_loop, unique_key
from tests.bench.procstat import Sample, snapshot

P = "tip pipeline"
BODY = {
    "kind": "complaint",
    "channel": "hotline",
    "residential_group": "tdp-4",
    "subject": {"type": "business", "text": "nhà nghỉ"},
}


def _tip_request(i: int) -> dict[str, Any]:
    return {"json": BODY, **unique_key(i)}


async def _end_to_end(ctx: Context, run: Run, timeout: float = 300.0) -> list[float]:
    """Seconds from each POST's start to reporting having applied its TipReceived."""
    return [applied - start for start, _, applied in await _stages(ctx, run, timeout)]


async def _stages(ctx: Context, run: Run, timeout: float = 300.0) -> list[tuple[float, float, float]]:
    """Each tip's POST start, its TipReceived's outbox row (``created_at``, in the statement that wrote
    the tip) and reporting's inbox row for it (``processed_at``), in seconds since the epoch."""
    tip_ids = [str(b["id"]) for b in run.bodies]
    starts = dict(zip(tip_ids, run.starts, strict=True))
    intake = await asyncpg.connect(ctx.dsn("intake"))
    reporting = await asyncpg.connect(ctx.dsn("reporting"))
    try:
        rows = await intake.fetch(
            "SELECT event_id, headers->>'ce-subject' AS tip, extract(epoch FROM created_at) AS at"
            " FROM outbox WHERE event_type = 'pcmd.intake.v1.TipReceived'"
            " AND headers->>'ce-subject' = ANY($1::text[])",
            tip_ids,
        )
        tip_of = {r["event_id"]: (r["tip"], float(r["at"])) for r in rows}
        deadline = time.monotonic() + timeout
        while True:
            done = await reporting.fetch(
                "SELECT event_id, extract(epoch FROM processed_at) AS at FROM inbox WHERE event_id = ANY($1)",
                list(tip_of),
            )
            if len(done) >= len(tip_of) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        if len(done) < len(tip_ids):
            raise RuntimeError(f"only {len(done)} of {len(tip_ids)} tips reached reporting")
        return [(starts[tip_of[r["event_id"]][0]], tip_of[r["event_id"]][1], float(r["at"])) for r in done]
    finally:
        await intake.close()
        await reporting.close()


async def tip_pipeline(ctx: Context, results: Results) -> None:
    bare, bare_url = start_bare_app(ctx)
    try:
        await warm_bare_app(ctx, bare_url)
        await _pipeline(ctx, results, bare_url)
    finally:
        bare.terminate()
        bare.wait(30)


async def _pipeline(ctx: Context, results: Results, bare_url: str) -> None:
    url, headers, size = ctx.urls["intake"], ctx.token(), ctx.sizes
    await closed_loop(
        url, "POST", "/v1/tips", _tip_request, concurrency=size.concurrency, seconds=1.0, headers=headers
    )
    sustained = []
    for _ in range(ctx.reps):
        # Baseline (a) once more right before each repetition: the machine's speed drifts by a fifth
        # within minutes here, so the ratio of two runs seconds apart is the steadier comparison.
        base = await bare_rep(ctx, bare_url)
        before = snapshot(ctx.pids)
        run = await closed_loop(
            url, "POST", "/v1/tips", _tip_request, concurrency=size.concurrency,
            seconds=size.pipeline_seconds, headers=headers,
        )  # fmt: skip
        e2e = await _end_to_end(ctx, run)
        _per_process(results, before, snapshot(ctx.pids), len(run.latencies))
        sustained.append(run.rate)
        results.add(f"{P} ÷ bare insert (a), same repetition", "×", run.rate / base.rate)
        results.add(
            f"{P}: sustained tips/s (c={size.concurrency})", "tips/s", run.rate, baseline=f"{A}: req/s"
        )
        results.add(f"{P}: HTTP p50 at full load", "ms", pct(run.latencies, 0.5) * 1000, baseline=f"{A}: p50")
        results.add(
            f"{P}: HTTP p99 at full load", "ms", pct(run.latencies, 0.99) * 1000, baseline=f"{A}: p99"
        )
        results.add(f"{P}: end-to-end p50 at full load", "ms", pct(e2e, 0.5) * 1000)
        results.add(f"{P}: end-to-end p99 at full load", "ms", pct(e2e, 0.99) * 1000)
    half = max(1.0, sorted(sustained)[len(sustained) // 2] / 2)
    for _ in range(ctx.reps):
        before, began = snapshot(ctx.pids), time.monotonic()
        run = await open_loop(
            url, "POST", "/v1/tips", _tip_request, rate=half, seconds=size.pipeline_seconds, headers=headers
        )
        stages = await _stages(ctx, run)
        _busy(results, before, snapshot(ctx.pids), len(run.latencies), time.monotonic() - began)
        e2e = [applied - start for start, _, applied in stages]
        results.add(f"{P}: HTTP p50 at half load", "ms", pct(run.latencies, 0.5) * 1000)
        # Where the end-to-end time goes: to the committed outbox row (HTTP, the write), then from that
        # row to reporting's inbox (relay, JetStream, the consumer's batch).
        results.add(
            f"{P}: end-to-end p99 at half load, POST to the outbox row", "ms",
            pct([row - start for start, row, _ in stages], 0.99) * 1000,
        )  # fmt: skip
        results.add(
            f"{P}: end-to-end p99 at half load, outbox row to reporting", "ms",
            pct([applied - row for _, row, applied in stages], 0.99) * 1000,
        )  # fmt: skip
        results.add(f"{P}: end-to-end p50 at half load", "ms", pct(e2e, 0.5) * 1000)
        results.add(
            f"{P}: end-to-end p99 at half load",
            "ms",
            pct(e2e, 0.99) * 1000,
            note=f"{half:.0f} tips/s offered",
        )


def _all_cpu(before: dict[str, Sample], after: dict[str, Sample]) -> float:
    """Seconds of CPU every process sampled both times spent between the two samples."""
    return sum(after[n].cpu_seconds - before[n].cpu_seconds for n in after.keys() & before.keys())


def _cpu_per_tip(before: dict[str, Sample], after: dict[str, Sample], tips: int) -> dict[str, float]:
    """Milliseconds of CPU each process sampled both times spent per tip between the two samples."""
    return {
        name: (after[name].cpu_seconds - before[name].cpu_seconds) * 1000 / max(tips, 1)
        for name in sorted(after.keys() & before.keys())
    }


def _busy(
    results: Results, before: dict[str, Sample], after: dict[str, Sample], tips: int, seconds: float
) -> None:
    """At half the sustained rate, what a tip cost in all and in each process, and how busy the machine
    was (every process's CPU from the first POST until reporting applied the last tip, over as long on
    every core): batches are smaller at a lower rate, so a tip costs more than at full load (the relay's
    turns, the consumers' batches and their commits carry fewer tips each) and half load is not half
    busy."""
    cpu = _all_cpu(before, after)
    results.add(f"{P}: CPU of every process per tip at half load", "ms", cpu * 1000 / max(tips, 1))
    for name, ms in _cpu_per_tip(before, after, tips).items():
        results.add(f"{P}: CPU per tip at half load, {name}", "ms", ms)
    results.add(f"{P}: machine busy at half load", "%", 100 * cpu / (seconds * (os.cpu_count() or 1)))


def _per_process(results: Results, before: dict[str, Sample], after: dict[str, Sample], tips: int) -> None:
    """CPU each process spent per tip from the first POST until reporting applied the last tip (so the
    relay's and the consumer's work is counted), and each one's resident memory after the run."""
    total = _all_cpu(before, after)
    results.add(f"{P}: CPU of every process per tip at full load", "ms", total * 1000 / max(tips, 1))
    for name, ms in _cpu_per_tip(before, after, tips).items():
        results.add(f"{P}: CPU per tip, {name}", "ms", ms)
        results.add(f"{P}: memory (RSS) after the run, {name}", "MB", after[name].rss_mb)
