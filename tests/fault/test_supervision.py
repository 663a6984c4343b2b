"""``make run`` restarts its own NATS and PostgreSQL when they die, on the same ports and data folders."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import nats
import pytest

from shared.db import asyncpg_dsn
from shared.launcher import System
from shared.messaging.streams import declare_owned_streams
from shared.settings import database_env_var, migration_database_env_var


@pytest.fixture
def system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[System]:
    """The launcher's infrastructure (no services), supervised as in ``make run``."""
    for var in ("PCMD_NATS_URL", database_env_var("intake")):
        monkeypatch.delenv(var, raising=False)
    system = System(tmp_path / "state", services=["intake"], ports={})
    system.start_infrastructure()
    supervisor = threading.Thread(target=system.supervise, daemon=True)
    supervisor.start()
    try:
        yield system
    finally:
        system.stop()
        supervisor.join(10)


def wait_until(check: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not restarted in time"
        time.sleep(0.2)


def test_a_killed_nats_server_is_restarted_on_its_port_with_its_streams(system: System) -> None:
    assert system.nats is not None
    assert system.nats.process is not None
    url, pid = system.nats.url_for("admin"), system.nats.process.pid
    asyncio.run(_declare(url))
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: _answers(url))
    assert asyncio.run(_stream_exists(url)), "the same data folder: the stream is still there"


def test_a_killed_postgresql_is_restarted_with_its_data(system: System) -> None:
    assert system.postgres is not None
    dsn = asyncpg_dsn(system.env[migration_database_env_var("intake")])  # the owner may create tables
    asyncio.run(_execute(dsn, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)"))
    pid = system.postgres.server.get_pid()
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not _selects(dsn), timeout=10)
    wait_until(lambda: _selects(dsn), timeout=90)
    assert asyncio.run(_fetch(dsn, "SELECT x FROM kept")) == 7


async def _declare(url: str) -> None:
    nc = await nats.connect(url)
    await declare_owned_streams(nc.jetstream(), "intake")
    await nc.close()


async def _stream_exists(url: str) -> bool:
    nc = await nats.connect(url)
    try:
        await nc.jetstream().stream_info("PCMD_INTAKE")
        return True
    finally:
        await nc.close()


def _answers(url: str) -> bool:
    async def ping() -> bool:
        try:
            nc = await nats.connect(url, allow_reconnect=False, connect_timeout=1)
        except Exception:
            return False
        await nc.close()
        return True

    return asyncio.run(ping())


async def _execute(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _fetch(dsn: str, sql: str) -> object:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


def _selects(dsn: str) -> bool:
    try:
        return asyncio.run(_fetch(dsn, "SELECT 1")) == 1
    except (OSError, asyncpg.PostgresError):
        return False
