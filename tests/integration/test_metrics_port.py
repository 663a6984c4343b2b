"""``pcmd serve --metrics-port``: one uvicorn Server of intake (real PostgreSQL and NATS, its own lifespan)
on two free local ports, built by shared/cli.py as ``pcmd serve`` builds it. The API port never answers
``/metrics``; the metrics port answers only ``/metrics``, in the Prometheus text format."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.intake.main import build_app
from services.intake.settings import IntakeSettings
from shared.cli import parser, server_for
from tests.conftest import Postgres
from tests.helpers import auth_headers
from tests.integration.harness import eventually, settings_for

pytestmark = pytest.mark.timeout(300)  # a loaded machine: starting intake connects PostgreSQL and NATS

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
async def two_ports(
    postgres: Postgres, templates: dict[str, str], nats_url: str
) -> AsyncIterator[tuple[str, str, str]]:
    """Intake served on an API port and a metrics port; yields their base URLs and the ward."""
    ward = f"t{uuid.uuid4().hex[:12]}"
    db = await postgres.create(f"t_intake_{uuid.uuid4().hex[:10]}", template=templates["intake"])
    app = build_app(settings_for(IntakeSettings, database_url=db, nats_url=nats_url, ward=ward))
    api_port, metrics_port = free_port(), free_port()
    while metrics_port == api_port:
        metrics_port = free_port()
    server, sockets = server_for(app, HOST, api_port, metrics_port)
    assert server.config.proxy_headers is False and server.config.forwarded_allow_ips == ""
    task = asyncio.create_task(server.serve(sockets=sockets))

    async def up() -> bool:
        return bool(server.started or task.done())

    try:
        await eventually(up, timeout=120)
        assert not task.done(), "the server stopped while starting"
        yield f"http://{HOST}:{api_port}", f"http://{HOST}:{metrics_port}", ward
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=60)
        for sock in sockets:
            sock.close()


async def test_metrics_only_on_the_metrics_port_and_the_api_only_on_the_api_port(
    two_ports: tuple[str, str, str],
) -> None:
    api_url, metrics_url, ward = two_ports
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.get(f"{api_url}/healthz")).status_code == 200
        tips = await client.get(f"{api_url}/v1/tips", headers=auth_headers(ward))
        assert tips.status_code == 200, tips.text

        assert (await client.get(f"{api_url}/metrics")).status_code == 404
        assert (await client.get(f"{api_url}/metrics/")).status_code == 404

        scraped = await client.get(f"{metrics_url}/metrics")
        assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
        names = {family.name for family in text_string_to_metric_families(scraped.text)}
        assert "pcmd_http_requests" in names, sorted(names)  # the API port's requests, counted

        for path in ("/v1/tips", "/healthz", "/readyz", "/v1/ops/status", "/openapi.json", "/"):
            r = await client.get(f"{metrics_url}{path}", headers=auth_headers(ward))
            assert r.status_code == 404, (path, r.status_code)


def test_the_metrics_port_comes_from_the_option_or_pcmd_metrics_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PCMD_METRICS_PORT", raising=False)
    assert parser().parse_args(["serve", "intake"]).metrics_port is None
    assert parser().parse_args(["serve", "intake", "--metrics-port", "9464"]).metrics_port == 9464
    monkeypatch.setenv("PCMD_METRICS_PORT", "9465")
    assert parser().parse_args(["serve", "intake"]).metrics_port == 9465
