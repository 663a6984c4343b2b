"""Reporting read models: facts keyed by entity, so events may arrive in any order."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import String, func, select
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base


class TipFact(Base):
    """One row per tip; each event fills the columns it knows."""

    __tablename__ = "tip_fact"
    tip_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(40))
    residential_group: Mapped[str | None] = mapped_column(String(40))
    received_at: Mapped[dt.datetime | None]
    due_at: Mapped[dt.datetime | None]


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
        values = {
            "ward": ward,
            "kind": kind,
            "channel": channel,
            "residential_group": residential_group,
            "received_at": received_at,
            "due_at": due_at,
        }
        await self._session.execute(
            pg_insert(TipFact)
            .values(tip_id=tip_id, **values)
            .on_conflict_do_update(index_elements=[TipFact.tip_id], set_=values)
        )

    async def count_received(
        self, ward: str, since: dt.datetime | None = None, until: dt.datetime | None = None
    ) -> dict[str, int]:
        query = (
            select(TipFact.kind, func.count())
            .where(TipFact.ward == ward, TipFact.received_at.is_not(None))
            .group_by(TipFact.kind)
        )
        if since is not None:
            query = query.where(TipFact.received_at >= since)
        if until is not None:
            query = query.where(TipFact.received_at < until)
        return {str(kind): int(n) for kind, n in (await self._session.execute(query)).all()}
