"""Alembic helpers: the platform tables' migration and the async env every service's env.py calls."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db import PLATFORM_TABLES, RELAY_IN_PROCESS

# The writer's session says whether a relay in its own process is woken directly (``shared.db``'s
# RELAY_IN_PROCESS): then no NOTIFY, whose commit-time lock on the database serialises every writer's
# commit, WAL flush included. Any other writer (a tool, a process without a relay) still notifies.
_NOTIFY_FN = f"""
CREATE OR REPLACE FUNCTION pcmd_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('{RELAY_IN_PROCESS}', true), '') <> 'on' THEN
    PERFORM pg_notify('pcmd_outbox', '');
  END IF;
  RETURN NULL;
END $$
"""
_NOTIFY_ALWAYS_FN = """
CREATE OR REPLACE FUNCTION pcmd_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('pcmd_outbox', ''); RETURN NULL; END $$
"""
_NOTIFY_TRIGGER = (
    "CREATE TRIGGER pcmd_outbox_notify AFTER INSERT ON outbox "
    "FOR EACH STATEMENT EXECUTE FUNCTION pcmd_outbox_notify()"
)


def create_platform_tables(op: Any) -> None:
    """The platform tables, created from their one definition in ``shared.db``, and the outbox trigger."""
    bind = op.get_bind()
    for table in PLATFORM_TABLES:
        table.create(bind)
    op.execute(_NOTIFY_FN)
    op.execute(_NOTIFY_TRIGGER)


def notify_unless_relay_in_process(op: Any) -> None:
    """Version 2 of the outbox trigger: no NOTIFY from a session whose process wakes its relay itself."""
    op.execute(_NOTIFY_FN)


def notify_always(op: Any) -> None:
    """Version 1 of the outbox trigger: a NOTIFY at every statement that inserts outbox rows."""
    op.execute(_NOTIFY_ALWAYS_FN)


_AUDIT_APPEND_ONLY = [
    """CREATE OR REPLACE FUNCTION pcmd_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP; END $$""",
    "DROP TRIGGER IF EXISTS pcmd_audit_append_only ON audit_log",
    "CREATE TRIGGER pcmd_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION pcmd_audit_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC",
]


def audit_context(op: Any) -> None:
    """Version 2 of the audit log: ward, reason and request id on every row, and append-only.

    Idempotent (``IF NOT EXISTS``): a database created after this change already has the columns,
    because version 1 is created from the current table definition.
    """
    for column, kind in (("ward", "VARCHAR(32)"), ("reason", "VARCHAR(500)"), ("request_id", "VARCHAR(64)")):
        op.execute(f"ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS {column} {kind} NOT NULL DEFAULT ''")
    for statement in _AUDIT_APPEND_ONLY:
        op.execute(statement)


def drop_audit_context(op: Any) -> None:
    op.execute("DROP TRIGGER IF EXISTS pcmd_audit_append_only ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS pcmd_audit_append_only()")
    for column in ("ward", "reason", "request_id"):
        op.execute(f"ALTER TABLE audit_log DROP COLUMN IF EXISTS {column}")


def drop_platform_tables(op: Any) -> None:
    op.execute("DROP TRIGGER IF EXISTS pcmd_outbox_notify ON outbox")
    bind = op.get_bind()
    for table in reversed(PLATFORM_TABLES):
        table.drop(bind)
    op.execute("DROP FUNCTION IF EXISTS pcmd_outbox_notify()")


def run_env(target_metadata: sa.MetaData) -> None:
    """Body of a service's ``migrations/env.py`` (online, async, URL from the Alembic config)."""
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url or "", target_metadata))


async def _run_online(url: str, target_metadata: sa.MetaData) -> None:
    engine = create_async_engine(url, poolclass=sa.pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_do_run, target_metadata)
    await engine.dispose()


MIGRATION_LOCK = 0x50434D44  # "PCMD": replicas starting together migrate one at a time


def _do_run(connection: Connection, target_metadata: sa.MetaData) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def alembic_config(migrations_dir: Path, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(
    migrations_dir: Path, url: str, revision: str = "head", *, runtime_url: str | None = None
) -> None:
    """Run a service's migrations up to ``revision`` (idempotent) as the owner role of ``url``; then,
    when the service runs as another role (``runtime_url``), grant that role what it may do."""
    command.upgrade(alembic_config(migrations_dir, url), revision)
    role = runtime_role(url, runtime_url)
    if role is not None:
        asyncio.run(grant_runtime_role(url, role))


def runtime_role(migration_url: str, runtime_url: str | None) -> str | None:
    """The runtime's own role when it is not the migration (owner) role, else None."""
    if not runtime_url:
        return None
    owner, runtime = make_url(migration_url).username, make_url(runtime_url).username
    return runtime if runtime and runtime != owner else None


# What the runtime role may do: read and write the service's tables, never change their shape, and
# only add to the audit log (the trigger refuses changes to it from anyone; the grants say it too).
# Tables made later by the owner (a read-model rebuild) get the same grants by default.
_RUNTIME_GRANTS = (
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    "ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
    "ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
)


async def grant_runtime_role(url: str, role: str) -> None:
    """Idempotent: run after every migration, so a new table is granted as the old ones were."""
    engine = create_async_engine(url, poolclass=sa.pool.NullPool)
    try:
        async with engine.begin() as conn:
            quoted = conn.dialect.identifier_preparer.quote(role)
            exists = await conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
            if not exists:
                raise RuntimeError(f"the runtime role {role!r} does not exist; create it first")
            for statement in _RUNTIME_GRANTS:
                await conn.execute(sa.text(statement.format(role=quoted)))
    finally:
        await engine.dispose()
