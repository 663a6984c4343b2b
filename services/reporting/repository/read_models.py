"""Raw counts straight from the event-built read models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.repository.facts import TipFact

OPEN = ("received", "verifying", "verified", "classified", "routed")


@dataclass(frozen=True)
class TipCounts:
    received: int = 0
    closed: int = 0
    closed_on_time: int = 0
    open_overdue: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


class ReadModels:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def tip_counts(
        self, ward: str, since: dt.datetime | None, until: dt.datetime | None, *, now: dt.datetime
    ) -> TipCounts:
        """Tips received in the period, by kind; how many of them are closed, and closed on time; how
        many are open past their due time at ``now`` (the domain clock: a demo system's simulated
        instant, not the database's)."""
        closed = TipFact.closed_at.is_not(None)
        overdue = case((TipFact.status.in_(OPEN) & (TipFact.due_at < now), 1), else_=0)
        query = (
            select(
                TipFact.kind,
                func.count(),
                func.count().filter(closed),
                func.count().filter(closed & TipFact.on_time.is_(True)),
                func.sum(overdue),
            )
            .where(TipFact.ward == ward, TipFact.received_at.is_not(None))
            .group_by(TipFact.kind)
        )
        if since is not None:
            query = query.where(TipFact.received_at >= since)
        if until is not None:
            query = query.where(TipFact.received_at < until)
        rows = (await self._session.execute(query)).all()
        return TipCounts(
            by_kind={str(kind): int(n) for kind, n, *_ in rows},
            received=sum(int(r[1]) for r in rows),
            closed=sum(int(r[2]) for r in rows),
            closed_on_time=sum(int(r[3]) for r in rows),
            open_overdue=sum(int(r[4] or 0) for r in rows),
        )
