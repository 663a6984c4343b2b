"""Indicator targets per org unit and year, and the append-only history of their changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.repository.snapshots import IndicatorTarget, TargetChange


@dataclass(frozen=True)
class TargetSet:
    """A target that replaces the catalogue's default, and who set it when."""

    code: str
    target: int
    set_by: str
    set_at: dt.datetime


class Targets:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_year(self, scope: str, year: int) -> dict[str, TargetSet]:
        """The targets set for an org unit and year, by indicator code."""
        rows = await self._session.execute(
            select(IndicatorTarget).where(IndicatorTarget.org_code == scope, IndicatorTarget.year == year)
        )
        return {
            r.indicator_code: TargetSet(r.indicator_code, r.target, r.set_by, r.set_at)
            for r in rows.scalars()
        }

    async def current(self, scope: str, year: int, code: str, *, for_update: bool = False) -> int | None:
        row = await self._session.get(IndicatorTarget, (scope, year, code), with_for_update=for_update)
        return row.target if row is not None else None

    async def put(self, scope: str, year: int, code: str, target: int, set_by: str) -> None:
        stmt = pg_insert(IndicatorTarget).values(
            org_code=scope, year=year, indicator_code=code, target=target, set_by=set_by
        )
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[
                    IndicatorTarget.org_code,
                    IndicatorTarget.year,
                    IndicatorTarget.indicator_code,
                ],
                set_={"target": target, "set_by": set_by, "set_at": stmt.excluded.set_at},
            )
        )

    async def add_change(self, change: TargetChange) -> None:
        self._session.add(change)

    async def history(self, scope: str, limit: int = 500) -> list[TargetChange]:
        """The changes of an org unit's targets, newest first."""
        rows = await self._session.execute(
            select(TargetChange)
            .where(TargetChange.org_code == scope)
            .order_by(TargetChange.id.desc())
            .limit(limit)
        )
        return list(rows.scalars())
