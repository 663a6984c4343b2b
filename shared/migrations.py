"""Alembic helpers: the platform tables' migration and the async env every service's env.py calls."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

_NOTIFY_FN = """
CREATE OR REPLACE FUNCTION pcmd_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('pcmd_outbox', ''); RETURN NULL; END $$
"""
_NOTIFY_TRIGGER = (
    "CREATE TRIGGER pcmd_outbox_notify AFTER INSERT ON outbox "
    "FOR EACH STATEMENT EXECUTE FUNCTION pcmd_outbox_notify()"
)


def _now() -> Any:
    return sa.text("clock_timestamp()")


def create_platform_tables(op: Any) -> None:
    """Version 1 of outbox, inbox, idempotency keys and the audit log (one statement per execute)."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("event_id", pg.UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("event_type", sa.String(255), nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("headers", pg.JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("stream_seq", sa.BigInteger),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.create_index("ix_outbox_pending", "outbox", ["id"], postgresql_where=sa.text("published_at IS NULL"))
    op.create_index(
        "ix_outbox_published_at",
        "outbox",
        ["published_at"],
        postgresql_where=sa.text("published_at IS NOT NULL"),
    )
    op.execute(_NOTIFY_FN)
    op.execute(_NOTIFY_TRIGGER)
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", pg.UUID(as_uuid=True), primary_key=True),
        sa.Column("stream", sa.String(64), nullable=False),
        sa.Column("stream_seq", sa.BigInteger, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    )
    op.create_table(
        "idempotency_key",
        sa.Column("principal", sa.String(200), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", pg.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("resource", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        sa.Column("fields", pg.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
    )


def drop_platform_tables(op: Any) -> None:
    for table in ("audit_log", "idempotency_key", "inbox"):
        op.drop_table(table)
    op.execute("DROP TRIGGER IF EXISTS pcmd_outbox_notify ON outbox")
    op.drop_table("outbox")
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
