"""Two writers making the same stored months stale at once (the triggers of migration 0012, their lock
order fixed in 0013), on a real PostgreSQL: one trigger never deadlocks with another (each locks the
months it deletes in key order, an UPDATE's old and new rows in one pass); two transactions that stale
months in several statements, in opposite orders, can deadlock, and then PostgreSQL aborts one with an
error consumers retry, after which both changes are in and the months are stale."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.reporting.domain.periods import VN, year
from shared.db import make_engine
from shared.messaging.consumer import is_transient

WARD = "lockward"
MONTHS = year(2026).month_periods()
STORE = "INSERT INTO trend_month (wards, schedule, month, month_end, counts) VALUES ($1, 's', $2, $3, '[]')"


def mid(month: int) -> dt.datetime:
    return dt.datetime(2026, month, 15, 9, tzinfo=VN)


@dataclass
class Db:
    engine: AsyncEngine
    admin: asyncpg.Connection

    async def stored(self) -> list[str]:
        rows = await self.admin.fetch("SELECT month FROM trend_month ORDER BY month")
        return [r["month"] for r in rows]

    async def waiting(self, n: int) -> None:
        """Until ``n`` sessions wait for a lock (a writer blocked where the test means it to be)."""
        for _ in range(500):
            found = await self.admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock'"
            )
            if found >= n:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"{n} sessions never waited for a lock")


@pytest.fixture
async def db(service_db: Callable[[str], Any]) -> AsyncIterator[Db]:
    url = await service_db("reporting")
    engine = make_engine(url)
    admin = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    # stored months of the ward for 2026, kept in month order (the order a table scan meets them)
    for m in MONTHS:
        await admin.execute(
            STORE,
            [WARD],
            m.code,
            m.end,
        )
    try:
        yield Db(engine, admin)
    finally:
        await admin.close()
        await engine.dispose()


async def writer(engine: AsyncEngine) -> AsyncConnection:
    conn = await engine.connect()
    await conn.execute(text("SET deadlock_timeout = '200ms'"))
    await conn.commit()
    await conn.begin()
    return conn


async def add_tip(conn: AsyncConnection, month: int, tip_id: uuid.UUID | None = None) -> None:
    at = mid(month)
    await conn.execute(
        text(
            "INSERT INTO tip_fact (tip_id, ward, received_at, due_at, state_at)"
            " VALUES (:id, :w, :at, :at, :at)"
        ),
        {"id": tip_id or uuid.uuid4(), "w": WARD, "at": at},
    )


async def test_an_update_and_an_insert_staling_the_same_months_do_not_deadlock(db: Db) -> None:
    """An UPDATE moving a tip from February to May stales May on (its new row) and February on (its
    old row). 0012 deleted those in two statements: May's months first, then February's, so with an
    insert for February holding February to April meanwhile (and waiting for April's row, held here
    by a third session), each waited for the other. In one pass in month order it waits first."""
    moved = uuid.uuid4()
    async with db.engine.begin() as c:
        await add_tip(c, 2, moved)
    for m in MONTHS:  # the insert above made them stale: store them again
        await db.admin.execute(
            STORE + " ON CONFLICT DO NOTHING",
            [WARD],
            m.code,
            m.end,
        )
    holder = await db.engine.connect()
    await holder.begin()
    await holder.execute(text("SELECT 1 FROM trend_month WHERE month = :m FOR UPDATE"), {"m": MONTHS[3].code})
    inserting, updating = await writer(db.engine), await writer(db.engine)
    try:
        insert = asyncio.create_task(add_tip(inserting, 2))
        await db.waiting(1)  # holds February and March, waits for April
        update = asyncio.create_task(
            updating.execute(
                text(
                    "UPDATE tip_fact SET received_at = :at, due_at = :at, state_at = :at WHERE tip_id = :id"
                ),
                {"at": mid(5), "id": moved},
            )
        )
        await db.waiting(2)
        await holder.rollback()
        errors = []
        for task, conn in ((insert, inserting), (update, updating)):  # the insert first: it holds February
            try:
                await task
                await conn.commit()
            except Exception as e:
                errors.append(e)
        assert errors == []
    finally:
        for conn in (holder, inserting, updating):
            await conn.close()
    assert await db.stored() == ["2026-01"]


def chain(error: BaseException | None) -> list[BaseException]:
    """The error and its causes (SQLAlchemy's error wraps the driver's)."""
    out = []
    while error is not None:
        out.append(error)
        error = error.__cause__ or error.__context__
    return out


async def _two_statements(conn: AsyncConnection, first: int, then: int) -> None:
    await add_tip(conn, first)
    await add_tip(conn, then)


async def test_transactions_staling_months_in_opposite_orders_deadlock_at_most_once_and_are_retried(
    db: Db,
) -> None:
    """One transaction stales June on, then January on; the other March on, then (blocked at June)
    nothing more: PostgreSQL aborts one of them with a deadlock, a TransactionRollbackError that the
    consumers treat as transient; the other commits, and the aborted one, run again, commits too."""
    a, b = await writer(db.engine), await writer(db.engine)
    try:
        await add_tip(a, 6)  # holds June to December
        b_runs = asyncio.create_task(_two_statements(b, 3, 1))  # holds March to May, waits for June
        await db.waiting(1)
        a_then = asyncio.create_task(add_tip(a, 1))  # January on: waits for March, held by b
        done = await asyncio.gather(a_then, b_runs, return_exceptions=True)
        failed = [(conn, e) for conn, e in zip((a, b), done, strict=True) if isinstance(e, BaseException)]
        assert len(failed) == 1, done
        victim, error = failed[0]
        assert any(isinstance(e, asyncpg.exceptions.DeadlockDetectedError) for e in chain(error))
        assert is_transient(error)
        survivor = b if victim is a else a
        await survivor.commit()
        await victim.rollback()
        await victim.begin()  # what a consumer's redelivery does: the whole transaction again
        await (add_tip(victim, 6) if victim is a else _two_statements(victim, 3, 1))
        if victim is a:
            await add_tip(victim, 1)
        await victim.commit()
    finally:
        await a.close()
        await b.close()
    assert await db.stored() == []
    assert await db.admin.fetchval("SELECT count(*) FROM tip_fact WHERE ward = $1", WARD) == 4
