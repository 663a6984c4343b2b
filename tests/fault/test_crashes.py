"""Real crashes: processes killed mid-flight, NATS and PostgreSQL restarted mid-stream.

Nothing is lost and nothing is applied twice.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from shared.infra import EmbeddedNats, EmbeddedPostgres
from shared.migrations import upgrade
from tests.fault.worker import CRASH
from tests.integration.harness import (
    declare_streams,
    eventually,
    inbox_count,
    intake_runtime,
    reporting_runtime,
    stream_count,
)
from tests.integration.test_event_path import fact_count, receive_tips, running

ROOT = Path(__file__).resolve().parents[2]


async def run_worker(*args: str, timeout: float = 90) -> int:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fault.worker",
        *args,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return await asyncio.wait_for(proc.wait(), timeout)


async def test_relay_process_killed_after_publish_before_mark(
    service_db: Any, nats_url: str, ward: str
) -> None:
    intake_db = await service_db("intake")
    intake = await intake_runtime(intake_db, nats_url, ward, run_relay=False)
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward)
    subject = f"pcmd.{ward}.intake.tip.received"
    async with running(reporting, intake):
        await receive_tips(intake, ward, 20)
        assert await run_worker("relay-crash", intake_db, nats_url, ward) == CRASH
        assert await intake.relay.backlog() == 20, "the killed relay marked nothing"
        assert await stream_count(intake, "intake", subject) == 20, "but it had published everything"
        await intake.relay.drain()
        assert await intake.relay.backlog() == 0
        assert await stream_count(intake, "intake", subject) == 20, "the re-publish was de-duplicated"
        await eventually(lambda: _equals(fact_count(reporting, ward), 20))
        await asyncio.sleep(1.0)
        assert await inbox_count(reporting) == 20


async def test_consumer_process_killed_before_commit(service_db: Any, nats_url: str, ward: str) -> None:
    reporting_db = await service_db("reporting")
    intake = await intake_runtime(await service_db("intake"), nats_url, ward)
    async with running(intake):
        worker = asyncio.ensure_future(run_worker("consumer-crash", reporting_db, nats_url, ward))
        await asyncio.sleep(3)  # the worker binds its durable consumer
        await receive_tips(intake, ward, 1)
        assert await worker == CRASH
        reporting = await reporting_runtime(reporting_db, nats_url, ward, consumer_ack_wait=2.0)
        async with running(reporting):
            assert await fact_count(reporting, ward) == 0, "the crashed transaction left nothing behind"
            await eventually(lambda: _equals(fact_count(reporting, ward), 1), timeout=30)
            await asyncio.sleep(1.0)
            assert await inbox_count(reporting) == 1


async def test_nats_server_killed_and_restarted_mid_stream(
    service_db: Any, tmp_path: Path, ward: str
) -> None:
    server = EmbeddedNats(tmp_path / "nats").start()
    try:
        await declare_streams(server.url)  # reporting reads all four producers' streams
        intake = await intake_runtime(await service_db("intake"), server.url, ward)
        reporting = await reporting_runtime(await service_db("reporting"), server.url, ward)
        async with running(reporting, intake):
            await receive_tips(intake, ward, 150)
            server.kill()
            await receive_tips(intake, ward, 150)  # the outbox keeps them while NATS is down
            await asyncio.sleep(1.0)
            server = EmbeddedNats(tmp_path / "nats", port=server.port).start()
            await eventually(lambda: _equals(fact_count(reporting, ward), 300), timeout=90)
            await asyncio.sleep(1.0)
            assert await inbox_count(reporting) == 300
            assert await intake.relay.backlog() == 0
    finally:
        server.stop()


async def test_postgres_restarted_mid_stream(tmp_path: Path, nats_url: str, ward: str) -> None:
    pg = EmbeddedPostgres(tmp_path / "pg").start()
    try:
        urls = pg.ensure_databases(["intake", "reporting"])
        for service, url in urls.items():
            await asyncio.to_thread(upgrade, ROOT / "services" / service / "migrations", url)
        intake = await intake_runtime(urls["intake"], nats_url, ward)
        reporting = await reporting_runtime(urls["reporting"], nats_url, ward)
        async with running(reporting, intake):
            await receive_tips(intake, ward, 200)
            pg.stop()
            await asyncio.sleep(1.0)
            pg.start()
            await receive_tips(intake, ward, 100)
            await eventually(lambda: _equals(fact_count(reporting, ward), 300), timeout=120)
            await asyncio.sleep(1.0)
            assert await inbox_count(reporting) == 300
            # every relay listens again, the idle one (reporting publishes nothing here) too
            await eventually(lambda: _listening(intake, reporting), timeout=30)
    finally:
        pg.stop()


async def _listening(*runtimes: Any) -> bool:
    return all(rt.relay.listening for rt in runtimes)


async def _equals(awaitable: Any, expected: int) -> bool:
    return bool(await awaitable == expected)
