"""``make bench``: the project's event path against raw baselines, measured in the same run.

Machines here are noisy, so every figure is printed next to a baseline taken minutes apart on
the same servers, and the ratio is what to compare between runs.

1. publish: the outbox relay (rows → JetStream, PubAck awaited, rows marked) vs raw
   ``publish_async`` of the same payloads.
2. write: the receive-tip use case (tip row + outbox row in one transaction) vs a raw one-row
   INSERT transaction.
3. HTTP: ``POST /v1/tips`` through the real launcher (uvicorn, JWT, idempotency, outbox) vs
   ``GET /healthz`` on the same server, both under the same concurrency.
4. end to end: POST → reporting read model counted, for a burst.
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import nats

from services.intake import handlers as intake_handlers
from services.intake.domain import Channel, SubjectType, TipKind
from services.intake.receipts import WORK, code_hash, new_code
from shared.auth import Principal, mint_token
from shared.infra import EmbeddedNats, EmbeddedPostgres
from shared.launcher import System
from shared.migrations import upgrade
from shared.settings import DEV_JWT_SECRET
from tests.integration.harness import intake_runtime

ROOT = Path(__file__).resolve().parents[1]
N_EVENTS = 2000
N_HTTP = 600
CONCURRENCY = 16


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def line(name: str, ours: float, base: float, unit: str) -> None:
    print(f"  {name:<44} {ours:>10.1f} {unit:<6} baseline {base:>10.1f} {unit:<6} ratio {ours / base:>6.2f}")


async def timed(fn: Callable[[], Awaitable[Any]]) -> float:
    t = time.perf_counter()
    await fn()
    return time.perf_counter() - t


async def bench_publish_and_write(pg: EmbeddedPostgres, nats_url: str) -> None:
    url = pg.ensure_service_database("intake")
    await asyncio.to_thread(upgrade, ROOT / "services" / "intake" / "migrations", url)
    ward = f"b{uuid.uuid4().hex[:8]}"
    rt = await intake_runtime(url, nats_url, ward, run_relay=False)
    principal = Principal("bench", ward, "ca", frozenset({"officer"}))
    cmd = intake_handlers.ReceiveTip(TipKind.REPORT, Channel.HOTLINE, SubjectType.PLACE, "tdp-1")
    deps = rt.extras["deps"]
    try:
        # 2. write: use case vs raw insert, sequential, one transaction each
        latencies = [
            await timed(lambda: intake_handlers.receive_tip(rt.uow(), deps, cmd, principal, None))
            for _ in range(300)
        ]
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw (id uuid primary key, ward text, at timestamptz)"
        )

        async def raw_insert() -> None:
            async with conn.transaction():
                await conn.execute("INSERT INTO bench_raw VALUES ($1, $2, now())", uuid.uuid4(), ward)

        raw = [await timed(raw_insert) for _ in range(300)]
        await conn.close()
        print("write (sequential transactions, 300 each)")
        line("receive tip + outbox row, p50", pct(latencies, 0.5) * 1000, pct(raw, 0.5) * 1000, "ms")
        line("receive tip + outbox row, p99", pct(latencies, 0.99) * 1000, pct(raw, 0.99) * 1000, "ms")

        # 1. publish: relay vs raw publish_async of the same rows
        sem = asyncio.Semaphore(CONCURRENCY)

        async def one() -> None:
            async with sem:
                await intake_handlers.receive_tip(rt.uow(), deps, cmd, principal, None)

        await asyncio.gather(*(one() for _ in range(N_EVENTS - 300)))
        relay_s = await timed(rt.relay.drain)
        nc = await nats.connect(nats_url)
        js = nc.jetstream()
        payload = b"x" * 120
        subject = f"pcmd.{ward}.intake.tip.bench"

        async def raw_publish() -> None:
            for start in range(0, N_EVENTS, 200):
                futures = [
                    await js.publish_async(subject, payload, headers={"Nats-Msg-Id": str(uuid.uuid4())})
                    for _ in range(min(200, N_EVENTS - start))
                ]
                await asyncio.gather(*futures)

        raw_s = await timed(raw_publish)
        await nc.close()
        print(f"publish ({N_EVENTS} events)")
        line("outbox relay (claim, publish, ack, mark)", N_EVENTS / relay_s, N_EVENTS / raw_s, "ev/s")
    finally:
        await rt.stop()


def bench_http(state: Path) -> None:
    system = System(state, ports={})
    try:
        system.start_infrastructure()
        system.migrate()
        system.start_services()
        system.wait_ready()
        token = mint_token(DEV_JWT_SECRET, sub="bench", ward="lechan", unit="ca", roles=["officer"])
        headers = {"Authorization": f"Bearer {token}"}
        intake, reporting = system.urls()["intake"], system.urls()["reporting"]
        body = {
            "kind": "complaint",
            "channel": "hotline",
            "residential_group": "tdp-4",
            "subject": {"type": "business", "text": "nhà nghỉ"},
        }

        async def load(method: str, path: str, n: int, **kw: Any) -> tuple[list[float], float]:
            lat: list[float] = []
            sem = asyncio.Semaphore(CONCURRENCY)
            async with httpx.AsyncClient(base_url=intake, headers=headers, timeout=30) as c:

                async def one(i: int) -> None:
                    async with sem:
                        t = time.perf_counter()
                        r = await c.request(
                            method, path, headers={"Idempotency-Key": f"k{i}-{uuid.uuid4()}"}, **kw
                        )
                        lat.append(time.perf_counter() - t)
                        assert r.status_code in (200, 201), r.text

                started = time.perf_counter()
                await asyncio.gather(*(one(i) for i in range(n)))
                return lat, time.perf_counter() - started

        async def count() -> int:
            async with httpx.AsyncClient(base_url=reporting, headers=headers) as c:
                return int((await c.get("/v1/tips/counts")).json()["received"])

        async def run() -> None:
            await load("GET", "/healthz", 100)  # warm-up
            base, base_s = await load("GET", "/healthz", N_HTTP)
            before = await count()
            posts, post_s = await load("POST", "/v1/tips", N_HTTP, json=body)
            t0 = time.perf_counter()
            while await count() < before + N_HTTP:  # noqa: ASYNC110 - polling another process
                await asyncio.sleep(0.05)
            drain_s = time.perf_counter() - t0
            print(f"HTTP over loopback ({N_HTTP} requests, concurrency {CONCURRENCY})")
            line("POST /v1/tips p50 vs GET /healthz p50", pct(posts, 0.5) * 1000, pct(base, 0.5) * 1000, "ms")
            line(
                "POST /v1/tips p99 vs GET /healthz p99", pct(posts, 0.99) * 1000, pct(base, 0.99) * 1000, "ms"
            )
            line("POST /v1/tips throughput", N_HTTP / post_s, N_HTTP / base_s, "req/s")
            print(
                f"  mean POST {statistics.mean(posts) * 1000:.1f} ms; all {N_HTTP} tips counted by reporting "
                f"{drain_s * 1000:.0f} ms after the last response"
            )

        async def receipts() -> None:
            async with httpx.AsyncClient(base_url=intake, timeout=30) as c:
                r = await c.post(
                    "/v1/public/tips",
                    json={
                        "kind": "report",
                        "residential_group": "tdp-1",
                        "subject": {"type": "place"},
                        "description": "x",
                    },
                )
                code = r.json()["receipt_code"]

                async def lookup(value: str) -> float:
                    t = time.perf_counter()
                    await c.post("/v1/public/receipts/status", json={"code": value})
                    return time.perf_counter() - t

                right, wrong = [], []
                for _ in range(20):
                    right.append(await lookup(code))
                    wrong.append(await lookup(new_code()))
            print("anonymous receipt lookups (20 each, sequential)")
            line("right code vs wrong code, p50", pct(right, 0.5) * 1000, pct(wrong, 0.5) * 1000, "ms")

        asyncio.run(run())
        asyncio.run(receipts())
    finally:
        system.stop()


def bench_receipt_hash() -> None:
    """The cost of one guess at a receipt code: one Argon2id evaluation with the production parameters."""
    salt = b"bench-salt-0123456789"
    times = [timeit_once(lambda: code_hash(new_code(), salt)) for _ in range(10)]
    sha = [timeit_once(lambda: hashlib.sha256(new_code().encode() + salt).digest()) for _ in range(10)]
    print(
        f"receipt code hash (argon2id t={WORK.time_cost}, m={WORK.memory_kib // 1024} MiB, "
        f"p={WORK.parallelism})"
    )
    line("one guess, p50", pct(times, 0.5) * 1000, pct(sha, 0.5) * 1000, "ms")
    per_core = 1 / pct(times, 0.5)
    years = (32**16 / 2) / per_core / (365 * 24 * 3600) / 1000
    print(f"  {per_core:.1f} guesses/s per core; half the 32^16 code space on 1,000 cores: {years:.2e} years")


def timeit_once(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    bench_receipt_hash()
    with tempfile.TemporaryDirectory(prefix="pcmd-bench-") as tmp:
        root = Path(tmp)
        server = EmbeddedNats(root / "nats").start()
        pg = EmbeddedPostgres(root / "pg").start()
        try:
            asyncio.run(bench_publish_and_write(pg, server.url))
        finally:
            server.stop()
            pg.stop()
        bench_http(root / "system")


if __name__ == "__main__":
    main()
