"""Raw baselines, measured in the run: (a) bare FastAPI + asyncpg, (b) raw publish, (c) raw consume."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import time
import urllib.request
import uuid

import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig

from shared.contracts.pcmd.intake.v1 import events_pb2 as ev
from shared.infra import free_port
from shared.messaging.envelope import envelope
from shared.messaging.streams import event_stream_config
from tests.bench.context import Context
from tests.bench.core import Results, pct
from tests.bench.load import Run, closed_loop

A = "baseline (a) bare FastAPI + asyncpg insert"
B = "baseline (b) raw JetStream publish, PubAck awaited"
B0 = "baseline (b, until 2026-12) 200-byte payload, Nats-Msg-Id only"
C = "baseline (c) raw JetStream pull consume with ack"
RAW_STREAM = "BENCH_RAW"


def start_bare_app(ctx: Context) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.bare_app", str(port), ctx.dsn("reporting")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the bare baseline app did not start")


async def warm_bare_app(ctx: Context, url: str) -> None:
    await closed_loop(
        url, "POST", "/rows", lambda _i: {"json": {}}, concurrency=ctx.sizes.concurrency, seconds=0.5
    )


async def bare_rep(ctx: Context, url: str) -> Run:
    """One repetition of baseline (a): the bare app under the closed loop every HTTP figure uses."""
    return await closed_loop(
        url, "POST", "/rows", lambda _i: {"json": {"k": 1}},
        concurrency=ctx.sizes.concurrency, seconds=ctx.sizes.http_seconds,
    )  # fmt: skip


async def bare_http(ctx: Context, results: Results) -> None:
    proc, url = start_bare_app(ctx)
    try:
        await warm_bare_app(ctx, url)
        for _ in range(ctx.reps):
            run = await bare_rep(ctx, url)
            results.add(f"{A}: req/s", "req/s", run.rate)
            results.add(f"{A}: p50", "ms", pct(run.latencies, 0.5) * 1000)
            results.add(f"{A}: p99", "ms", pct(run.latencies, 0.99) * 1000)
    finally:
        proc.terminate()
        proc.wait(30)


def event_shaped() -> tuple[bytes, dict[str, str]]:
    """The payload and headers of an event as the relay publishes it (intake's TipReceived)."""
    now = dt.datetime.now(dt.UTC)
    message = ev.TipReceived(
        tip_id=str(uuid.uuid4()), ward="benchrelay", occurred_at=now, kind="TIP_KIND_REPORT",
        channel="CHANNEL_HOTLINE", due_at=now, residential_group="tdp-1",
        deadline_basis="DEADLINE_BASIS_LAW_ON_COMPLAINTS", receiving_unit_code="ca",
    )  # fmt: skip
    out = envelope(message, service="intake", ward="benchrelay")
    return out.payload, out.headers


async def raw_publish(
    nats_url: str, subject: str, n: int, window: int = 500, *, like_events: bool = True
) -> float:
    """Messages per second: ``publish_async`` in windows, every PubAck awaited.

    ``like_events``: each message has an event's payload and headers (the envelope's CloudEvents
    attributes, a fresh ``Nats-Msg-Id``), as the relay publishes them; else the former 200-byte
    payload with only a ``Nats-Msg-Id``, lighter per message than any event (kept for reference).
    """
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    payload, headers = event_shaped() if like_events else (b"x" * 200, {})
    started = time.perf_counter()
    for first in range(0, n, window):
        futures = [
            await js.publish_async(subject, payload, headers={**headers, "Nats-Msg-Id": str(uuid.uuid4())})
            for _ in range(min(window, n - first))
        ]
        await asyncio.gather(*futures)
    elapsed = time.perf_counter() - started
    await nc.close()
    return n / elapsed


async def raw_consume(nats_url: str, stream: str, subject: str, n: int, batch: int = 500) -> float:
    """Messages per second: an ephemeral pull consumer, ``fetch(batch)``, ack each message."""
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    config = ConsumerConfig(
        ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL, inactive_threshold=30
    )
    sub = await js.pull_subscribe(subject, stream=stream, config=config)
    seen = 0
    started = time.perf_counter()
    while seen < n:
        for msg in await sub.fetch(min(batch, n - seen), timeout=10):
            await msg.ack()
            seen += 1
    elapsed = time.perf_counter() - started
    await sub.unsubscribe()
    await nc.close()
    return n / elapsed


def raw_stream_config(name: str, subjects: list[str]) -> StreamConfig:
    """A stream configured as an event stream (file storage, de-duplication window, age)."""
    platform = event_stream_config("intake")
    return StreamConfig(
        name=name, subjects=subjects, storage=StorageType.FILE, retention=platform.retention,
        max_age=platform.max_age, duplicate_window=platform.duplicate_window,
    )  # fmt: skip


async def jetstream(ctx: Context, results: Results) -> None:
    """On a stream of its own configured as an event stream (file storage, the same de-duplication
    window and age), under subjects no service consumes."""
    nc = await nats.connect(ctx.nats_url)
    js = nc.jetstream()
    await js.add_stream(raw_stream_config(RAW_STREAM, ["bench.raw.>"]))
    try:
        for rep in range(ctx.reps):
            subject = f"bench.raw.{rep}"
            results.add(f"{B}: msg/s", "msg/s", await raw_publish(ctx.nats_url, subject, ctx.sizes.messages))
            rate = await raw_publish(ctx.nats_url, f"{subject}.old", ctx.sizes.messages, like_events=False)
            results.add(f"{B0}: msg/s", "msg/s", rate)
            rate = await raw_consume(ctx.nats_url, RAW_STREAM, subject, ctx.sizes.messages)
            results.add(f"{C}: msg/s", "msg/s", rate)
    finally:
        await js.delete_stream(RAW_STREAM)
        await nc.close()
