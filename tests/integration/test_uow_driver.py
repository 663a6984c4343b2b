"""``UnitOfWork.on_driver``: a transaction on the pooled connection's asyncpg connection, for the hot
paths that skip SQLAlchemy's execution (reporting's batch of events)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.db import asyncpg_dsn
from tests.integration.harness import reporting_runtime
from tests.integration.test_event_path import running

POOLED = 20  # connections in the pool at most (shared.db.make_engine)


async def _inbox_rows(db: asyncpg.Connection, consumer: str) -> int:
    return int(await db.fetchval("SELECT count(*) FROM inbox WHERE consumer = $1", consumer))


async def test_what_the_block_wrote_commits_and_an_exception_rolls_it_back(
    service_db: Any, nats_url: str, ward: str
) -> None:
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, lambda _rt: ())
    insert = "INSERT INTO inbox (consumer, event_id, stream, stream_seq) VALUES ($1, $2, 's', 1)"
    async with running(reporting):
        async with reporting.uow().on_driver() as db:
            await db.execute(insert, "kept", uuid.uuid4())
        with pytest.raises(RuntimeError):
            async with reporting.uow().on_driver() as db:
                await db.execute(insert, "undone", uuid.uuid4())
                raise RuntimeError("the batch failed after its first statement")
        async with reporting.uow().on_driver() as db:
            assert await _inbox_rows(db, "kept") == 1
            assert await _inbox_rows(db, "undone") == 0


async def test_a_connection_postgres_dropped_leaves_the_pool(
    service_db: Any, nats_url: str, ward: str
) -> None:
    url = await service_db("reporting")
    reporting = await reporting_runtime(url, nats_url, ward, lambda _rt: ())
    async with running(reporting):
        killer = await asyncpg.connect(asyncpg_dsn(url))
        try:
            with pytest.raises((asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.InterfaceError)):
                async with reporting.uow().on_driver() as db:
                    await killer.execute("SELECT pg_terminate_backend($1)", db.get_server_pid())
                    await db.fetchval("SELECT 1")
        finally:
            await killer.close()
        for _ in range(POOLED + 1):  # every pooled connection in turn: the dropped one is not among them
            async with reporting.uow().on_driver() as db:
                assert await db.fetchval("SELECT 1") == 1


async def test_statements_name_the_tables_of_the_schema_the_session_would(
    service_db: Any, nats_url: str, ward: str
) -> None:
    """The rebuild's unit of work translates every table to its fresh schema: so does the driver's."""
    reporting = await reporting_runtime(await service_db("reporting"), nats_url, ward, lambda _rt: ())
    async with running(reporting):
        async with reporting.engine.begin() as conn:
            await conn.execute(text('CREATE SCHEMA "fresh"'))
            await conn.execute(text('CREATE TABLE "fresh".inbox (LIKE public.inbox INCLUDING ALL)'))
        fresh = reporting.engine.execution_options(schema_translate_map={None: "fresh"})
        uow = ReportingUnitOfWork(async_sessionmaker(fresh), ward=ward, small_cell_threshold=5)
        async with uow.on_driver() as db:
            await db.execute(
                "INSERT INTO inbox (consumer, event_id, stream, stream_seq) VALUES ('c', $1, 's', 1)",
                uuid.uuid4(),
            )
        async with reporting.engine.connect() as conn:
            assert await conn.scalar(text('SELECT count(*) FROM "fresh".inbox')) == 1
            assert await conn.scalar(text("SELECT count(*) FROM public.inbox WHERE consumer = 'c'")) == 0
