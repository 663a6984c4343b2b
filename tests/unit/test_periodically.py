"""``shared.runtime.periodically``, the loop of every service's background tasks: a tick at start (or
after one interval), the next ones at their interval, a failing tick logged and followed by the next,
and an end as soon as the service stops."""

from __future__ import annotations

import asyncio
import logging

import pytest

from shared.runtime import periodically

QUICK = 0.01  # seconds between ticks


async def test_a_failing_tick_is_logged_and_the_next_one_comes(caplog: pytest.LogCaptureFixture) -> None:
    stop, calls = asyncio.Event(), list[int]()

    async def tick() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("the database is away")
        if len(calls) == 3:
            stop.set()

    with caplog.at_level(logging.ERROR, logger="shared.runtime"):
        await asyncio.wait_for(periodically(stop, QUICK, tick, failure="the scan failed"), 5)
    assert calls == [0, 1, 2], "ticks go on after a failure, and end once stopped"
    assert [(r.message, r.exc_info is not None) for r in caplog.records] == [("the scan failed", True)]


async def test_a_stop_during_the_wait_ends_the_loop_at_once() -> None:
    stop, ticked, calls = asyncio.Event(), asyncio.Event(), list[str]()

    async def tick() -> None:
        calls.append("tick")
        ticked.set()

    loop = asyncio.create_task(periodically(stop, 3600, tick, failure="x"))
    await asyncio.wait_for(ticked.wait(), 5)
    stop.set()
    await asyncio.wait_for(loop, 5)  # not an hour: the wait ends with the stop
    assert calls == ["tick"], "the first tick comes at start"


async def test_without_a_tick_at_start_the_first_comes_after_one_interval() -> None:
    stop, calls = asyncio.Event(), list[str]()

    async def tick() -> None:
        calls.append("tick")

    loop = asyncio.create_task(periodically(stop, 3600, tick, failure="x", at_start=False))
    await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(loop, 5)
    assert calls == []
