"""Domain events → the published contract messages (facts only: ids, codes, dates; never names,
addresses, owners or free text).

The unit of work calls :func:`to_messages` for every event an aggregate recorded. Each event is
mapped here on purpose: changing the details, activating and suspending are ward-internal and map to
none; an unknown event fails the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from google.protobuf.message import Message

from services.inspection.domain.establishment import (
    Closed,
    DetailsChanged,
    Establishment,
    Registered,
    Reopened,
    Reviewed,
    StatusChanged,
)
from services.inspection.domain.hotspots import (
    HotspotCleared,
    HotspotConfirmed,
    HotspotDismissed,
    HotspotSuggested,
)
from services.inspection.domain.inspection import Inspection, Planned, RecordSigned
from services.inspection.domain.kinds import InspectionResult
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ev
from shared.contracts.values import enum_name, local_midnight
from shared.uow import UnmappedEvent


def _establishment(e: Establishment, event: Any) -> Iterable[Message]:
    common = {"establishment_id": str(e.id), "ward": e.ward, "occurred_at": event.at}
    kind = enum_name("BUSINESS_TYPE", e.details.main_type)
    match event:
        case Registered():
            return [
                ev.EstablishmentRegistered(
                    **common,
                    business_type=kind,
                    residential_group=e.details.residential_group,
                    licensed=e.details.licensed,
                )
            ]
        case Reopened():
            return [
                ev.EstablishmentReopened(
                    **common,
                    business_type=kind,
                    residential_group=e.details.residential_group,
                    licensed=e.details.licensed,
                )
            ]
        case Reviewed():
            return [
                ev.EstablishmentReviewed(
                    **common,
                    risk_class=enum_name("RISK_CLASS", event.risk_class),
                    reviewed_at=local_midnight(event.reviewed_on),
                    previous_risk_class=enum_name("RISK_CLASS", event.previous),
                    inspection_interval_days=event.interval_days,
                    next_review_due_at=local_midnight(event.next_review_due),
                    business_type=kind,
                    unit_code=event.unit,
                )
            ]
        case Closed():
            return [
                ev.EstablishmentClosed(
                    **common, reason=enum_name("CLOSURE_REASON", event.reason), sanction_id=event.sanction_id
                )
            ]
        case DetailsChanged() | StatusChanged():
            return []  # ward-internal
    raise UnmappedEvent(f"establishment event {type(event).__name__} maps to nothing")


def _inspection(i: Inspection, event: Any) -> Iterable[Message]:
    common = {"inspection_id": str(i.id), "ward": i.ward, "occurred_at": event.at}
    match event:
        case Planned():
            return [
                ev.InspectionPlanned(
                    **common,
                    kind=enum_name("INSPECTION_KIND", i.kind),
                    establishment_ids=[str(x) for x in i.establishment_ids],
                    source_tip_id=i.source_tip_id,
                    planned_for=local_midnight(i.planned_for),
                    lead_unit_code=i.team.lead_unit,
                    participating_unit_codes=[u for u in i.team.units if u != i.team.lead_unit],
                    campaign_id=str(i.campaign_id or ""),
                )
            ]
        case RecordSigned(record=r):
            f = r.findings
            tip = i.source_tip_id
            out: list[Message] = [
                ev.InspectionCompleted(
                    **common,
                    establishment_id=str(r.establishment_id),
                    source_tip_id=tip,
                    result=enum_name("INSPECTION_RESULT", f.result),
                    kind=enum_name("INSPECTION_KIND", i.kind),
                    inspected_at=local_midnight(f.inspected_on),
                    violation_count=len(f.violations) if f.result is InspectionResult.VIOLATIONS_FOUND else 0,
                    lead_unit_code=i.team.lead_unit,
                    risk_class=enum_name("RISK_CLASS", event.risk_class),
                )
            ]
            known = set(event.already_published)
            for v in f.violations:
                if str(v.id) in known:
                    continue  # an amendment republishes only what is new
                out.append(
                    ev.ViolationRecorded(
                        violation_id=str(v.id),
                        ward=i.ward,
                        occurred_at=event.at,
                        inspection_id=str(i.id),
                        establishment_id=str(r.establishment_id),
                        kind=enum_name("VIOLATION_KIND", v.kind),
                        source_tip_id=tip,
                    )
                )
            for s in f.sanctions:
                if str(s.id) in known:
                    continue
                out.append(
                    ev.SanctionImposed(
                        sanction_id=str(s.id),
                        ward=i.ward,
                        occurred_at=event.at,
                        violation_id=str(s.violation_id),
                        establishment_id=str(r.establishment_id),
                        inspection_id=str(i.id),
                        kind=enum_name("SANCTION_KIND", s.kind),
                        fine_amount_vnd=s.fine_vnd,
                        suspension_days=s.suspension_days,
                        source_tip_id=tip,
                    )
                )
            return out
    raise UnmappedEvent(f"inspection event {type(event).__name__} maps to nothing")


def _hotspot(ward: str, event: Any) -> Iterable[Message]:
    match event:
        case HotspotConfirmed():
            return [
                ev.HotspotFlagged(
                    hotspot_id=event.hotspot_id,
                    ward=ward,
                    occurred_at=event.at,
                    formation=enum_name("HOTSPOT_FORMATION", event.formation),
                    place_kind=enum_name("PLACE_KIND", event.place_kind),
                    residential_group=event.residential_group,
                    establishment_id=event.establishment_id or "",
                    place_code=event.place_code,
                    source_tip_id=event.source_tip_id or "",
                    source_inspection_id=event.source_inspection_id or "",
                )
            ]
        case HotspotCleared():
            return [
                ev.HotspotCleared(
                    hotspot_id=event.hotspot_id,
                    ward=ward,
                    occurred_at=event.at,
                    place_code=event.place_code,
                    residential_group=event.residential_group,
                )
            ]
        case HotspotSuggested() | HotspotDismissed():
            return []  # a suggestion is not a hotspot until a person confirms it
    raise UnmappedEvent(f"hotspot event {type(event).__name__} maps to nothing")


def to_messages(aggregate: Any, event: Any) -> Iterable[Message]:
    if isinstance(aggregate, Establishment):
        return _establishment(aggregate, event)
    if isinstance(aggregate, Inspection):
        return _inspection(aggregate, event)
    if isinstance(event, HotspotSuggested | HotspotConfirmed | HotspotDismissed | HotspotCleared):
        return _hotspot(aggregate.ward, event)
    raise UnmappedEvent(f"{type(aggregate).__name__} recorded {type(event).__name__}, which maps to nothing")
