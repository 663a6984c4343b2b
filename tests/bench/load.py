"""A load generator on loopback: closed loop at a concurrency, or open loop at a rate.

aiohttp, not httpx: measured here, httpx's client tops out near 180 req/s at 32 connections
(against 1,500 for aiohttp on the same server), so it would have measured itself.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp


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


async def _one(
    session: aiohttp.ClientSession, method: str, path: str, kwargs: dict[str, Any], run: Run
) -> None:
    wall, started = time.time(), time.perf_counter()
    async with session.request(method, path, **kwargs) as response:
        body = await response.json(content_type=None)
        if response.status not in (200, 201):
            raise RuntimeError(f"{method} {path}: {response.status} {str(body)[:200]}")
    run.latencies.append(time.perf_counter() - started)
    run.starts.append(wall)
    run.bodies.append(body)


def session(base_url: str, connections: int, headers: dict[str, str] | None = None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        base_url=base_url,
        headers=headers or {},
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=60),
    )


async def closed_loop(
    base_url: str, method: str, path: str, args: RequestArgs, *, concurrency: int, seconds: float,
    headers: dict[str, str] | None = None,
) -> Run:  # fmt: skip
    """``concurrency`` workers, each sending its next request when the last one answered."""
    run = Run()
    deadline = time.perf_counter() + seconds
    counter = iter(range(10**9))
    async with session(base_url, concurrency, headers) as s:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                await _one(s, method, path, args(next(counter)), run)

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
    async with session(base_url, 256, headers) as s:
        started = time.perf_counter()
        tasks = []
        for i in range(n):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_one(s, method, path, args(i), run)))
        await asyncio.gather(*tasks)
        run.elapsed = time.perf_counter() - started
    return run


def unique_key(_: int) -> dict[str, Any]:
    return {"headers": {"Idempotency-Key": str(uuid.uuid4())}}
