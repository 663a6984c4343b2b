"""Two database roles per service: the owner migrates, the service runs as a role that cannot change
the tables' shape nor the audit log (refused by the grants, before the append-only trigger).

Real PostgreSQL: roles and a database made for each test, migrated as ``pcmd migrate`` does.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from shared.auth import Principal
from shared.contracts.catalog import SERVICES
from shared.db import make_engine, runs_as_owner
from shared.migrations import upgrade
from tests.conftest import ROOT, Postgres
from tests.integration.harness import intake_runtime
from tests.integration.test_event_path import receive_tips, running


@dataclass
class Roles:
    owner_url: str
    runtime_url: str

    @staticmethod
    def dsn(url: str) -> str:
        return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
async def roles(postgres: Postgres) -> AsyncIterator[Roles]:
    tag = uuid.uuid4().hex[:8]
    owner, runtime, database = f"own_{tag}", f"app_{tag}", f"roles_{tag}"
    admin = await asyncpg.connect(postgres.dsn())
    try:
        await admin.execute(f"CREATE ROLE {owner} LOGIN; CREATE ROLE {runtime} LOGIN")
        await admin.execute(f"CREATE DATABASE {database} OWNER {owner}")
        await admin.execute(f"REVOKE ALL ON DATABASE {database} FROM PUBLIC")
        await admin.execute(f"GRANT CONNECT ON DATABASE {database} TO {runtime}")
        url = make_url(postgres.url(database))
        yield Roles(
            url.set(username=owner).render_as_string(hide_password=False),
            url.set(username=runtime).render_as_string(hide_password=False),
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.execute(f"DROP ROLE IF EXISTS {runtime}; DROP ROLE IF EXISTS {owner}")
        await admin.close()


async def migrate(service: str, roles: Roles) -> None:
    migrations = ROOT / "services" / service / "migrations"
    await asyncio.to_thread(upgrade, migrations, roles.owner_url, runtime_url=roles.runtime_url)


AUDIT_ROW = (
    "INSERT INTO audit_log (actor, unit, action, resource, resource_id) "
    "VALUES ('officer-1', 'ca', 'read_private', 'tip', '1') RETURNING id"
)


@pytest.mark.parametrize("service", SERVICES)
async def test_the_runtime_role_writes_rows_and_audit_but_cannot_change_them_or_the_schema(
    service: str, roles: Roles
) -> None:
    await migrate(service, roles)
    conn = await asyncpg.connect(Roles.dsn(roles.runtime_url))
    try:
        audit_id = await conn.fetchval(AUDIT_ROW)
        assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE id = $1", audit_id) == 1
        await conn.execute(
            "INSERT INTO outbox (event_id, subject, event_type, payload) VALUES ($1, 's', 't', '')",
            uuid.uuid4(),
        )
        assert await conn.execute("DELETE FROM outbox") == "DELETE 1", "its own tables: read and write"
        refused = [
            "UPDATE audit_log SET reason = 'changed'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "DROP TABLE outbox",
            "ALTER TABLE outbox ADD COLUMN x int",
            "CREATE TABLE intruder (id int)",
            "DELETE FROM alembic_version",
            "DROP TRIGGER pcmd_audit_append_only ON audit_log",
        ]
        for statement in refused:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(statement)
    finally:
        await conn.close()


async def test_migrating_again_grants_the_same_and_a_missing_runtime_role_is_named(roles: Roles) -> None:
    await migrate("intake", roles)
    await migrate("intake", roles)  # idempotent: the grants are applied on every run
    absent = make_url(roles.runtime_url).set(username="no_such_role").render_as_string(hide_password=False)
    with pytest.raises(RuntimeError, match="no_such_role"):
        await asyncio.to_thread(
            upgrade, ROOT / "services" / "intake" / "migrations", roles.owner_url, runtime_url=absent
        )


async def test_intake_runs_as_the_runtime_role(roles: Roles, nats_url: str, ward: str) -> None:
    """Everything a request does (tip, outbox, idempotency, audit) is within the runtime grants."""
    await migrate("intake", roles)
    intake: Any = await intake_runtime(roles.runtime_url, nats_url, ward)
    async with running(intake):
        await receive_tips(intake, ward, 2)
        async with intake.uow() as uow:
            principal = Principal(sub="officer-1", ward=ward, unit="ca", roles=frozenset({"officer"}))
            await uow.audit.record(principal, "read_private", "tip", "1", fields=["reporter_name"])
            await uow.commit()
        await intake.relay.drain()
        assert await intake.relay.backlog() == 0


async def test_the_owner_role_is_told_apart_from_the_runtime_role(roles: Roles) -> None:
    """What production checks at start-up: a service connected as the tables' owner refuses to run."""
    await migrate("intake", roles)
    engines = {url: make_engine(url) for url in (roles.owner_url, roles.runtime_url)}
    try:
        assert await runs_as_owner(engines[roles.owner_url]) is True
        assert await runs_as_owner(engines[roles.runtime_url]) is False
    finally:
        for engine in engines.values():
            await engine.dispose()
