"""Stored monthly counts of the ten indicators, so a trend over the plan period reads rows, not queries.

A row holds the numerators and denominators of one **ended** month for one set of wards (and report
schedule), exactly as ``Measures.indicators`` counted them: an ended month is counted whole, so its
counts depend on the facts alone, never on the clock. The month under way is always counted live.

Rows are made stale by the database, not by the code that writes facts: triggers on every table the
measures read (migration 0012) delete the rows of the wards a statement touched whose month ends after
the earliest time in any changed row (old or new). No measure lets a fact count in a month that ended
before every time the fact carries (each counts "before the cut" or "inside the month"), so a late
event for an old month removes that month and the ones after it; they are counted again when read.

A reader must not store counts taken from a snapshot that misses a concurrent change whose trigger
ran before the row existed. So a missing month is first *reserved* (a row without counts) while
holding an exclusive advisory lock that every trigger takes shared: the reservation waits for the
writers under way to commit, and a writer that comes after deletes the reservation. The reader then
counts in a snapshot taken after the reservation, and fills only a reservation that is still there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ARRAY, String, delete, select, text, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.domain.periods import Period
from services.reporting.repository.base import Base
from services.reporting.repository.measures import Counts, ReportSchedule

# The advisory lock shared by the triggers (pg_advisory_xact_lock_shared) and taken alone to reserve.
LOCK = 7_301_220_615_204_011


class TrendMonth(Base):
    """One ended month's indicator counts for a set of wards; ``counts`` is empty while reserved."""

    __tablename__ = "trend_month"
    wards: Mapped[list[str]] = mapped_column(ARRAY(String(32)), primary_key=True)
    schedule: Mapped[str] = mapped_column(String(60), primary_key=True)
    month: Mapped[str] = mapped_column(String(16), primary_key=True)
    month_end: Mapped[dt.datetime]
    counts: Mapped[list[Any] | None] = mapped_column(JSONB)


Key = tuple[tuple[str, ...], str]  # (wards, month code)


def schedule_key(schedule: ReportSchedule) -> str:
    """IT_REPORTING depends on the schedule: counts are kept per schedule."""
    return ",".join(t.value for t in schedule.period_types) + f"/{schedule.due_days}"


def _wards(wards: Sequence[str]) -> list[str]:
    return sorted(wards)


class MonthlyCounts:
    """Read, reserve and fill stored monthly counts, on the caller's transaction."""

    def __init__(self, session: AsyncSession, schedule: ReportSchedule) -> None:
        self._s = session
        self._schedule = schedule_key(schedule)

    async def stored(self, keys: Sequence[Key]) -> dict[Key, Counts]:
        """The counts kept for these (wards, month) pairs; reserved or missing ones are left out."""
        if not keys:
            return {}
        by_sorted = {(tuple(_wards(w)), m): (w, m) for w, m in keys}
        rows = await self._s.execute(
            select(TrendMonth.wards, TrendMonth.month, TrendMonth.counts).where(
                TrendMonth.schedule == self._schedule,
                TrendMonth.month.in_(sorted({m for _, m in keys})),
                TrendMonth.counts.is_not(None),
            )
        )
        out: dict[Key, Counts] = {}
        for wards, month, counts in rows:
            key = by_sorted.get((tuple(wards), month))
            if key is not None:
                out[key] = {code: (int(n), int(d)) for code, n, d in counts}
        return out

    async def reserve(self, months: Sequence[tuple[Sequence[str], Period]]) -> None:
        """Reserve missing months (call alone in its transaction, then commit): waits for writers."""
        await self._s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK})
        rows = [
            {"wards": _wards(w), "schedule": self._schedule, "month": m.code, "month_end": m.end}
            for w, m in months
        ]
        await self._s.execute(pg_insert(TrendMonth).on_conflict_do_nothing(), rows)

    async def fill(self, counted: dict[tuple[tuple[str, ...], Period], Counts]) -> None:
        """Store counts into reservations still there (a writer since deleted them: not stored)."""
        for (wards, month), counts in counted.items():
            await self._s.execute(
                update(TrendMonth)
                .where(
                    TrendMonth.wards == _wards(wards),
                    TrendMonth.schedule == self._schedule,
                    TrendMonth.month == month.code,
                    TrendMonth.counts.is_(None),
                )
                .values(counts=[[code, n, d] for code, (n, d) in counts.items()])
            )

    async def clear(self) -> None:
        await self._s.execute(delete(TrendMonth))
