"""Every service's models match its migrated database, so what the code reads and writes is what exists.

Reporting's rebuild also creates fresh tables from its models, so those must match the migrations too.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase

from shared.contracts.catalog import SERVICES
from shared.db import NAMING, make_engine


def service_metadata(service: str) -> MetaData:
    """The metadata of the one declarative base defined in the service's repository (module or package),
    with every model of it imported."""
    repository = importlib.import_module(f"services.{service}.repository")
    modules = [repository]
    if hasattr(repository, "__path__"):
        prefix = f"{repository.__name__}."
        modules += [
            importlib.import_module(m.name) for m in pkgutil.walk_packages(repository.__path__, prefix)
        ]
    bases = {
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type)
        and DeclarativeBase in obj.__bases__
        and obj.__module__.startswith(repository.__name__)
    }
    assert len(bases) == 1, f"{service}: one declarative base in its repository, found {bases}"
    metadata: MetaData = bases.pop().metadata
    return metadata


async def differences(url: str, metadata: MetaData, only: Iterable[str] | None = None) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match ``metadata``."""
    names = None if only is None else set(only)

    def include(name: str | None, kind: str, _parent: Any) -> bool:
        return names is None or kind != "table" or name in names

    def compare(sync: Any) -> list[Any]:
        context = MigrationContext.configure(sync, opts={"compare_type": True, "include_name": include})
        return list(compare_metadata(context, metadata))

    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(compare)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
async def test_the_models_of_every_service_match_its_migrated_database(
    service: str, service_db: Callable[[str], Any]
) -> None:
    metadata = service_metadata(service)
    assert {"outbox", "inbox", "idempotency_key", "audit_log"} <= set(metadata.tables), "platform tables"
    assert await differences(await service_db(service), metadata) == []


async def test_the_tables_the_reporting_rebuild_creates_match_the_migrated_database(
    service_db: Callable[[str], Any],
) -> None:
    from services.reporting.handlers.rebuild import TABLES

    wanted = MetaData(naming_convention=NAMING)
    for table in TABLES:
        table.to_metadata(wanted)
    assert all(isinstance(t, Table) for t in TABLES) and "inbox" in wanted.tables
    assert await differences(await service_db("reporting"), wanted, only=wanted.tables) == []


async def test_the_comparison_sees_a_column_the_migrations_do_not_have(
    service_db: Callable[[str], Any],
) -> None:
    """Not vacuous: a model column that no migration created is a difference."""
    wanted = MetaData(naming_convention=NAMING)
    for table in service_metadata("intake").tables.values():
        table.to_metadata(wanted)
    wanted.tables["tip"].append_column(Column("nickname", String(20)))
    diff = await differences(await service_db("intake"), wanted)
    added = [(d[2], d[3].name) for d in diff if isinstance(d, tuple) and d[0] == "add_column"]
    assert added == [("tip", "nickname")]
