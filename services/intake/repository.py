"""Tip persistence."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.intake.domain import Channel, Tip, TipKind, TipStatus
from shared.db import Base


class TipRow(Base):
    __tablename__ = "tip"
    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(40))
    residential_group: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime]


class TipRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, tip: Tip) -> None:
        self._session.add(
            TipRow(
                id=tip.id,
                ward=tip.ward,
                kind=tip.kind.value,
                channel=tip.channel.value,
                residential_group=tip.residential_group,
                status=tip.status.value,
                received_at=tip.received_at,
                due_at=tip.due_at,
            )
        )

    async def get(self, tip_id: uuid.UUID, ward: str) -> Tip | None:
        row = (
            await self._session.execute(select(TipRow).where(TipRow.id == tip_id, TipRow.ward == ward))
        ).scalar_one_or_none()
        if row is None:
            return None
        return Tip(
            row.id,
            row.ward,
            TipKind(row.kind),
            Channel(row.channel),
            row.residential_group,
            row.received_at,
            row.due_at,
            TipStatus(row.status),
        )
