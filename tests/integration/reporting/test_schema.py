"""The rebuild creates its fresh tables from the models, so the models must match the migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from services.reporting.rebuild import TABLES
from shared.db import NAMING, make_engine


async def test_the_read_model_tables_of_the_models_match_the_migrated_database(
    service_db: Callable[[str], Any],
) -> None:
    engine = make_engine(await service_db("reporting"))
    names = {t.name for t in TABLES}
    wanted = MetaData(naming_convention=NAMING)
    for table in TABLES:
        table.to_metadata(wanted)
    try:
        async with engine.connect() as conn:

            def differences(sync: Any) -> list[Any]:
                context = MigrationContext.configure(
                    sync,
                    opts={
                        "compare_type": True,
                        "include_name": lambda name, kind, _p: kind != "table" or name in names,
                    },
                )
                return list(compare_metadata(context, wanted))

            diff = await conn.run_sync(differences)
    finally:
        await engine.dispose()
    assert diff == [], diff
