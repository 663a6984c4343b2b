"""Inspection persistence: the register, reviews, signals, campaigns, inspections with their records,
surprise-inspection requests and hotspots; and the unit of work that owns these repositories."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.inspection.domain.establishment import Establishment
from services.inspection.events import to_messages
from services.inspection.repository.hotspots import Hotspots
from services.inspection.repository.inspections import Inspections, Signals
from services.inspection.repository.mapping import (
    establishment_from_row,
    establishment_values,
)
from services.inspection.repository.tables import (
    Base,
    CampaignRow,
    EstablishmentPrivateRow,
    EstablishmentRow,
    HotspotRow,
    InspectionRow,
    ReviewRow,
    SignalRow,
    SurpriseRequestRow,
)
from shared.clock import now as domain_now
from shared.crypto import FieldCipher
from shared.uow import EventSource, UnitOfWork

__all__ = [
    "Base",
    "CampaignRow",
    "EstablishmentFilter",
    "HotspotRow",
    "InspectionUnitOfWork",
    "ReviewRow",
    "SignalRow",
    "SurpriseRequestRow",
]

Track = Callable[[EventSource], None]


@dataclass(frozen=True)
class EstablishmentFilter:
    """List filters; every field optional. ``due_*`` are evaluated on ``today``."""

    business_type: str | None = None
    risk_class: str | None = None
    residential_group: str | None = None
    status: str | None = None
    due_for_review: bool = False
    due_for_inspection: bool = False
    campaign_id: uuid.UUID | None = None
    today: dt.date | None = None


class Establishments:
    """The register of one unit of work: what it adds or loads is tracked, and written back at commit."""

    def __init__(self, session: AsyncSession, track: Track, cipher: FieldCipher) -> None:
        self._session = session
        self._track = track
        self._cipher = cipher
        self._loaded: dict[uuid.UUID, tuple[Establishment, dict[str, Any] | None]] = {}

    def add(self, e: Establishment) -> None:
        self._loaded[e.id] = (e, None)
        self._track(e)

    async def get(
        self, establishment_id: uuid.UUID, ward: str, *, for_update: bool = False
    ) -> Establishment | None:
        query = select(EstablishmentRow).where(
            EstablishmentRow.id == establishment_id, EstablishmentRow.ward == ward
        )
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        return None if row is None else self._remember(row)

    async def by_registration(self, ward: str, numbers: Sequence[str]) -> dict[str, Establishment]:
        """The establishments of these registration numbers (locked: an import upserts them)."""
        rows = (
            await self._session.execute(
                select(EstablishmentRow)
                .where(EstablishmentRow.ward == ward, EstablishmentRow.registration_number.in_(list(numbers)))
                .with_for_update()
            )
        ).scalars()
        return {r.registration_number: self._remember(r) for r in rows}

    async def many(self, ward: str, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Establishment]:
        rows = (
            await self._session.execute(
                select(EstablishmentRow).where(
                    EstablishmentRow.ward == ward, EstablishmentRow.id.in_(list(ids))
                )
            )
        ).scalars()
        return {r.id: self._remember(r) for r in rows}

    def _remember(self, row: EstablishmentRow) -> Establishment:
        known = self._loaded.get(row.id)
        if known is not None:
            return known[0]
        e = establishment_from_row(row)
        self._loaded[e.id] = (e, establishment_values(e))
        self._track(e)
        return e

    async def flush(self) -> None:
        new = [
            {"id": e.id, **establishment_values(e)} for e, before in self._loaded.values() if before is None
        ]
        if new:
            await self._session.execute(insert(EstablishmentRow), new)
        for e, before in self._loaded.values():
            values = establishment_values(e)
            if before is not None and values != before:
                await self._session.execute(
                    update(EstablishmentRow)
                    .where(EstablishmentRow.id == e.id)
                    .values(**values, updated_at=func.clock_timestamp())
                )
        self._loaded = {k: (e, establishment_values(e)) for k, (e, _) in self._loaded.items()}

    async def page(
        self, ward: str, f: EstablishmentFilter, *, page: int, size: int
    ) -> tuple[list[Establishment], int]:
        query = _filtered(select(EstablishmentRow).where(EstablishmentRow.ward == ward), f)
        total = int(await self._session.scalar(select(func.count()).select_from(query.subquery())) or 0)
        rows = (
            await self._session.execute(
                query.order_by(EstablishmentRow.name, EstablishmentRow.id)
                .offset((page - 1) * size)
                .limit(size)
            )
        ).scalars()
        return [establishment_from_row(r) for r in rows], total

    async def active(self, ward: str) -> list[Establishment]:
        """Every establishment not closed (for scheduling and exports)."""
        rows = (
            await self._session.execute(
                select(EstablishmentRow).where(
                    EstablishmentRow.ward == ward, EstablishmentRow.status != "closed"
                )
            )
        ).scalars()
        return [establishment_from_row(r) for r in rows]

    # -- personal fields (owner or manager): encrypted, read only by the audited use case -------
    @staticmethod
    def _aad(establishment_id: uuid.UUID, name: str) -> str:
        return f"inspection:establishment:{establishment_id}:{name}"

    async def set_private(self, establishment_id: uuid.UUID, values: dict[str, str]) -> list[str]:
        """Store (or replace) the given fields; an empty value erases that field."""
        await self.set_private_many({establishment_id: values})
        return [name for name, value in values.items() if value]

    async def set_private_many(self, values: dict[uuid.UUID, dict[str, str]]) -> None:
        """Several establishments' fields in two statements (an import writes thousands)."""
        table = EstablishmentPrivateRow.__table__
        erased = [
            (eid, name) for eid, fields in values.items() for name, value in fields.items() if not value
        ]
        for eid, name in erased:
            await self._session.execute(
                table.delete().where(  # type: ignore[attr-defined]
                    EstablishmentPrivateRow.establishment_id == eid, EstablishmentPrivateRow.field == name
                )
            )
        rows = [
            {
                "establishment_id": eid,
                "field": name,
                "ciphertext": self._cipher.encrypt(value, self._aad(eid, name)),
            }
            for eid, fields in values.items()
            for name, value in fields.items()
            if value
        ]
        if rows:
            stmt = pg_insert(EstablishmentPrivateRow)
            await self._session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["establishment_id", "field"],
                    set_={"ciphertext": stmt.excluded.ciphertext, "updated_at": func.clock_timestamp()},
                ),
                rows,
            )

    async def read_private(self, establishment_id: uuid.UUID) -> dict[str, str]:
        return (await self.read_private_many([establishment_id])).get(establishment_id, {})

    async def read_private_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, str]]:
        rows = (
            await self._session.execute(
                select(EstablishmentPrivateRow).where(EstablishmentPrivateRow.establishment_id.in_(list(ids)))
            )
        ).scalars()
        out: dict[uuid.UUID, dict[str, str]] = {}
        for r in rows:
            value = self._cipher.decrypt(r.ciphertext, self._aad(r.establishment_id, r.field))
            out.setdefault(r.establishment_id, {})[r.field] = value
        return out


