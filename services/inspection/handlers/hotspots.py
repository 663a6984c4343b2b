"""Hotspots (tụ điểm): the rule suggests places from the signals, an officer decides.

Detection runs on the signals of the last window (tips naming an establishment, online items linked
to one, violations found there); a suggestion lists its evidence. Confirming flags the place
(HotspotFlagged, formed or re-formed), dismissing needs a reason, clearing waits for the quiet period.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from services.inspection.domain.hotspots import (
    Hotspot,
    HotspotRules,
    Place,
    Signal,
    SignalKind,
    suggest,
)
from services.inspection.domain.kinds import PLACE_VI, PlaceKind, ViolationKind
from services.inspection.handlers.deps import LOCAL, InspectionDeps
from services.inspection.handlers.establishments import NotFound
from services.inspection.repository import InspectionUnitOfWork
from services.inspection.repository.hotspots import TrackedHotspot
from shared.auth import Principal
from shared.schemas import local_time, local_time_or_none

RULES = HotspotRules()


def hotspot_view(t: TrackedHotspot, rules: HotspotRules = RULES) -> dict[str, Any]:
    h, p = t.value, t.value.place
    return {
        "id": h.id,
        "place": {
            "kind": p.kind.value,
            "kind_vi": PLACE_VI[p.kind],
            "code": p.code,
            "residential_group": p.residential_group,
            "establishment_id": p.establishment_id,
        },
        "trigger": h.trigger.value,
        "status": h.status.value,
        "formation": h.formation.value if h.formation else None,
        "evidence": [
            {
                "kind": s.kind.value,
                "id": s.id,
                "on": s.on.isoformat(),
                "violation": s.violation.value if s.violation else None,
                "inspection_id": s.inspection_id,
            }
            for s in h.evidence
        ],
        "suggested_at": local_time(h.suggested_at),
        "decided_at": local_time_or_none(h.decided_at),
        "decided_by": h.decided_by,
        "dismissal_reason": h.dismissal_reason,
        "cleared_at": local_time_or_none(h.cleared_at),
        "clearing_reason": h.clearing_reason,
        "window_days": rules.window_days,
    }


async def _signals(uow: InspectionUnitOfWork, ward: str, since: dt.datetime) -> list[Signal]:
    """The ward's signals since ``since``, each with its place (an establishment of the register)."""
    rows = await uow.signals.of_ward(ward, since)
    ids = sorted({r.place_key for r in rows})
    known = await uow.establishments.many(ward, [uuid.UUID(i) for i in ids if _is_uuid(i)])
    out = []
    for r in rows:
        e = known.get(uuid.UUID(r.place_key)) if _is_uuid(r.place_key) else None
        if e is None:
            continue  # a tip naming an establishment this register does not hold
        place = Place(
            PlaceKind.ESTABLISHMENT, e.details.registration_number, e.details.residential_group, str(e.id)
        )
        kind = SignalKind(r.kind)
        out.append(
            Signal(
                kind,
                r.source_id,
                place,
                r.at.astimezone(LOCAL).date(),
                ViolationKind(r.detail) if kind is SignalKind.VIOLATION else None,
                r.inspection_id or None,
            )
        )
    return out


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


async def detect(uow: InspectionUnitOfWork, deps: InspectionDeps, ward: str) -> list[dict[str, Any]]:
    """Suggest today's hotspots (idempotent: a place with an open suggestion is not suggested again)."""
    today, now = deps.today(), deps.clock()
    since = dt.datetime.combine(today - dt.timedelta(days=RULES.window_days), dt.time(), LOCAL)
    async with uow:
        hotspots = await uow.hotspots.all(ward, for_update=True)
        found = suggest(await _signals(uow, ward, since), [t.value for t in hotspots], today, RULES)
        created = [uow.hotspots.add(ward, *Hotspot.open(str(uuid.uuid4()), s, now)) for s in found]
        views = [hotspot_view(t) for t in created]
        await uow.commit()
    return views


async def listed(uow: InspectionUnitOfWork, principal: Principal, status: str | None) -> list[dict[str, Any]]:
    async with uow:
        return [
            hotspot_view(t)
            for t in await uow.hotspots.all(principal.ward)
            if status is None or t.value.status.value == status
        ]


async def decide(
    uow: InspectionUnitOfWork,
    deps: InspectionDeps,
    hotspot_id: uuid.UUID,
    principal: Principal,
    step: str,
    *,
    reason: str = "",
) -> dict[str, Any]:
    """confirm | dismiss (with a reason) | clear (with a reason, after the quiet period)."""
    now = deps.clock()
    async with uow:
        t = await uow.hotspots.get(principal.ward, hotspot_id)
        if t is None:
            raise NotFound(f"no hotspot {hotspot_id} in ward {principal.ward}")
        if step == "confirm":
            history = [x.value for x in await uow.hotspots.all(principal.ward)]
            t.apply(t.value.confirm(now, principal.id, history))
        elif step == "dismiss":
            t.apply(t.value.dismiss(now, principal.id, reason))
        else:
            since = dt.datetime.combine(deps.today() - dt.timedelta(days=3 * 366), dt.time(), LOCAL)
            signals = [
                s for s in await _signals(uow, principal.ward, since) if s.place.key == t.value.place.key
            ]
            t.apply(t.value.clear(now, principal.id, reason, signals, RULES))
        view = hotspot_view(t)
        await uow.commit()
    return view
