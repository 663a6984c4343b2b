"""Fold every producer's events into the read models (one handler per event type).

Handlers only upsert facts keyed by entity, so the result does not depend on the order events
arrive in, across streams or within one; the inbox makes a redelivered event a no-op.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from services.reporting.repository.facts import (
    CaseFact,
    EstablishmentFact,
    Facts,
    HotspotFact,
    InspectionFact,
    OnlineItemFact,
    ServiceFact,
    TipFact,
)
from services.reporting.repository.unit_of_work import ReportingUnitOfWork
from shared.contracts.pcmd.case_support.v1 import events_pb2 as cs
from shared.contracts.pcmd.inspection.v1 import events_pb2 as ins
from shared.contracts.pcmd.intake.v1 import events_pb2 as intake
from shared.contracts.pcmd.online_monitoring.v1 import events_pb2 as om
from shared.messaging.consumer import EventHandler
from shared.messaging.envelope import IncomingEnvelope


def label(enum_type: Any, value: int) -> str:
    """``TIP_KIND_DENUNCIATION`` -> ``denunciation``: the enum's own prefix is dropped."""
    prefix = enum_type.DESCRIPTOR.values[0].name.removesuffix("UNSPECIFIED")
    name: str = enum_type.Name(value)
    return name.removeprefix(prefix).lower()


def at(ts: Any) -> dt.datetime:
    value: dt.datetime = ts.ToDatetime(tzinfo=dt.UTC)
    return value


def maybe_at(event: Any, field: str) -> dt.datetime | None:
    return at(getattr(event, field)) if event.HasField(field) else None


# intake ---------------------------------------------------------------------------------------


def _tip(event: Any) -> dict[str, Any]:
    return {"tip_id": uuid.UUID(event.tip_id)}


async def tip_received(f: Facts, e: intake.TipReceived) -> None:
    await f.fill(
        TipFact,
        _tip(e),
        ward=e.ward,
        kind=label(intake.TipKind, e.kind),
        channel=label(intake.Channel, e.channel),
        residential_group=e.residential_group,
        received_at=at(e.occurred_at),
    )
    await f.latest(
        TipFact, _tip(e), "state_at", at(e.occurred_at), ward=e.ward, status="received", due_at=at(e.due_at)
    )


TIP_STATUS = {"TipVerified": "verified", "TipClassified": "classified", "TipRouted": "routed"}


async def tip_progressed(f: Facts, e: Any) -> None:
    """Verified, classified, routed, extended: still open, with this deadline."""
    if e.DESCRIPTOR.name == "TipVerified" and e.outcome == intake.VERIFICATION_OUTCOME_UNFOUNDED:
        return  # closed by the TipHandled (outcome unfounded) that comes with it
    state: dict[str, Any] = {"due_at": at(e.due_at)}
    if e.DESCRIPTOR.name in TIP_STATUS:
        state["status"] = TIP_STATUS[e.DESCRIPTOR.name]
    await f.latest(TipFact, _tip(e), "state_at", at(e.occurred_at), ward=e.ward, **state)


async def tip_handled(f: Facts, e: intake.TipHandled) -> None:
    await f.latest(
        TipFact,
        _tip(e),
        "state_at",
        at(e.occurred_at),
        ward=e.ward,
        status="handled",
        closed_at=at(e.handled_at),
        on_time=e.on_time,
        due_at=at(e.due_at),
        outcome=label(intake.HandlingOutcome, e.outcome),
    )


async def tip_transferred(f: Facts, e: intake.TipTransferred) -> None:
    when = at(e.occurred_at)
    await f.latest(
        TipFact, _tip(e), "state_at", when, ward=e.ward, status="transferred", closed_at=when,
        on_time=e.on_time, outcome="transferred",
    )  # fmt: skip


async def tip_merged(f: Facts, e: intake.TipMerged) -> None:
    """A duplicate: closed here, counted with the tip it joined."""
    when = at(e.occurred_at)
    await f.latest(
        TipFact, _tip(e), "state_at", when, ward=e.ward, status="merged", closed_at=when, on_time=True,
        outcome="merged",
    )  # fmt: skip


async def tip_reopened(f: Facts, e: intake.TipReopened) -> None:
    await f.latest(
        TipFact, _tip(e), "state_at", at(e.occurred_at), ward=e.ward, status="verifying", closed_at=None,
        on_time=None, outcome=None, due_at=at(e.due_at),
    )  # fmt: skip


# inspection -----------------------------------------------------------------------------------


def _estab(event: Any) -> dict[str, Any]:
    return {"establishment_id": event.establishment_id}


