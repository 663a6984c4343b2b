"""The org-unit hierarchy (a city above its wards), as stored."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.repository.snapshots import OrgUnit


class OrgUnits:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self) -> list[OrgUnit]:
        """Every unit, cities first, then by code."""
        query = select(OrgUnit).order_by(OrgUnit.level, OrgUnit.code)
        return list((await self._session.execute(query)).scalars())

    async def get(self, code: str) -> OrgUnit | None:
        return await self._session.get(OrgUnit, code)

    async def add_missing(self, units: Sequence[OrgUnit]) -> None:
        """Insert each unit unless its code exists (in order: a parent before its children)."""
        for u in units:
            await self._session.execute(
                pg_insert(OrgUnit)
                .values(
                    code=u.code,
                    name_vi=u.name_vi,
                    name_en=u.name_en,
                    level=u.level,
                    parent_code=u.parent_code,
                )
                .on_conflict_do_nothing()
            )
