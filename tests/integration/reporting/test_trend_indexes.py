"""The measures' indexes (migration 0013, ``indexes.INDEXES``): the migrated tables have them, the rebuild's
fresh tables have them after the switch, and the month under way (what the trend counts live) is read
through them, not by scanning each ward's history."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.domain.periods import VN, PeriodType, containing
from services.reporting.handlers.rebuild import _create_schema, _switch
from services.reporting.repository.indexes import INDEXES
from services.reporting.repository.measures import Measures, ReportSchedule
from shared.db import make_engine, make_session_factory
from shared.migrations import alembic_config, upgrade
from tests.bench.reporting import load_facts

NOW = dt.datetime(2030, 12, 15, 9, tzinfo=VN)
FACT_INDEXES = {
    "ix_tip_fact_ward_due_at",
    "ix_tip_fact_ward_received_at",
    "ix_online_item_fact_ward_reported_at",
    "ix_service_fact_ward_received_at",
    "ix_inspection_fact_ward_inspected_at",
    "ix_inspection_fact_carried_out",
    "ix_hotspot_fact_ward_flagged_at",
    "ix_case_fact_ward_client",
    "ix_service_fact_ward_client",
}
NAMES = FACT_INDEXES | {"ix_activity_communication", "ix_directive_ward_due_at", "ix_training_ward_held_at"}


async def indexes(dsn: str, schema: str = "public") -> dict[str, str]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1", schema)
    finally:
        await conn.close()
    return {r["indexname"]: r["indexdef"] for r in rows}


def dsn_of(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def test_the_migrated_tables_have_the_measures_indexes_partial_where_the_predicate_is_fixed(
    service_db: Callable[[str], Any],
) -> None:
    dsn = dsn_of(await service_db("reporting"))
    found = await indexes(dsn)
    assert {i.name for i in INDEXES} == NAMES, "the models declare what the migration creates"
    assert set(found) >= NAMES, NAMES - set(found)
    assert "WHERE ((result)::text <> 'not_carried_out'::text)" in found["ix_inspection_fact_carried_out"]
    assert "WHERE ((category)::text = 'communication'::text)" in found["ix_activity_communication"]
    assert "INCLUDE (client_code)" in found["ix_service_fact_ward_received_at"]
    assert "(ward, client_code, category) INCLUDE (received_at)" in found["ix_service_fact_ward_client"]
    assert (
        "INCLUDE (eligible, has_needs, enrolled_at, closed_at, reopened_at)"
        in found["ix_case_fact_ward_client"]
    )
    conn = await asyncpg.connect(dsn)  # migration 0014 builds its indexes CONCURRENTLY: valid ones
    try:
        invalid = await conn.fetch("SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid")
    finally:
        await conn.close()
    assert invalid == []


MIGRATIONS = Path(__file__).resolve().parents[3] / "services" / "reporting" / "migrations"


async def test_migration_0014_rebuilds_an_index_a_failed_concurrent_build_left_invalid(
    service_db: Callable[[str], Any],
) -> None:
    """CREATE INDEX CONCURRENTLY that fails leaves an invalid index, which IF NOT EXISTS would keep."""
    url = await service_db("reporting")
    await asyncio.to_thread(command.downgrade, alembic_config(MIGRATIONS, url), "0013")
    conn = await asyncpg.connect(dsn_of(url))
    try:
        await conn.execute(
            "INSERT INTO case_fact (case_id, ward, client_code) VALUES ('a', 'w', 'c'), ('b', 'w', 'd')"
        )
        # a build that fails half way: two cases of one ward under a unique index
        with pytest.raises(asyncpg.UniqueViolationError):
            await conn.execute(
                "CREATE UNIQUE INDEX CONCURRENTLY ix_case_fact_ward_client ON case_fact (ward)"
            )
        valid = "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_case_fact_ward_client'::regclass"
        assert await conn.fetchval(valid) is False
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        assert await conn.fetchval(valid) is True
        definition = await conn.fetchval("SELECT pg_get_indexdef('ix_case_fact_ward_client'::regclass)")
        assert definition.endswith(
            "(ward, client_code) INCLUDE (eligible, has_needs, enrolled_at, closed_at, reopened_at)"
        )
    finally:
        await conn.close()


async def test_the_rebuilds_fresh_tables_have_the_indexes_and_keep_them_after_the_switch(
    service_db: Callable[[str], Any],
) -> None:
    url = await service_db("reporting")
    engine = make_engine(url)
    try:
        await _create_schema(engine, "rebuild_index_test")
        assert set(await indexes(dsn_of(url), "rebuild_index_test")) >= FACT_INDEXES
        await _switch(engine, "rebuild_index_test")
    finally:
        await engine.dispose()
    assert set(await indexes(dsn_of(url))) >= NAMES


async def _plans(session: AsyncSession, conn: asyncpg.Connection, measures: Measures) -> list[str]:
    """The plan (JSON text) of every query counting the month's indicators."""
    plans: list[str] = []
    execute = session.execute
    dialect = session.get_bind().dialect

    async def explain(query: Any, *args: Any, **kwargs: Any) -> Any:
        compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        if not compiled.string.startswith("SELECT"):  # the measures' SET LOCAL: nothing to plan
            return await execute(query, *args, **kwargs)
        params = [compiled.params[name] for name in compiled.positiontup or ()]
        plans.append(await conn.fetchval("EXPLAIN (FORMAT JSON) " + compiled.string, *params))
        return await execute(query, *args, **kwargs)

    session.execute = explain  # type: ignore[method-assign, assignment]
    await measures.indicators(ReportSchedule())
    return plans


async def test_the_month_under_way_is_counted_through_the_indexes(service_db: Callable[[str], Any]) -> None:
    """60k facts over the plan period: a month holds a sixtieth of them, which the planner reads
    through the ward and time indexes (and each establishment's last inspection through the partial
    one) rather than scanning the ward's history."""
    url = await service_db("reporting")
    await load_facts(dsn_of(url), "idx", 60_000)
    engine = make_engine(url)
    conn = await asyncpg.connect(dsn_of(url))
    try:
        async with make_session_factory(engine)() as session:
            month = containing(NOW, PeriodType.MONTH)
            plans = await _plans(session, conn, Measures(session, ("idx",), month, NOW))
    finally:
        await conn.close()
        await engine.dispose()
    used = {name for plan in plans for name in _index_names(json.loads(plan))}
    assert {
        "ix_tip_fact_ward_due_at",
        "ix_online_item_fact_ward_reported_at",
        "ix_service_fact_ward_received_at",
        "ix_inspection_fact_carried_out",
    } <= used, used


def _index_names(node: Any) -> set[str]:
    if isinstance(node, list):
        return {n for child in node for n in _index_names(child)}
    if not isinstance(node, dict):
        return set()
    out = {node["Index Name"]} if "Index Name" in node else set()
    return out | {n for key in ("Plan", "Plans") if key in node for n in _index_names(node[key])}
