"""The relay's LISTEN connection comes back after it is lost, so NOTIFY wakes the relay again; the writers
of the relay's own process wake it directly and send no NOTIFY, those of another process notify."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text

from services.intake.handlers import tips
from services.intake.handlers.commands import StartVerification
from shared.db import asyncpg_dsn
from shared.messaging import relay as relay_module
from shared.messaging.wake import CHANNEL
from tests.integration.harness import eventually, intake_runtime
from tests.integration.test_event_path import officer, receive_tips, running

LINGER = 0.25  # the relay's linger in the test below (its sleep is the test's to end)


async def _listener_pids(rt: Any) -> list[int]:
    async with rt.session_factory() as s:
        rows = await s.execute(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND query ILIKE 'LISTEN%pcmd_outbox%'"
            )
        )
        return [int(r[0]) for r in rows]


async def test_relay_listens_again_after_its_connection_was_cut(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """The database stays up, so no relay batch ever fails: only watching the listener itself notices."""
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    async with running(intake):
        (old,) = await eventually(lambda: _listener_pids(intake))
        async with intake.session_factory() as s:
            await s.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": old})
        await eventually(lambda: _listening_again(intake, old), timeout=15)
        assert intake.relay.listening
        intake.relay.poll_interval = 3600.0  # from now on only a NOTIFY wakes the relay
        await asyncio.sleep(1.0)  # the wait under way (of the old interval) ends
        writer = await intake_runtime(await service_db("intake"), nats_url, ward, run_relay=False)
        async with running(writer):  # another process's writer: it notifies
            await receive_tips(writer, ward, 3)
            await eventually(lambda: _backlog_is(intake, 0), timeout=10)


async def test_the_relays_own_writers_wake_it_without_notify_and_others_notify(
    service_db: Any, nats_url: str, ward: str
) -> None:
    db = await service_db("intake")
    intake = await intake_runtime(db, nats_url, ward)
    writer = await intake_runtime(db, nats_url, ward, run_relay=False)  # as a process with no relay
    heard: list[str] = []
    listener = await asyncpg.connect(asyncpg_dsn(db))
    await listener.add_listener(CHANNEL, lambda *args: heard.append(args[-1]))
    async with running(intake, writer), _closing(listener):
        await eventually(lambda: _backlog_is(intake, 0))
        intake.relay.poll_interval = 3600.0  # from now on the relay turns only when it is woken
        await asyncio.sleep(1.0)  # the wait under way (of the old interval) ends
        await receive_tips(intake, ward, 3)  # intake's one statement for a new tip
        await eventually(lambda: _backlog_is(intake, 0), timeout=10)
        async with intake.session_factory() as s:
            tip_id = await s.scalar(text("SELECT id FROM tip LIMIT 1"))
        await tips.take_step(intake.uow(), intake.deps, StartVerification(tip_id), officer(ward))  # a commit
        await eventually(lambda: _backlog_is(intake, 0), timeout=10)
        assert heard == [], "a writer beside its relay sent a NOTIFY"
        await receive_tips(writer, ward, 2)
        await eventually(lambda: _backlog_is(intake, 0), timeout=10)
        assert heard, "a writer in a process without the relay sent no NOTIFY"


@contextlib.asynccontextmanager
async def _closing(conn: asyncpg.Connection) -> AsyncIterator[None]:
    try:
        yield
    finally:
        await conn.close()


async def _listening_again(rt: Any, old: int) -> bool:
    pids = await _listener_pids(rt)
    return bool(pids and old not in pids)


async def _backlog_is(rt: Any, n: int) -> bool:
    return bool(await rt.relay.backlog() == n)


async def test_woken_by_a_writer_the_relay_lingers_so_the_rows_committed_meanwhile_share_its_batch(
    service_db: Any, nats_url: str, ward: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first tip wakes the relay; the four committed while it lingers go out in the same batch.

    The relay's waits are watched, not timed: the test writes the first tip once the relay is idle,
    the four others once it lingers, and ends the linger itself, so a slow machine cannot split them."""
    idle, lingering, release = asyncio.Event(), asyncio.Event(), asyncio.Event()
    lingered: list[float] = []
    wait_any, sleep_or_stop = relay_module._wait_any, relay_module._sleep_or_stop

    async def waiting(*args: Any) -> None:
        idle.set()
        await wait_any(*args)

    async def linger(stop: asyncio.Event, seconds: float) -> None:
        if seconds != LINGER:
            return await sleep_or_stop(stop, seconds)
        lingered.append(seconds)
        lingering.set()
        await release.wait()

    monkeypatch.setattr(relay_module, "_wait_any", waiting)
    monkeypatch.setattr(relay_module, "_sleep_or_stop", linger)
    intake = await intake_runtime(
        await service_db("intake"), nats_url, ward, settings={"relay_linger": LINGER}
    )
    batches: list[int] = []
    relay_batch = intake.relay.relay_batch

    async def recorded(**kw: Any) -> int:
        published = await relay_batch(**kw)
        if published:
            batches.append(published)
        return published

    intake.relay.relay_batch = recorded  # type: ignore[method-assign]
    async with running(intake):
        await asyncio.wait_for(idle.wait(), 30)  # the relay's first turn (nothing pending) is over
        await receive_tips(intake, ward, 1)
        await asyncio.wait_for(lingering.wait(), 30)  # woken by the write, it lingers
        await receive_tips(intake, ward, 4)
        assert batches == [], "nothing goes out while the relay lingers"
        release.set()
        await eventually(lambda: _backlog_is(intake, 0), timeout=10)
        assert batches == [5]
        assert lingered == [LINGER]
