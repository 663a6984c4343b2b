"""The online monitoring service as a test client: its app, started (migrated database, real NATS)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.online_monitoring.main import build_app
from services.online_monitoring.settings import OnlineMonitoringSettings
from tests.integration.harness import settings_for

Client = tuple[FastAPI, httpx.AsyncClient]


@pytest.fixture
async def online(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    settings = settings_for(
        OnlineMonitoringSettings,
        database_url=await service_db("online_monitoring"),
        nats_url=nats_url,
        ward=ward,
    )
    app = build_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield app, c
