"""``GET /metrics`` of a running intake: the Prometheus text format, parsed by the Prometheus client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from services.intake.main import build_app
from services.intake.settings import IntakeSettings
from shared.metrics import NAMES
from tests.helpers import auth_headers
from tests.integration.harness import eventually, settings_for

TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-2",
    "subject": {"type": "place", "place_address": "ngõ 12"},
}
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    r = await client.get("/metrics")  # no bearer token: counts only, see shared/metrics.py
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    for (n, lbls), v in samples.items():
        if n == name and set(labels.items()) <= lbls:
            return v
    return None


async def _intake(
    service_db: Any, nats_url: str, ward: str
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    db = await service_db("intake")
    app = build_app(settings_for(IntakeSettings, database_url=db, nats_url=nats_url, ward=ward))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
    ):
        yield app, c


@pytest.fixture
async def intake(
    service_db: Any, nats_url: str, ward: str
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    async for pair in _intake(service_db, nats_url, ward):
        yield pair


@pytest.fixture
async def intake_without_nats(service_db: Any, ward: str) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """NATS unreachable: the relay never starts, so the outbox keeps every event (a stopped relay)."""
    async for pair in _intake(service_db, "nats://127.0.0.1:1", ward):
        yield pair


async def test_a_tip_created_is_counted_by_route_template_and_published(
    intake: tuple[FastAPI, httpx.AsyncClient], ward: str
) -> None:
    _app, client = intake
    r = await client.post("/v1/tips", json=TIP, headers=auth_headers(ward))
    assert r.status_code == 201, r.text
    tip_id = r.json()["id"]
    assert (await client.get(f"/v1/tips/{tip_id}", headers=auth_headers(ward))).status_code == 200

    async def published() -> Samples | None:
        s = await scrape(client)
        return s if (value(s, "pcmd_relay_published_total") or 0) >= 1 else None

    samples = await eventually(published)
    assert samples is not None
    assert value(samples, "pcmd_http_requests_total", method="POST", route="/v1/tips", status="201") == 1
    routes = {dict(lbls).get("route") for n, lbls in samples if n == "pcmd_http_requests_total"}
    assert "/v1/tips/{tip_id}" in routes and not any(tip_id in (r or "") for r in routes)
    count = value(samples, "pcmd_http_request_duration_seconds_count", method="POST", route="/v1/tips")
    assert count == 1
    assert value(samples, "pcmd_outbox_backlog", service="intake") == 0
    assert value(samples, "pcmd_outbox_oldest_age_seconds") == 0
    assert value(samples, "pcmd_dead_letters") == 0
    assert value(samples, "pcmd_tips_overdue") == 0
    assert value(samples, "pcmd_publishing") == 1
    families = {n.removesuffix("_total") for n, _ in samples} | {
        n.rsplit("_", 1)[0] for n, _ in samples if n.endswith(("_bucket", "_count", "_sum"))
    }
    assert {n.removesuffix("_total") for n in NAMES} - {"pcmd_consumer_lag"} <= families


async def test_the_backlog_of_a_stopped_relay_is_exported(
    intake_without_nats: tuple[FastAPI, httpx.AsyncClient], ward: str
) -> None:
    app, client = intake_without_nats
    before = await scrape(client)
    assert value(before, "pcmd_outbox_backlog") == 0
    r = await client.post("/v1/tips", json=TIP, headers=auth_headers(ward))
    assert r.status_code == 201, r.text
    waiting = await app.state.runtime.relay.backlog()
    assert waiting >= 1
    after = await scrape(client)
    assert value(after, "pcmd_outbox_backlog") == waiting
    assert (value(after, "pcmd_outbox_oldest_age_seconds") or 0) > 0
    assert value(after, "pcmd_publishing") == 0
    assert value(after, "pcmd_relay_published_total") == 0
