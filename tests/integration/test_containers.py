"""The same event path on containerised PostgreSQL and NATS, where a Docker engine answers.

Without an engine the test is skipped, and says why; the embedded servers cover it then.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.migrations import upgrade
from tests.conftest import Postgres
from tests.integration.harness import eventually, intake_runtime, reporting_runtime
from tests.integration.test_event_path import fact_count, receive_tips, running

ROOT = Path(__file__).resolve().parents[2]


def docker_available() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


pytestmark = pytest.mark.skipif(
    not docker_available(), reason="no Docker engine reachable for testcontainers"
)


@pytest.fixture(scope="module")
def containers() -> Iterator[tuple[str, str]]:
    from testcontainers.community.nats import NatsContainer
    from testcontainers.community.postgres import PostgresContainer

    with (
        PostgresContainer("postgres:16", driver="asyncpg") as pg,
        NatsContainer("nats:2.11", jetstream=True) as nats,
    ):
        yield pg.get_connection_url(), nats.nats_uri()


async def test_event_path_on_containers(containers: tuple[str, str]) -> None:
    admin_url, nats_url = containers
    pg = Postgres(admin_url)
    ward = f"c{uuid.uuid4().hex[:10]}"
    urls = {}
    for service in ("intake", "reporting"):
        urls[service] = await pg.create(f"{service}_{ward}")
        await asyncio.to_thread(upgrade, ROOT / "services" / service / "migrations", urls[service])
    intake = await intake_runtime(urls["intake"], nats_url, ward)
    reporting = await reporting_runtime(urls["reporting"], nats_url, ward)
    async with running(reporting, intake):
        await receive_tips(intake, ward, 5)
        await eventually(lambda: _five(reporting, ward))


async def _five(rt: object, ward: str) -> bool:
    return await fact_count(rt, ward) == 5  # type: ignore[arg-type]