async def establishment_registered(f: Facts, e: ins.EstablishmentRegistered) -> None:
    await f.fill(
        EstablishmentFact,
        _estab(e),
        ward=e.ward,
        business_type=label(ins.BusinessType, e.business_type),
        residential_group=e.residential_group,
        registered_at=at(e.occurred_at),
    )


async def establishment_reviewed(f: Facts, e: ins.EstablishmentReviewed) -> None:
    await f.fill_missing(
        EstablishmentFact, _estab(e), ward=e.ward, business_type=label(ins.BusinessType, e.business_type)
    )
    await f.latest(
        EstablishmentFact,
        _estab(e),
        "reviewed_at",
        at(e.reviewed_at) if e.HasField("reviewed_at") else at(e.occurred_at),
        ward=e.ward,
        risk_class=label(ins.RiskClass, e.risk_class),
        inspection_interval_days=e.inspection_interval_days or None,
    )


async def establishment_closed(f: Facts, e: ins.EstablishmentClosed) -> None:
    await f.latest(EstablishmentFact, _estab(e), "closed_at", at(e.occurred_at), ward=e.ward)


async def establishment_reopened(f: Facts, e: ins.EstablishmentReopened) -> None:
    await f.latest(EstablishmentFact, _estab(e), "reopened_at", at(e.occurred_at), ward=e.ward)


async def inspection_completed(f: Facts, e: ins.InspectionCompleted) -> None:
    await f.fill(
        InspectionFact,
        {"inspection_id": e.inspection_id, "establishment_id": e.establishment_id},
        ward=e.ward,
        kind=label(ins.InspectionKind, e.kind),
        result=label(ins.InspectionResult, e.result),
        inspected_at=maybe_at(e, "inspected_at") or at(e.occurred_at),
        violation_count=e.violation_count,
    )


async def hotspot_flagged(f: Facts, e: ins.HotspotFlagged) -> None:
    await f.fill(
        HotspotFact,
        {"hotspot_id": e.hotspot_id},
        ward=e.ward,
        formation=label(ins.HotspotFormation, e.formation),
        place_kind=label(ins.PlaceKind, e.place_kind),
        flagged_at=at(e.occurred_at),
    )


async def hotspot_cleared(f: Facts, e: ins.HotspotCleared) -> None:
    await f.earliest(HotspotFact, {"hotspot_id": e.hotspot_id}, "cleared_at", at(e.occurred_at), ward=e.ward)


# case support ---------------------------------------------------------------------------------


def _case(event: Any) -> dict[str, Any]:
    return {"case_id": event.case_id}


async def client_enrolled(f: Facts, e: cs.ClientEnrolled) -> None:
    when = at(e.occurred_at)
    await f.fill(CaseFact, _case(e), ward=e.ward, client_code=e.client_code, enrolled_at=when)
    await f.latest(
        CaseFact, _case(e), "assessed_at", when, ward=e.ward, client_code=e.client_code,
        eligible=e.eligible, has_needs=e.has_needs,
    )  # fmt: skip


async def needs_assessed(f: Facts, e: cs.NeedsAssessed) -> None:
    await f.latest(
        CaseFact, _case(e), "assessed_at", at(e.occurred_at), ward=e.ward, client_code=e.client_code,
        eligible=e.eligible, has_needs=e.has_needs,
    )  # fmt: skip


async def case_closed(f: Facts, e: cs.CaseClosed) -> None:
    """The latest closure: with ``reopened_at`` it says whether the case is closed (as establishments)."""
    await f.latest(CaseFact, _case(e), "closed_at", at(e.occurred_at), ward=e.ward, client_code=e.client_code)


async def case_reopened(f: Facts, e: cs.CaseReopened) -> None:
    """Active again from the re-opening (closed only while the latest closure is the later)."""
    await f.latest(
        CaseFact, _case(e), "reopened_at", at(e.occurred_at), ward=e.ward, client_code=e.client_code
    )


async def service_received(f: Facts, e: cs.ServiceReceived) -> None:
    await f.fill(
        ServiceFact,
        {"service_record_id": e.service_record_id},
        ward=e.ward,
        case_id=e.case_id,
        client_code=e.client_code,
        category=label(cs.ServiceCategory, e.service_category),
        kind=label(cs.ServiceKind, e.service_kind),
        received_at=maybe_at(e, "received_at") or at(e.occurred_at),
    )


# online monitoring ----------------------------------------------------------------------------


def _item(event: Any) -> dict[str, Any]:
    return {"item_id": event.item_id}


async def item_reported(f: Facts, e: om.ItemReported) -> None:
    await f.fill(
        OnlineItemFact, _item(e), ward=e.ward, platform=label(om.Platform, e.platform),
        reported_at=at(e.occurred_at), due_at=maybe_at(e, "due_at"),
    )  # fmt: skip


