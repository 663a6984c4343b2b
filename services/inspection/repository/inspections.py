"""Inspections with their records, and the signals that point at places."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection.domain.inspection import Inspection
from services.inspection.repository.mapping import inspection_from_row, inspection_values, record_values
from services.inspection.repository.tables import InspectionRow, RecordRow, SignalRow
from shared.uow import EventSource

Track = Callable[[EventSource], None]


class Inspections:
    """Inspections with their records; a signed record is never written again (a trigger refuses it)."""

    def __init__(self, session: AsyncSession, track: Track) -> None:
        self._session = session
        self._track = track
        self._loaded: dict[uuid.UUID, tuple[Inspection, dict[uuid.UUID, dict[str, Any]] | None]] = {}

    def add(self, i: Inspection) -> None:
        self._loaded[i.id] = (i, None)
        self._track(i)

    async def get(
        self, inspection_id: uuid.UUID, ward: str, *, for_update: bool = False
    ) -> Inspection | None:
        query = select(InspectionRow).where(InspectionRow.id == inspection_id, InspectionRow.ward == ward)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).scalar_one_or_none()
        if row is None:
            return None
        records = list(
            (
                await self._session.execute(select(RecordRow).where(RecordRow.inspection_id == inspection_id))
            ).scalars()
        )
        i = inspection_from_row(row, records)
        self._loaded[i.id] = (i, {r.id: record_values(r, i.ward) for r in i.records})
        self._track(i)
        return i

    async def flush(self) -> None:
        for i, before in self._loaded.values():
            stored = before or {}
            if before is None:
                await self._session.execute(insert(InspectionRow), [{"id": i.id, **inspection_values(i)}])
            else:
                await self._session.execute(
                    update(InspectionRow).where(InspectionRow.id == i.id).values(completed=i.completed)
                )
            for r in i.records:
                values = record_values(r, i.ward)
                if r.id not in stored:
                    await self._session.execute(insert(RecordRow), [{"id": r.id, **values}])
                elif values != stored[r.id]:
                    await self._session.execute(
                        update(RecordRow).where(RecordRow.id == r.id).values(**values)
                    )
        self._loaded = {
            k: (i, {r.id: record_values(r, i.ward) for r in i.records}) for k, (i, _) in self._loaded.items()
        }

    async def page(
        self,
        ward: str,
        *,
        campaign_id: uuid.UUID | None,
        establishment_id: uuid.UUID | None,
        page: int,
        size: int,
    ) -> tuple[list[Inspection], int]:
        """One page, read only: the inspections and all their records in two queries (not tracked)."""
        query = select(InspectionRow).where(InspectionRow.ward == ward)
        if campaign_id:
            query = query.where(InspectionRow.campaign_id == campaign_id)
        if establishment_id:
            query = query.where(InspectionRow.establishment_ids.contains([establishment_id]))
        total = int(await self._session.scalar(select(func.count()).select_from(query.subquery())) or 0)
        rows = (
            await self._session.execute(
                query.order_by(InspectionRow.planned_for.desc(), InspectionRow.id)
                .offset((page - 1) * size)
                .limit(size)
            )
        ).scalars()
        found = list(rows)
        records: dict[uuid.UUID, list[RecordRow]] = {r.id: [] for r in found}
        if found:
            query_records = select(RecordRow).where(RecordRow.inspection_id.in_(list(records)))
            for record in (await self._session.execute(query_records)).scalars():
                records[record.inspection_id].append(record)
        return [inspection_from_row(r, records[r.id]) for r in found], total

    async def records_of(self, ward: str, establishment_id: uuid.UUID) -> list[RecordRow]:
        return list(
            (
                await self._session.execute(
                    select(RecordRow)
                    .where(RecordRow.ward == ward, RecordRow.establishment_id == establishment_id)
                    .order_by(RecordRow.drafted_at)
                )
            ).scalars()
        )


class Signals:
    """Tips, online items and violations that point at a place (fed by events; de-duplicated)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        ward: str,
        place_key: str,
        *,
        kind: str,
        source_id: str,
        at: dt.datetime,
        detail: str = "",
        inspection_id: str = "",
    ) -> bool:
        stmt = (
            pg_insert(SignalRow)
            .values(
                ward=ward,
                place_key=place_key,
                kind=kind,
                detail=detail,
                source_id=source_id,
                at=at,
                inspection_id=inspection_id,
            )
            .on_conflict_do_nothing()
            .returning(SignalRow.id)
        )
        return (await self._session.execute(stmt)).scalar_one_or_none() is not None

    async def for_place(self, ward: str, place_key: str, since: dt.datetime) -> list[SignalRow]:
        return list(
            (
                await self._session.execute(
                    select(SignalRow)
                    .where(SignalRow.ward == ward, SignalRow.place_key == place_key, SignalRow.at >= since)
                    .order_by(SignalRow.at)
                )
            ).scalars()
        )

    async def of_ward(self, ward: str, since: dt.datetime) -> list[SignalRow]:
        query = select(SignalRow).where(SignalRow.ward == ward, SignalRow.at >= since).order_by(SignalRow.at)
        return list((await self._session.execute(query)).scalars())

    async def for_places(
        self, ward: str, keys: Sequence[str], since: dt.datetime
    ) -> dict[str, list[SignalRow]]:
        out: dict[str, list[SignalRow]] = {k: [] for k in keys}
        rows = (
            await self._session.execute(
                select(SignalRow).where(
                    SignalRow.ward == ward, SignalRow.place_key.in_(list(keys)), SignalRow.at >= since
                )
            )
        ).scalars()
        for r in rows:
            out[r.place_key].append(r)
        return out
