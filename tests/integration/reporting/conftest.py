"""The reporting service in process (its lifespan, a real PostgreSQL and NATS) and an HTTP client to it.

A module whose service must live at another moment overrides ``reporting_now``; one that needs other
settings defines its own ``app``, and ``http`` then talks to that one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.reporting.main import build_app
from services.reporting.settings import ReportingSettings
from tests.integration.harness import settings_for


@pytest.fixture
def reporting_now() -> dt.datetime | None:
    """The service's clock: None for the real one."""
    return None


@pytest.fixture
async def app(
    service_db: Callable[[str], Any], nats_url: str, ward: str, reporting_now: dt.datetime | None
) -> AsyncIterator[FastAPI]:
    settings = settings_for(
        ReportingSettings, database_url=await service_db("reporting"), nats_url=nats_url, ward=ward
    )
    application = build_app(settings)
    async with application.router.lifespan_context(application):
        if reporting_now is not None:
            rt = application.state.runtime
            rt.deps = dataclasses.replace(rt.deps, clock=lambda: reporting_now)
        yield application


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client
