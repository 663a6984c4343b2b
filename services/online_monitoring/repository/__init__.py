"""online_monitoring persistence: items with their reports and takedown requests, the encrypted text
excerpts, and the unit of work that owns these repositories."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.online_monitoring.domain.item import IN_HAND, Item
from services.online_monitoring.domain.takedown import WAITING
from services.online_monitoring.events import to_messages
from services.online_monitoring.repository.evidence import EvidenceStore
from services.online_monitoring.repository.mapping import item_from_row, item_values
from services.online_monitoring.repository.tables import Base, ItemRow, ItemTextRow
from shared.clock import now as domain_now
from shared.crypto import FieldCipher
from shared.uow import EventSource, UnitOfWork

__all__ = ["Base", "ItemFilter", "ItemRow", "ItemTextRow", "Items", "OnlineMonitoringUnitOfWork"]

Track = Callable[[EventSource], None]


@dataclass(frozen=True)
class ItemFilter:
    """List filters, every one optional; ``overdue`` and ``takedown_overdue`` are evaluated at ``now``."""

    platform: str | None = None
    status: str | None = None
    category: str | None = None
    establishment_id: uuid.UUID | None = None
    overdue: bool = False
    takedown_overdue: bool = False
    now: dt.datetime | None = None


class Items:
    """The items of one unit of work: what it adds or loads is tracked, and written back at commit."""

    def __init__(self, session: AsyncSession, track: Track, cipher: FieldCipher) -> None:
        self._session = session
        self._track = track
        self._cipher = cipher
        self._loaded: dict[uuid.UUID, tuple[Item, dict[str, Any] | None]] = {}

    def add(self, item: Item) -> None:
        self._loaded[item.id] = (item, None)
        self._track(item)

    async def get(self, item_id: uuid.UUID, ward: str, *, for_update: bool = False) -> Item | None:
        query = select(ItemRow).where(ItemRow.id == item_id, ItemRow.ward == ward)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        return None if row is None else self._remember(row)

    async def by_keys(self, ward: str, keys: Sequence[str]) -> dict[str, Item]:
        """The items of these canonical keys, locked (a report adds to them)."""
        found: dict[str, Item] = {}
        for start in range(0, len(keys), 5000):
            rows = (
                await self._session.execute(
                    select(ItemRow)
                    .where(ItemRow.ward == ward, ItemRow.key.in_(list(keys[start : start + 5000])))
                    .with_for_update()
                )
            ).scalars()
            for r in rows:
                item = self._remember(r)
                found[str(item.key)] = item
        return found

    async def of_tip(self, ward: str, tip_id: str) -> Item | None:
        """A routed tip's item still waiting for its URL, locked."""
        row = (
            await self._session.execute(
                select(ItemRow)
                .where(ItemRow.ward == ward, ItemRow.source_tip_id == tip_id, ItemRow.key.is_(None))
                .with_for_update()
            )
        ).scalar_one_or_none()
        return None if row is None else self._remember(row)

    async def lock_tip(self, ward: str, tip_id: str) -> None:
        """Until the transaction ends, the one writer of a routed tip's item: intake's TipRouted and an
        officer's report of the tip's URL may arrive together, and each must see what the other wrote."""
        key = func.hashtext(f"om-tip:{ward}:{tip_id}")
        await self._session.execute(select(func.pg_advisory_xact_lock(key)))

    async def tip_known(self, ward: str, tip_id: str) -> bool:
        query = select(ItemRow.id).where(ItemRow.ward == ward, ItemRow.source_tip_id == tip_id).limit(1)
        return (await self._session.scalar(query)) is not None

    def _remember(self, row: ItemRow) -> Item:
        known = self._loaded.get(row.id)
        if known is not None:
            return known[0]
        item = item_from_row(row)
        self._loaded[item.id] = (item, item_values(item))
        self._track(item)
        return item

    async def flush(self) -> None:
        new = [{"id": i.id, **item_values(i)} for i, before in self._loaded.values() if before is None]
        for start in range(0, len(new), 2000):
            await self._session.execute(insert(ItemRow), new[start : start + 2000])
        for i, before in self._loaded.values():
            values = item_values(i)
            if before is not None and values != before:
                await self._session.execute(
                    update(ItemRow)
                    .where(ItemRow.id == i.id)
                    .values(**values, updated_at=func.clock_timestamp())
                )
        self._loaded = {k: (i, item_values(i)) for k, (i, _) in self._loaded.items()}

    async def page(self, ward: str, f: ItemFilter, *, page: int, size: int) -> tuple[list[Item], int]:
        query = _filtered(select(ItemRow).where(ItemRow.ward == ward), f)
        total = int(await self._session.scalar(select(func.count()).select_from(query.subquery())) or 0)
        rows = (
            await self._session.execute(
                query.order_by(ItemRow.due_at, ItemRow.id).offset((page - 1) * size).limit(size)
            )
        ).scalars()
        return [item_from_row(r) for r in rows], total

    async def takedowns_due(self, ward: str, until: dt.datetime) -> list[Item]:
        """Items whose takedown request waits for the platform with its deadline before ``until``
        (overdue ones included), soonest first."""
        rows = (
            await self._session.execute(
                select(ItemRow)
                .where(
                    ItemRow.ward == ward,
                    ItemRow.takedown_status.in_([s.value for s in WAITING]),
                    ItemRow.takedown_deadline <= until,
                )
                .order_by(ItemRow.takedown_deadline, ItemRow.id)
                .limit(1000)
            )
        ).scalars()
        return [item_from_row(r) for r in rows]

    async def active_since(self, ward: str, since: dt.datetime) -> list[Item]:
        """Every item reported or changed since ``since`` (the transparency figures' input)."""
        rows = (
            await self._session.execute(
                select(ItemRow).where(
                    ItemRow.ward == ward, or_(ItemRow.reported_at >= since, ItemRow.updated_at >= since)
                )
            )
        ).scalars()
        return [item_from_row(r) for r in rows]

    # -- the text excerpt: encrypted, read only by the audited use case and the classifier ------
    @staticmethod
    def _aad(item_id: uuid.UUID) -> str:
        return f"online_monitoring:item:{item_id}:text"

    async def set_texts(self, texts: dict[uuid.UUID, str]) -> None:
        rows = [
            {"item_id": i, "ciphertext": self._cipher.encrypt(t, self._aad(i))} for i, t in texts.items() if t
        ]
        if rows:
            stmt = pg_insert(ItemTextRow)
            await self._session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["item_id"],
                    set_={"ciphertext": stmt.excluded.ciphertext, "updated_at": func.clock_timestamp()},
                ),
                rows,
            )

    async def read_text(self, item_id: uuid.UUID) -> str | None:
        row = await self._session.get(ItemTextRow, item_id)
        return None if row is None else self._cipher.decrypt(row.ciphertext, self._aad(item_id))

    async def with_text(self, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        query = select(ItemTextRow.item_id).where(ItemTextRow.item_id.in_(list(ids)))
        return set((await self._session.execute(query)).scalars())


def _filtered(query: Select[Any], f: ItemFilter) -> Select[Any]:
    r = ItemRow
    if f.platform:
        query = query.where(r.platform == f.platform)
    if f.status:
        query = query.where(r.status == f.status)
    if f.category:
        query = query.where(r.category == f.category)
    if f.establishment_id:
        query = query.where(r.establishment_id == f.establishment_id)
    now = f.now or domain_now()
    if f.overdue:
        query = query.where(r.status.in_([s.value for s in IN_HAND]), r.due_at < now)
    if f.takedown_overdue:
        query = query.where(r.takedown_status.in_([s.value for s in WAITING]), r.takedown_deadline < now)
    return query


class OnlineMonitoringUnitOfWork(UnitOfWork):
    """The service's transaction and its repositories; ``commit`` publishes what the aggregates recorded."""

    items: Items
    evidence: EvidenceStore

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, ward: str, cipher: FieldCipher
    ) -> None:
        super().__init__(session_factory, service="online_monitoring", ward=ward, to_messages=to_messages)
        self.cipher = cipher

    def _open(self, session: AsyncSession) -> None:
        self.items = Items(session, self.track, self.cipher)
        self.evidence = EvidenceStore(session, self.cipher)

    async def _flush(self) -> None:
        await self.items.flush()
