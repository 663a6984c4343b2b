"""Connections are not pinged at checkout: a tip whose transaction meets a connection PostgreSQL
dropped runs again on a new one, and the relay's batch too, so no request fails and nothing is lost."""

from __future__ import annotations

from typing import Any

from tests.integration.harness import drop_connections, intake_runtime
from tests.integration.test_event_path import receive_tips, running


async def test_tips_and_the_relay_go_on_after_postgres_dropped_the_pooled_connections(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("intake")
    intake = await intake_runtime(url, nats_url, ward, run_relay=False)
    async with running(intake):
        await receive_tips(intake, ward, 20, concurrency=10)  # the pool holds several connections
        assert await intake.relay.relay_batch() == 20
        assert await drop_connections(url) >= 2

        await receive_tips(intake, ward, 20, concurrency=10)  # none fails
        assert await drop_connections(url) >= 1
        await intake.relay.drain()
        assert await intake.relay.backlog() == 0
        assert intake.relay.published_total == 40
