"""Async SQLAlchemy engine, and the platform tables every service database carries (defined once here).

Every service has its own ``MetaData``, made by :func:`service_metadata`, which adds the platform
tables (outbox, inbox, idempotency keys, audit log) to it. The migrations create the same
tables from these definitions, and a test compares every service's models with its migrated database.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import QueuePool

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


TYPES: dict[Any, Any] = {dt.datetime: DateTime(timezone=True), dict[str, Any]: JSONB}


class PlatformBase(DeclarativeBase):
    """The platform tables' own metadata; services get copies of them in theirs."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = TYPES


class OutboxRecord(PlatformBase):
    """An event written in the same transaction as the state change that caused it."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    subject: Mapped[str] = mapped_column(String(255))
    event_type: Mapped[str] = mapped_column(String(255))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    headers: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())
    published_at: Mapped[dt.datetime | None]
    stream_seq: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    __table_args__ = (
        Index("ix_outbox_pending", "id", postgresql_where=text("published_at IS NULL")),
        Index("ix_outbox_published_at", "published_at", postgresql_where=text("published_at IS NOT NULL")),
    )


class InboxRecord(PlatformBase):
    """An event a consumer has applied; written in the same transaction as the consumer's effects."""

    __tablename__ = "inbox"
    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    stream: Mapped[str] = mapped_column(String(64))
    stream_seq: Mapped[int] = mapped_column(BigInteger)
    processed_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class IdempotencyRecord(PlatformBase):
    """The first response to a create request, replayed for a retry with the same key."""

    __tablename__ = "idempotency_key"
    principal: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class AuditRecord(PlatformBase):
    """Who read, listed, exported or replayed what, in which ward, why, in which request; append-only
    (a trigger refuses UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    actor: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    resource: Mapped[str] = mapped_column(String(64))
    resource_id: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())
    ward: Mapped[str] = mapped_column(String(32), server_default=text("''"))
    reason: Mapped[str] = mapped_column(String(500), server_default=text("''"))
    request_id: Mapped[str] = mapped_column(String(64), server_default=text("''"))


PLATFORM_TABLES: tuple[Table, ...] = tuple(
    PlatformBase.metadata.tables[m.__tablename__]
    for m in (OutboxRecord, InboxRecord, IdempotencyRecord, AuditRecord)
)
OUTBOX, INBOX, IDEMPOTENCY, AUDIT = PLATFORM_TABLES


def service_metadata() -> MetaData:
    """A service's own metadata, holding the platform tables from the start."""
    metadata = MetaData(naming_convention=NAMING)
    for table in PLATFORM_TABLES:
        table.to_metadata(metadata)
    return metadata


# A session setting of the engines whose process runs the outbox relay: their writers wake it directly
# (shared.messaging.wake.outbox_written), so the outbox trigger sends no NOTIFY for their rows.
RELAY_IN_PROCESS = "pcmd.relay_in_process"


def make_engine(url: str, *, relay_in_process: bool = False, **kwargs: Any) -> AsyncEngine:
    """An asyncpg engine, without a ping at every checkout (three round trips on asyncpg).

    A connection PostgreSQL dropped (a restart, a cut) is found by the first statement sent on it:
    SQLAlchemy then invalidates every connection of the pool opened before, and the failed transaction
    is retried on a new one where that is safe (``UnitOfWork.create_once``, the outbox relay);
    elsewhere the caller's own retry applies (a consumer's redelivery, a background task's next turn).

    Up to 20 connections, all kept once opened: a connection opened past the kept ones (an overflow) was
    closed at its return, so a burst of requests paid a new backend, its type introspection and its
    prepared statements, again and again.

    ``relay_in_process``: this process runs the relay of this database, and every writer on the engine
    wakes it after its commit; the outbox trigger then sends no NOTIFY for the engine's sessions.
    """
    if relay_in_process:
        kwargs["connect_args"] = {
            "server_settings": {RELAY_IN_PROCESS: "on"},
            **kwargs.get("connect_args", {}),
        }
    return create_async_engine(make_url(url), pool_pre_ping=False, pool_size=20, max_overflow=0, **kwargs)


def spare_connections(engine: AsyncEngine) -> int:
    """How many more connections the engine's pool would hand out now without waiting (a checkout
    right after, with no ``await`` between, takes one of them)."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):  # (the async one is a QueuePool) a pool without a limit
        return sys.maxsize
    return pool.size() + pool._max_overflow - pool.checkedout()


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def asyncpg_dsn(url: str) -> str:
    """The plain libpq-style DSN asyncpg accepts (for the dedicated LISTEN connection)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def runs_as_owner(engine: AsyncEngine) -> bool:
    """Whether this connection's role owns the service's tables (the migration role, not a runtime one)."""
    async with engine.connect() as conn:
        owns = await conn.scalar(
            text(
                "SELECT tableowner = current_user FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename = 'audit_log'"
            )
        )
    return bool(owns)
