"""Hotspots as stored: the domain's value (a place, its evidence, what people decided) in one row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection.domain.hotspots import Hotspot, HotspotStatus, Place, Signal, SignalKind, Trigger
from services.inspection.domain.kinds import HotspotFormation, PlaceKind, ViolationKind
from services.inspection.repository.tables import HotspotRow
from shared.uow import Aggregate, EventSource


@dataclass(eq=False)
class TrackedHotspot(Aggregate):
    """A hotspot of a ward as the unit of work tracks it: the current value and the events of its steps."""

    ward: str
    value: Hotspot

    def apply(self, step: tuple[Hotspot, Any]) -> None:
        self.value, event = step
        self.record(event)


def _signal_json(s: Signal) -> dict[str, Any]:
    return {
        "kind": s.kind.value,
        "id": s.id,
        "on": s.on.isoformat(),
        "violation": s.violation.value if s.violation else None,
        "inspection_id": s.inspection_id,
    }


def values(h: Hotspot, ward: str) -> dict[str, Any]:
    p = h.place
    return {
        "ward": ward,
        "place_key": p.key,
        "place_kind": p.kind.value,
        "place_code": p.code,
        "residential_group": p.residential_group,
        "establishment_id": p.establishment_id,
        "trigger": h.trigger.value,
        "status": h.status.value,
        "formation": h.formation.value if h.formation else None,
        "evidence": [_signal_json(s) for s in h.evidence],
        "suggested_at": h.suggested_at,
        "decided_at": h.decided_at,
        "decided_by": h.decided_by,
        "dismissal_reason": h.dismissal_reason,
        "cleared_at": h.cleared_at,
        "cleared_by": h.cleared_by,
        "clearing_reason": h.clearing_reason,
    }


def from_row(r: HotspotRow) -> Hotspot:
    place = Place(PlaceKind(r.place_kind), r.place_code, r.residential_group, r.establishment_id)
    evidence = tuple(
        Signal(
            SignalKind(s["kind"]),
            s["id"],
            place,
            dt.date.fromisoformat(s["on"]),
            ViolationKind(s["violation"]) if s.get("violation") else None,
            s.get("inspection_id"),
        )
        for s in r.evidence
    )
    return Hotspot(
        id=str(r.id),
        place=place,
        trigger=Trigger(r.trigger),
        evidence=evidence,
        suggested_at=r.suggested_at,
        status=HotspotStatus(r.status),
        formation=HotspotFormation(r.formation) if r.formation else None,
        decided_at=r.decided_at,
        decided_by=r.decided_by,
        dismissal_reason=r.dismissal_reason,
        cleared_at=r.cleared_at,
        cleared_by=r.cleared_by,
        clearing_reason=r.clearing_reason,
    )


class Hotspots:
    """The ward's hotspots; what a unit of work adds or loads is tracked and written back at commit."""

    def __init__(self, session: AsyncSession, track: Callable[[EventSource], None]) -> None:
        self._session = session
        self._track = track
        self._tracked: dict[str, tuple[TrackedHotspot, bool]] = {}  # id -> (hotspot, stored before)

    def add(self, ward: str, hotspot: Hotspot, event: Any) -> TrackedHotspot:
        t = TrackedHotspot(ward, hotspot)
        t.record(event)
        self._tracked[hotspot.id] = (t, False)
        self._track(t)
        return t

    async def all(self, ward: str, *, for_update: bool = False) -> list[TrackedHotspot]:
        query = select(HotspotRow).where(HotspotRow.ward == ward).order_by(HotspotRow.suggested_at)
        if for_update:
            query = query.with_for_update()
        out = []
        for row in (await self._session.execute(query)).scalars():
            key = str(row.id)
            if key not in self._tracked:
                t = TrackedHotspot(ward, from_row(row))
                self._tracked[key] = (t, True)
                self._track(t)
            out.append(self._tracked[key][0])
        return out

    async def get(self, ward: str, hotspot_id: uuid.UUID) -> TrackedHotspot | None:
        found = [t for t in await self.all(ward, for_update=True) if t.value.id == str(hotspot_id)]
        return found[0] if found else None

    async def flush(self) -> None:
        for key, (t, stored) in list(self._tracked.items()):
            row = values(t.value, t.ward)
            if stored:
                await self._session.execute(
                    update(HotspotRow).where(HotspotRow.id == uuid.UUID(key)).values(**row)
                )
            else:
                await self._session.execute(insert(HotspotRow), [{"id": uuid.UUID(key), **row}])
                self._tracked[key] = (t, True)
