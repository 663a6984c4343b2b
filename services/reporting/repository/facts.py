"""Reporting read models: facts keyed by entity, so events may arrive in any order."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Boolean, String, case, func, or_, select
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class TipFact(Base):
    """One row per tip; each event fills the columns it knows.

    Lifecycle columns (status, closure, deadline) change only for an event at least as recent as
    the one that last set them (``state_at``), so a redelivered older event cannot undo a newer one.
    """

    __tablename__ = "tip_fact"
    tip_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(40))
    residential_group: Mapped[str | None] = mapped_column(String(40))
    received_at: Mapped[dt.datetime | None]
    due_at: Mapped[dt.datetime | None]
    status: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[dt.datetime | None]
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str | None] = mapped_column(String(60))
    state_at: Mapped[dt.datetime | None]


class TipFacts:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record_received(
        self,
        *,
        tip_id: uuid.UUID,
        ward: str,
        kind: str,
        channel: str,
        residential_group: str,
        received_at: dt.datetime,
        due_at: dt.datetime,
    ) -> None:
        facts = {
            "ward": ward,
            "kind": kind,
            "channel": channel,
            "residential_group": residential_group,
            "received_at": received_at,
        }
        await self._upsert(tip_id, ward, facts)
        await self.record_state(tip_id=tip_id, ward=ward, at=received_at, status="received", due_at=due_at)

    async def record_state(self, *, tip_id: uuid.UUID, ward: str, at: dt.datetime, **state: Any) -> None:
        """Lifecycle facts of the event at ``at``; ignored if a later event already set them."""
        values = {**state, "state_at": at}
        stmt = pg_insert(TipFact).values(tip_id=tip_id, ward=ward, **values)
        await self._session.execute(
            stmt.on_conflict_do_update(
                index_elements=[TipFact.tip_id],
                set_=values,
                where=or_(TipFact.state_at.is_(None), TipFact.state_at <= at),
            )
        )

    async def _upsert(self, tip_id: uuid.UUID, ward: str, facts: dict[str, Any]) -> None:
        stmt = pg_insert(TipFact).values(tip_id=tip_id, **facts)
        await self._session.execute(stmt.on_conflict_do_update(index_elements=[TipFact.tip_id], set_=facts))

    async def counts(
        self, ward: str, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> dict[str, Any]:
        """Tips received in the period, by kind; how many of them are closed, and closed on time."""
        closed = TipFact.closed_at.is_not(None)
        query = (
            select(
                TipFact.kind,
                func.count(),
                func.count().filter(closed),
                func.count().filter(closed & TipFact.on_time.is_(True)),
                func.sum(
                    case(
                        (
                            TipFact.status.in_(("received", "verifying", "verified", "classified", "routed"))
                            & (TipFact.due_at < func.now()),
                            1,
                        ),
                        else_=0,
                    )
                ),
            )
            .where(TipFact.ward == ward, TipFact.received_at.is_not(None))
            .group_by(TipFact.kind)
        )
        if since is not None:
            query = query.where(TipFact.received_at >= since)
        if until is not None:
            query = query.where(TipFact.received_at < until)
        rows = (await self._session.execute(query)).all()
        return {
            "by_kind": {str(kind): int(n) for kind, n, *_ in rows},
            "received": sum(int(r[1]) for r in rows),
            "closed": sum(int(r[2]) for r in rows),
            "closed_on_time": sum(int(r[3]) for r in rows),
            "open_overdue": sum(int(r[4] or 0) for r in rows),
        }
