"""Surveys and assessments, commendations and accountability decisions: records the reviews cite
(added through the unit of work's ``records``, which tracks them)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Integer, String, select
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.repository.base import Base
from shared.uow import Aggregate


class Survey(Base, Aggregate):
    """A survey, assessment or study of the situation (plan II.6); its files cited by content hash."""

    __tablename__ = "survey"
    survey_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(300))
    period_code: Mapped[str] = mapped_column(String(16))
    unit_code: Mapped[str] = mapped_column(String(32))
    method: Mapped[str] = mapped_column(String(1000))
    sample_size: Mapped[int] = mapped_column(Integer)
    sample_description: Mapped[str] = mapped_column(String(500))
    findings: Mapped[str] = mapped_column(String(4000))
    attachment_hashes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    completed_at: Mapped[dt.datetime]
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


class Commendation(Base, Aggregate):
    """A commendation of a unit or a person (by staff code), or an accountability decision on a unit."""

    __tablename__ = "commendation"
    commendation_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    unit_code: Mapped[str | None] = mapped_column(String(32))
    staff_code: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(1000))
    document_code: Mapped[str] = mapped_column(String(60))
    decided_at: Mapped[dt.datetime]
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(200))


EVALUATION_TABLES = (Survey, Commendation)


class Evaluations:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list(self, model: Any, ward: str, limit: int = 1000) -> list[Any]:
        """The ward's surveys (newest completed first) or commendations (newest decided first)."""
        order = model.completed_at if model is Survey else model.decided_at
        query = select(model).where(model.ward == ward).order_by(order.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars())
