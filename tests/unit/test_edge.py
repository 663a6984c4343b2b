"""The HTTP edge: an unexpected error is a problem answered on the same connection, counted and logged."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from shared.http_security import Edge
from shared.metrics import Metrics


class Boom(Exception):
    pass


async def test_an_unexpected_error_is_a_500_problem_with_the_request_id_hsts_its_count_and_its_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise Boom("no personal data here")

    metrics = Metrics("t")
    edge = Edge(app, metrics=metrics, max_bytes=1024, large_bodies={}, hsts=True)
    transport = httpx.ASGITransport(app=edge, raise_app_exceptions=True)
    with caplog.at_level(logging.INFO, logger="pcmd.http"):
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            r = await c.get("/v1/tips", headers={"X-Request-ID": "req-1"})
    assert r.status_code == 500 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("internal")
    assert r.headers["x-request-id"] == "req-1"
    assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    logged = [(rec.getMessage(), getattr(rec, "status", None)) for rec in caplog.records]
    assert ("unhandled error", None) in logged and ("request", 500) in logged
    (counted,) = [line for line in metrics.render().decode().splitlines() if "requests_total{" in line]
    assert 'method="GET"' in counted and 'route="unmatched"' in counted and 'status="500"' in counted
    assert counted.endswith(" 1.0")


async def test_an_error_after_the_answer_began_is_raised_to_the_server() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise Boom

    edge = Edge(app, metrics=Metrics("t"), max_bytes=1024, large_bodies={}, hsts=False)
    transport = httpx.ASGITransport(app=edge, raise_app_exceptions=True)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        with pytest.raises(Boom):
            await c.get("/v1/tips")


async def test_a_declared_body_over_the_limit_is_a_413_before_the_app_runs() -> None:
    called: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    edge = Edge(app, metrics=Metrics("t"), max_bytes=10, large_bodies={"/upload": 100}, hsts=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=edge), base_url="http://t") as c:
        big = await c.post("/v1/tips", content=b"x" * 11)
        allowed = await c.post("/upload", content=b"x" * 11)
    assert big.status_code == 413 and big.json()["type"].endswith("too-large")
    assert big.headers["strict-transport-security"] and called == ["/upload"]
    assert allowed.status_code == 204
