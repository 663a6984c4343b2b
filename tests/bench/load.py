"""A load generator on loopback: closed loop at a concurrency, or open loop at a rate."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)  # seconds, per request
    starts: list[float] = field(default_factory=list)  # wall clock (time.time) at each request's start
    bodies: list[Any] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


RequestArgs = Callable[[int], dict[str, Any]]


async def _one(client: httpx.AsyncClient, method: str, path: str, kwargs: dict[str, Any], run: Run) -> None:
    wall, started = time.time(), time.perf_counter()
    response = await client.request(method, path, **kwargs)
    latency = time.perf_counter() - started
    if response.status_code not in (200, 201):
        raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:200]}")
    run.latencies.append(latency)
    run.starts.append(wall)
    run.bodies.append(response.json())


def client(base_url: str, concurrency: int, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(base_url=base_url, headers=headers or {}, limits=limits, timeout=60)


async def closed_loop(
    base_url: str, method: str, path: str, args: RequestArgs, *, concurrency: int, seconds: float,
    headers: dict[str, str] | None = None,
) -> Run:  # fmt: skip
    """``concurrency`` workers, each sending its next request when the last one answered."""
    run = Run()
    deadline = time.perf_counter() + seconds
    counter = iter(range(10**9))
    async with client(base_url, concurrency, headers) as c:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                await _one(c, method, path, args(next(counter)), run)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        run.elapsed = time.perf_counter() - started
    return run


async def open_loop(
    base_url: str, method: str, path: str, args: RequestArgs, *, rate: float, seconds: float,
    headers: dict[str, str] | None = None,
) -> Run:  # fmt: skip
    """Requests started at a fixed rate, whatever the answers do (no coordinated omission)."""
    run = Run()
    n = max(1, int(rate * seconds))
    async with client(base_url, 256, headers) as c:
        started = time.perf_counter()
        tasks = []
        for i in range(n):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_one(c, method, path, args(i), run)))
        await asyncio.gather(*tasks)
        run.elapsed = time.perf_counter() - started
    return run


def unique_key(_: int) -> dict[str, Any]:
    return {"headers": {"Idempotency-Key": str(uuid.uuid4())}}
