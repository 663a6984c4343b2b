"""A service starts, and takes writes, while NATS is down; the outbox publishes once NATS is back.

Readiness tells the two apart: 200 while the database is reachable (the service takes writes),
with ``nats``/``publishing`` false and status ``taking_writes`` until the events flow again.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import httpx
import nats

from services.intake.main import build_app
from services.intake.settings import IntakeSettings
from shared.contracts.catalog import stream_name
from shared.infra import EmbeddedNats, free_port
from tests.helpers import auth_headers
from tests.integration.harness import declare_streams, eventually, settings_for
from tests.integration.test_event_path import receive_tips

TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-2",
    "subject": {"type": "place", "place_address": "ngõ 12"},
}


async def test_intake_starts_and_takes_tips_without_nats_then_publishes_them(
    service_db: Any, tmp_path: Path, ward: str
) -> None:
    port = free_port()  # nothing listens here yet
    url = f"nats://127.0.0.1:{port}"
    app = build_app(
        settings_for(IntakeSettings, database_url=await service_db("intake"), nats_url=url, ward=ward)
    )
    server: EmbeddedNats | None = None
    async with contextlib.AsyncExitStack() as stack:
        async with asyncio.timeout(30):  # before: start-up waited for NATS for ever
            await stack.enter_async_context(app.router.lifespan_context(app))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        )
        r = await client.post("/v1/tips", json=TIP, headers=auth_headers(ward))
        assert r.status_code == 201, r.text
        rt = app.state.runtime
        await receive_tips(rt, ward, 2)  # and through the use case itself
        assert await rt.relay.backlog() == 3, "the outbox holds the events"

        ready = await client.get("/readyz")
        assert ready.status_code == 200, "takes writes: an orchestrator keeps it in service"
        body = ready.json()
        assert body["status"] == "taking_writes"
        assert body["checks"]["database"] is True
        assert body["checks"]["nats"] is False and body["checks"]["publishing"] is False
        assert "outbox" in body["detail"]

        try:
            server = EmbeddedNats(tmp_path / "nats", port=port).start()
            await declare_streams(server.url)  # the producers intake consumes, as in the whole system
            await eventually(lambda: _stored(server.url, ward), timeout=60)
            assert await rt.relay.backlog() == 0

            async def fully_ready() -> bool:
                r = await client.get("/readyz")
                return bool(r.status_code == 200 and r.json()["status"] == "ready")

            await eventually(fully_ready, timeout=60)
            checks = (await client.get("/readyz")).json()["checks"]
            assert checks == {"database": True, "nats": True, "publishing": True, "consumers": True}
        finally:
            await stack.aclose()  # the service stops before its NATS
            if server is not None:
                server.stop()


async def _stored(url: str, ward: str) -> bool:
    nc = await nats.connect(url)
    try:
        subject = f"pcmd.{ward}.intake.tip.received"
        info = await nc.jetstream().stream_info(stream_name("intake"), subjects_filter=subject)
        return (info.state.subjects or {}).get(subject, 0) == 3
    except Exception:
        return False
    finally:
        await nc.close()
