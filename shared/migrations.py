"""Alembic helpers: the platform tables' migration and the async env every service's env.py calls."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db import PLATFORM_TABLES

_NOTIFY_FN = """
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


def upgrade(migrations_dir: Path, url: str, revision: str = "head") -> None:
    """Run a service's migrations up to ``revision`` (idempotent)."""
    command.upgrade(alembic_config(migrations_dir, url), revision)
