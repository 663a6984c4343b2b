"""The case-support service as a test client: its app, started (migrated database, real NATS)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.case_support.main import build_app
from services.case_support.settings import CaseSupportSettings
from tests.integration.harness import settings_for

Client = tuple[FastAPI, httpx.AsyncClient]


@pytest.fixture
async def case_support(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    settings = settings_for(
        CaseSupportSettings, database_url=await service_db("case_support"), nats_url=nats_url, ward=ward
    )
    app = build_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield app, c