async def item_classified(f: Facts, e: om.ItemClassified) -> None:
    when = at(e.occurred_at)
    await f.earliest(OnlineItemFact, _item(e), "classified_at", when, ward=e.ward)
    await f.latest(
        OnlineItemFact,
        _item(e),
        "category_at",
        when,
        ward=e.ward,
        category=label(om.ItemCategory, e.category),
    )


HANDLING = {"ItemRemoved": "removed", "ItemEscalated": "escalated", "ItemClosed": "closed"}


async def item_handled(f: Facts, e: Any) -> None:
    """Removed, escalated or closed: the first of them is when the item was handled."""
    await f.earliest(
        OnlineItemFact, _item(e), "handled_at", at(e.occurred_at), ward=e.ward,
        handled_on_time=e.on_time, outcome=HANDLING[e.DESCRIPTOR.name],
    )  # fmt: skip


Projection = Callable[[Facts, Any], Awaitable[None]]


async def not_counted(_f: Facts, _e: Any) -> None:
    """Subscribed on purpose, but no indicator counts it yet: only the stream position advances.

    The event stays in the producer's stream, so a rebuild can project it once an indicator needs it.
    """


PROJECTIONS: Mapping[str, Mapping[str, Projection]] = {
    "intake": {
        "TipReceived": tip_received,
        "TipVerified": tip_progressed,
        "TipClassified": tip_progressed,
        "TipRouted": tip_progressed,
        "TipDeadlineExtended": tip_progressed,
        "TipHandled": tip_handled,
        "TipTransferred": tip_transferred,
        "TipMerged": tip_merged,
        "TipReopened": tip_reopened,
        "TipDeadlineApproaching": not_counted,  # overdue is derived from due_at and the closure
        "TipOverdue": not_counted,
    },
    "inspection": {
        "EstablishmentRegistered": establishment_registered,
        "EstablishmentReviewed": establishment_reviewed,
        "EstablishmentClosed": establishment_closed,
        "EstablishmentReopened": establishment_reopened,
        "InspectionCompleted": inspection_completed,
        "HotspotFlagged": hotspot_flagged,
        "HotspotCleared": hotspot_cleared,
        "InspectionPlanned": not_counted,  # ESTAB_MANAGED counts inspections carried out
        "ViolationRecorded": not_counted,  # the completed inspection carries its result
        "SanctionImposed": not_counted,
    },
    "case_support": {
        "ClientEnrolled": client_enrolled,
        "NeedsAssessed": needs_assessed,
        "CaseClosed": case_closed,
        "CaseReopened": case_reopened,
        "ClientErased": not_counted,  # erasure keeps the pseudonymous facts: the figures do not change
        "ServiceReceived": service_received,
        "ConsentGranted": not_counted,  # HR_ACCESS counts services received, not consents or referrals
        "ConsentWithdrawn": not_counted,
        "ReferralMade": not_counted,
        "ReferralAccepted": not_counted,
        "ReferralCompleted": not_counted,
        "TipSupported": not_counted,  # for intake; the service itself comes as ServiceReceived
    },
    "online_monitoring": {
        "ItemReported": item_reported,
        "ItemClassified": item_classified,
        "ItemRemoved": item_handled,
        "ItemEscalated": item_handled,
        "ItemClosed": item_handled,
        "TakedownRequested": not_counted,  # ONLINE_HANDLED counts items handled
        "ItemReappeared": not_counted,
    },
}

PACKAGES = {
    "intake": intake.DESCRIPTOR.package,
    "inspection": ins.DESCRIPTOR.package,
    "case_support": cs.DESCRIPTOR.package,
    "online_monitoring": om.DESCRIPTOR.package,
}


def _applied(projection: Projection) -> EventHandler[ReportingUnitOfWork]:
    async def handle(uow: ReportingUnitOfWork, event: Any, env: IncomingEnvelope) -> None:
        facts = Facts(uow.session)
        await projection(facts, event)
        await facts.advance(env.stream, env.stream_seq)

    return handle


def projections_for(producer: str) -> dict[str, Projection]:
    """Projections keyed by full event type, e.g. ``pcmd.intake.v1.TipReceived``."""
    package = PACKAGES[producer]
    return {f"{package}.{name}": p for name, p in PROJECTIONS[producer].items()}


def handlers_for(producer: str) -> dict[str, EventHandler[ReportingUnitOfWork]]:
    """Consumer handlers keyed by full event type, each also recording the stream position."""
    return {event_type: _applied(p) for event_type, p in projections_for(producer).items()}
