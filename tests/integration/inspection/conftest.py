"""The inspection service as a test client: its app, started (migrated database, real NATS)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.inspection.main import build_app
from services.inspection.settings import InspectionSettings
from tests.integration.harness import settings_for

Client = tuple[FastAPI, httpx.AsyncClient]


@pytest.fixture
async def inspection(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    settings = settings_for(
        InspectionSettings, database_url=await service_db("inspection"), nats_url=nats_url, ward=ward
    )
    app = build_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield app, c
