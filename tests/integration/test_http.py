"""The HTTP edge: problem+json errors that change nothing, idempotent creates, auth, operations."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from services.intake.main import build_app
from services.intake.repository import TipRow
from services.intake.settings import IntakeSettings
from shared.db import OutboxRecord
from tests.helpers import auth_headers
from tests.integration.harness import eventually, settings_for

PROBLEM = "application/problem+json"
TIP = {
    "kind": "denunciation",
    "channel": "hotline",
    "residential_group": "tdp-2",
    "subject": {"type": "place", "place_address": "ngõ 12"},
}


Client = tuple[FastAPI, httpx.AsyncClient]


@pytest.fixture
async def intake(service_db: Any, nats_url: str, ward: str) -> AsyncIterator[Client]:
    db = await service_db("intake")
    app = build_app(settings_for(IntakeSettings, database_url=db, nats_url=nats_url, ward=ward))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as c,
    ):
        yield app, c


async def counts(app: FastAPI) -> tuple[int, int]:
    async with app.state.runtime.session_factory() as s:
        tips = await s.scalar(select(func.count()).select_from(TipRow))
        events = await s.scalar(select(func.count()).select_from(OutboxRecord))
    return int(tips or 0), int(events or 0)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**TIP, "kind": "gossip"},
        {**TIP, "residential_group": "tdp 2; DROP TABLE tip"},
        {**TIP, "residential_group": "x" * 41},
        [TIP],
    ],
)
async def test_bad_input_is_a_problem_and_changes_nothing(intake: Any, ward: str, body: Any) -> None:
    app, client = intake
    r = await client.post("/v1/tips", json=body, headers=auth_headers(ward))
    assert r.status_code == 422
    assert r.headers["content-type"] == PROBLEM
    problem = r.json()
    assert problem["type"].endswith("/validation") and problem["status"] == 422 and problem["errors"]
    assert await counts(app) == (0, 0)


async def test_malformed_json_is_a_problem(intake: Any, ward: str) -> None:
    app, client = intake
    r = await client.post(
        "/v1/tips", content=b"{not json", headers={**auth_headers(ward), "content-type": "application/json"}
    )
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert await counts(app) == (0, 0)


async def test_idempotency_key_returns_the_first_tip_and_creates_nothing_new(intake: Any, ward: str) -> None:
    app, client = intake
    headers = {**auth_headers(ward), "Idempotency-Key": "retry-1"}
    first = await client.post("/v1/tips", json=TIP, headers=headers)
    second = await client.post("/v1/tips", json=TIP, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second.headers["idempotent-replayed"] == "true"
    assert await counts(app) == (1, 1)
    reused = await client.post("/v1/tips", json={**TIP, "kind": "report"}, headers=headers)
    assert reused.status_code == 422 and reused.json()["type"].endswith("/idempotency-key-reused")
    assert await counts(app) == (1, 1)


async def test_concurrent_retries_with_one_key_create_one_tip(intake: Any, ward: str) -> None:
    import asyncio

    app, client = intake
    headers = {**auth_headers(ward), "Idempotency-Key": "race-1"}
    responses = await asyncio.gather(*(client.post("/v1/tips", json=TIP, headers=headers) for _ in range(8)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert await counts(app) == (1, 1)


async def test_authentication_and_permissions(intake: Any, ward: str) -> None:
    _, client = intake
    r = await client.post("/v1/tips", json=TIP)
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
    r = await client.post("/v1/tips", json=TIP, headers={"Authorization": "Bearer forged.token.value"})
    assert r.status_code == 401
    created = await client.post("/v1/tips", json=TIP, headers=auth_headers(ward, unit="tdp"))
    assert created.status_code == 201
    r = await client.get(f"/v1/tips/{created.json()['id']}", headers=auth_headers(ward, unit="tdp"))
    assert r.status_code == 403 and r.json()["type"].endswith("/forbidden")
    r = await client.get(f"/v1/tips/{created.json()['id']}", headers=auth_headers(ward))
    assert r.status_code == 200
    r = await client.get(f"/v1/tips/{created.json()['id']}", headers=auth_headers("otherward"))
    assert r.status_code == 404, "another ward's tip is invisible"


async def test_operations_endpoints_are_for_operators(intake: Any, ward: str) -> None:
    _, client = intake
    assert (await client.get("/v1/ops/status", headers=auth_headers(ward))).status_code == 403
    assert (await client.get("/v1/ops/status", headers=auth_headers(ward, "ca", "admin"))).status_code == 403
    for role in ("operator", "platform_operator"):
        r = await client.get("/v1/ops/status", headers=auth_headers(ward, "ca", role))
        assert r.status_code == 200 and r.json()["service"] == "intake"
        r = await client.get("/v1/ops/dead-letters", headers=auth_headers(ward, "ca", role))
        assert r.status_code == 200 and isinstance(r.json(), list)
        r = await client.post("/v1/ops/dead-letters/999999/replay", headers=auth_headers(ward, "ca", role))
        assert r.status_code == 404 and r.headers["content-type"] == PROBLEM


async def test_health_and_readiness(intake: Any) -> None:
    _, client = intake
    assert (await client.get("/healthz")).json() == {"status": "ok", "service": "intake"}

    async def ready() -> bool:
        r = await client.get("/readyz")  # 200 as soon as it takes writes; "ready" once all is bound
        return bool(r.status_code == 200 and r.json()["status"] == "ready")

    await eventually(ready, timeout=30)
    body = (await client.get("/readyz")).json()
    assert body["status"] == "ready" and all(body["checks"].values())


async def test_request_logs_name_the_route_not_the_path_and_echo_a_safe_request_id(
    intake: Any, ward: str, caplog: pytest.LogCaptureFixture
) -> None:
    _, client = intake
    caplog.set_level("INFO", logger="pcmd.http")
    tip_id = "0b7c3f52-4a55-4d8e-9d0e-5d0c6f3f9a11"
    r = await client.get(
        f"/v1/tips/{tip_id}?q=Nguyen", headers={**auth_headers(ward), "X-Request-ID": "abc-123"}
    )
    assert r.headers["x-request-id"] == "abc-123"
    records = [rec for rec in caplog.records if rec.getMessage() == "request"]
    assert [rec.route for rec in records] == ["/v1/tips/{tip_id}"]  # type: ignore[attr-defined]
    assert all(tip_id not in str(rec.__dict__) and "Nguyen" not in str(rec.__dict__) for rec in records)
    r = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces" + "x" * 100})
    assert r.headers["x-request-id"] != "bad id" and len(r.headers["x-request-id"]) == 36


@pytest.mark.parametrize("text", ["lý do\x00", "\ud800"])
async def test_text_postgresql_cannot_store_is_a_422_at_the_edge_and_changes_nothing(
    intake: Client, ward: str, text: str
) -> None:
    app, c = intake
    headers = {**auth_headers(ward), "Content-Type": "application/json"}
    r = await c.post("/v1/tips", content=json.dumps({**TIP, "description": text}), headers=headers)
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    assert r.json()["errors"][0]["loc"] == ["body", "description"]
    created = (await c.post("/v1/tips", json=TIP, headers=auth_headers(ward))).json()["id"]
    before = await counts(app)
    r = await c.post(
        f"/v1/tips/{created}/verification", content=json.dumps({"reason": text}), headers=headers
    )
    assert r.status_code == 422, r.text
    assert await counts(app) == before
    history = (await c.get(f"/v1/tips/{created}/history", headers=auth_headers(ward))).json()
    assert [h["action"] for h in history] == ["receive"]


async def test_a_query_text_postgresql_cannot_store_is_a_422_not_a_500(intake: Client, ward: str) -> None:
    _, c = intake
    r = await c.get("/v1/tips", params={"residential_group": "tdp\x00"}, headers=auth_headers(ward))
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
