"""Org units, indicator targets (with their history) and immutable snapshots; the snapshots' repository."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Identity, Integer, String, func, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.reporting.repository.base import Base
from shared.uow import Aggregate


class OrgUnit(Base):
    """The hierarchy snapshots roll up along: a city above its wards."""

    __tablename__ = "org_unit"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(10))  # "city" | "ward"
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("org_unit.code"))


class IndicatorTarget(Base):
    """A target that replaces the catalogue's default for one org unit and year."""

    __tablename__ = "indicator_target"
    org_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    target: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class TargetChange(Base):
    """Who changed which target, from what to what, and why (append-only)."""

    __tablename__ = "target_change"
    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    org_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    indicator_code: Mapped[str] = mapped_column(String(32))
    old_target: Mapped[int | None] = mapped_column(BigInteger)
    new_target: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(500))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(server_default=func.clock_timestamp())


class Snapshot(Base, Aggregate):
    """An indicator snapshot. Content columns never change (a trigger refuses it); status moves on."""

    __tablename__ = "snapshot"
    snapshot_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    scope: Mapped[str] = mapped_column(String(32), index=True)
    ward_codes: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    period_type: Mapped[str] = mapped_column(String(16))
    period_code: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[dt.datetime]
    period_end: Mapped[dt.datetime]
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    content_hash: Mapped[str] = mapped_column(String(64))
    positions: Mapped[dict[str, Any]] = mapped_column(JSONB)
    computed_at: Mapped[dt.datetime]
    prepared_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # prepared -> published
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[dt.datetime | None]
    published_at: Mapped[dt.datetime | None]
    supersedes_snapshot_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # what a report prints for who prepared and approved it (a name and title, or the unit's name)
    prepared_by_name: Mapped[str | None] = mapped_column(String(200))
    approved_by_name: Mapped[str | None] = mapped_column(String(200))
    # each ward's people counts, for a total over several wards (domain.disclosure); None for a ward
    ward_figures: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


SNAPSHOT_CONTENT_COLUMNS = (
    "snapshot_id", "scope", "ward_codes", "period_type", "period_code", "period_start", "period_end",
    "content", "content_hash", "positions", "computed_at", "prepared_by", "prepared_by_name", "ward_figures",
)  # fmt: skip


class Snapshots:
    """Stored snapshots; one loaded for change is tracked, so its events go out at commit."""

    def __init__(self, session: AsyncSession, track: Callable[[Snapshot], None]) -> None:
        self._session = session
        self._track = track

    async def add(self, snapshot: Snapshot) -> None:
        self._session.add(snapshot)
        await self._session.flush()

    async def get(self, snapshot_id: uuid.UUID, *, for_update: bool = False) -> Snapshot | None:
        query = select(Snapshot).where(Snapshot.snapshot_id == snapshot_id)
        row = (
            await self._session.execute(query.with_for_update() if for_update else query)
        ).scalar_one_or_none()
        if row is not None and for_update:
            self._track(row)
        return row

    async def latest_published(self, scope: str, period_code: str) -> uuid.UUID | None:
        """The snapshot of this scope and period published last, which a new one supersedes."""
        query = (
            select(Snapshot.snapshot_id)
            .where(Snapshot.scope == scope, Snapshot.period_code == period_code)
            .where(Snapshot.status == "published")
            .order_by(Snapshot.published_at.desc())
            .limit(1)
        )
        found: uuid.UUID | None = (await self._session.execute(query)).scalar_one_or_none()
        return found

    async def of_scope(self, scope: str, period_code: str | None, limit: int = 200) -> list[Snapshot]:
        query = (
            select(Snapshot).where(Snapshot.scope == scope).order_by(Snapshot.computed_at.desc()).limit(limit)
        )
        if period_code is not None:
            query = query.where(Snapshot.period_code == period_code)
        return list((await self._session.execute(query)).scalars())

    async def exists(self, scope: str, period_code: str) -> bool:
        query = select(Snapshot.snapshot_id).where(
            Snapshot.scope == scope, Snapshot.period_code == period_code
        )
        return (await self._session.execute(query.limit(1))).first() is not None

    async def lock_period(self, scope: str, period_code: str) -> None:
        """Wait for, then hold until the transaction ends, the right to prepare this scope and period."""
        key = f"reporting.snapshot:{scope}:{period_code}"
        await self._session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
