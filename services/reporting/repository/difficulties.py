"""Difficulties and proposals of every unit, with their status and the responses they received
(added and changed through the unit of work's ``records``, which tracks them)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.repository.base import Base
from shared.uow import Aggregate


class Difficulty(Base, Aggregate):
    """A difficulty met or a proposal made by a unit; its text stays here (events carry codes only)."""

    __tablename__ = "difficulty"
    difficulty_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    unit_code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(String(4000))
    raised_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(20))
    # every response in order: {"status", "response", "document_code", "by", "at"}
    responses: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


class Difficulties:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(
        self, ward: str, units: Sequence[str] | None, status: str | None, kind: str | None, limit: int = 1000
    ) -> list[Difficulty]:
        """The ward's records (of some units, a status, a kind), newest first."""
        query = select(Difficulty).where(Difficulty.ward == ward)
        if units is not None:
            query = query.where(Difficulty.unit_code.in_(units))
        if status is not None:
            query = query.where(Difficulty.status == status)
        if kind is not None:
            query = query.where(Difficulty.kind == kind)
        query = query.order_by(Difficulty.raised_at.desc(), Difficulty.recorded_at.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars())
