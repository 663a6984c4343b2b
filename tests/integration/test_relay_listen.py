"""The relay's LISTEN connection comes back after it is lost, so NOTIFY wakes the relay again."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text

from tests.integration.harness import eventually, intake_runtime
from tests.integration.test_event_path import receive_tips, running


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
        await receive_tips(intake, ward, 3)
        await eventually(lambda: _backlog_is(intake, 0), timeout=10)


async def _listening_again(rt: Any, old: int) -> bool:
    pids = await _listener_pids(rt)
    return bool(pids and old not in pids)


async def _backlog_is(rt: Any, n: int) -> bool:
    return bool(await rt.relay.backlog() == n)