def _filtered(query: Select[Any], f: EstablishmentFilter) -> Select[Any]:
    e = EstablishmentRow
    if f.business_type:
        query = query.where(e.business_types.contains([f.business_type]))
    if f.risk_class:
        query = query.where(e.risk_class == f.risk_class)
    if f.residential_group:
        query = query.where(e.residential_group == f.residential_group)
    if f.status:
        query = query.where(e.status == f.status)
    today = f.today or domain_now().astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    if f.due_for_review:
        query = query.where(
            e.status != "closed", or_(e.next_review_due.is_(None), e.next_review_due <= today)
        )
    if f.due_for_inspection:
        due = func.coalesce(
            e.last_inspected_on + func.make_interval(0, 0, 0, e.inspection_interval_days), e.last_reviewed_on
        )
        query = query.where(e.status != "closed", e.inspection_interval_days.is_not(None), due <= today)
    if f.campaign_id:
        planned = select(func.unnest(InspectionRow.establishment_ids)).where(
            InspectionRow.campaign_id == f.campaign_id
        )
        query = query.where(e.id.in_(planned))
    return query


class InspectionUnitOfWork(UnitOfWork):
    """The service's transaction and its repositories; ``commit`` publishes what the aggregates recorded."""

    establishments: Establishments
    inspections: Inspections
    signals: Signals
    hotspots: Hotspots

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, ward: str, cipher: FieldCipher
    ) -> None:
        super().__init__(session_factory, service="inspection", ward=ward, to_messages=to_messages)
        self.cipher = cipher

    def _open(self, session: AsyncSession) -> None:
        self.establishments = Establishments(session, self.track, self.cipher)
        self.inspections = Inspections(session, self.track)
        self.signals = Signals(session)
        self.hotspots = Hotspots(session, self.track)

    async def _flush(self) -> None:
        await self.establishments.flush()
        await self.inspections.flush()
        await self.hotspots.flush()

    # Plain rows with no events of their own: reviews, campaigns, requests, hotspots.
    def add_row(self, row: ReviewRow | CampaignRow | SurpriseRequestRow | HotspotRow) -> None:
        self.session.add(row)

    async def scalar_rows(self, query: Select[Any]) -> list[Any]:
        return list((await self.session.execute(query)).scalars())
