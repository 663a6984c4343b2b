"""Reviews of the plan (sơ kết, tổng kết): their frozen content and approval (added and changed through
the unit of work's ``records``, which tracks them)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.repository.base import Base
from shared.uow import Aggregate


class Review(Base, Aggregate):
    """A yearly or final review, its content frozen when prepared; final once a ward leader approves."""

    __tablename__ = "review"
    review_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ward: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period_code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20))  # prepared | approved
    snapshot_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    assessment: Mapped[str] = mapped_column(String(8000))
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    content_hash: Mapped[str] = mapped_column(String(64))
    prepared_by: Mapped[str] = mapped_column(String(200))
    prepared_at: Mapped[dt.datetime]
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[dt.datetime | None]


class Reviews:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def approved_exists(self, ward: str, period_code: str) -> bool:
        query = select(Review.review_id).where(
            Review.ward == ward, Review.period_code == period_code, Review.status == "approved"
        )
        return (await self._session.execute(query.limit(1))).first() is not None

    async def get(self, ward: str, review_id: uuid.UUID) -> Review | None:
        query = select(Review).where(Review.ward == ward, Review.review_id == review_id)
        found: Review | None = (await self._session.execute(query)).scalar_one_or_none()
        return found

    async def list(self, ward: str, limit: int = 200) -> list[Review]:
        query = select(Review).where(Review.ward == ward).order_by(Review.prepared_at.desc()).limit(limit)
        return list((await self._session.execute(query)).scalars())
