"""Domain events → the published contract messages (facts only: ids, codes, times; never free text).

The unit of work calls :func:`to_messages` for every event a tip recorded; every action is mapped
here on purpose (starting verification is internal and maps to none), and an unknown one fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from services.intake.domain import Action, Tip, TipStatus, Transition
from services.intake.domain.deadlines import CRIME_KINDS
from services.intake.domain.tip import DeadlineNoticed, TipEvent
from shared.contracts.pcmd.intake.v1 import events_pb2 as ev
from shared.contracts.values import enum_name
from shared.uow import UnmappedEvent

STAGE = {
    TipStatus.RECEIVED: "VERIFICATION",
    TipStatus.VERIFYING: "VERIFICATION",
    TipStatus.VERIFIED: "CLASSIFICATION",
    TipStatus.CLASSIFIED: "HANDLING",
    TipStatus.ROUTED: "HANDLING",
}
TRANSFER_REASON = {
    "investigating_body": "CRIMINAL_MATTER",
    "procuracy": "CRIMINAL_MATTER",
    "other_ward": "OUTSIDE_WARD",
}


def basis(tip: Tip) -> str:
    return "DEADLINE_BASIS_" + ("CRIMINAL_PROCEDURE_CODE" if tip.kind in CRIME_KINDS else "LAW_ON_COMPLAINTS")


def _common(tip: Tip, step: Transition) -> dict[str, Any]:
    return {"tip_id": str(tip.id), "ward": tip.ward, "occurred_at": step.at}


def _received(tip: Tip, step: Transition) -> Message:
    return ev.TipReceived(
        **_common(tip, step),
        kind=enum_name("TIP_KIND", tip.kind),
        channel=enum_name("CHANNEL", tip.channel),
        due_at=tip.due_at,
        residential_group=tip.residential_group,
        deadline_basis=basis(tip),
        anonymous=tip.anonymous,
        receiving_unit_code=step.actor.unit,
        establishment_id=str(tip.establishment_id or ""),
    )


def _verified(tip: Tip, step: Transition) -> Message:
    return ev.TipVerified(
        **_common(tip, step),
        outcome=enum_name("VERIFICATION_OUTCOME", step.details["outcome"]),
        unit_code=step.actor.unit,
        due_at=tip.due_at,
        kind=enum_name("TIP_KIND", tip.kind),
    )


def _classified(tip: Tip, step: Transition) -> Message:
    return ev.TipClassified(
        **_common(tip, step),
        kind=enum_name("TIP_KIND", tip.kind),
        category=enum_name("TIP_CATEGORY", tip.category),
        severity=enum_name("SEVERITY", tip.severity),
        competent_unit_code=tip.competent_unit or "",
        due_at=tip.due_at,
        deadline_basis=basis(tip),
        complex=tip.complex,
    )


def _routed(tip: Tip, step: Transition) -> Message:
    return ev.TipRouted(
        **_common(tip, step),
        target=enum_name("ROUTING_TARGET", tip.routed_to),
        target_unit_code=tip.target_unit or "",
        due_at=tip.due_at,
        kind=enum_name("TIP_KIND", tip.kind),
        category=enum_name("TIP_CATEGORY", tip.category),
        severity=enum_name("SEVERITY", tip.severity),
        residential_group=tip.residential_group,
        establishment_id=str(tip.establishment_id or ""),
        content_hash=tip.content_hash or "",
    )


def _handled(tip: Tip, step: Transition) -> Message:
    return ev.TipHandled(
        **_common(tip, step),
        outcome=enum_name("HANDLING_OUTCOME", step.details.get("outcome")),
        handled_at=step.at,
        due_at=tip.due_at,
        on_time=step.at <= tip.due_at,
        kind=enum_name("TIP_KIND", tip.kind),
        category=enum_name("TIP_CATEGORY", tip.category),
        unit_code=step.actor.unit,
        resolved_by=enum_name("ROUTING_TARGET", step.details.get("resolved_by")),
        received_at=tip.received_at,
    )


def _unfounded_handled(tip: Tip, step: Transition) -> list[Message]:
    """An unfounded tip is closed: verified (unfounded) and handled (outcome unfounded) at once."""
    handled = ev.TipHandled(
        **_common(tip, step),
        outcome="HANDLING_OUTCOME_UNFOUNDED",
        handled_at=step.at,
        due_at=tip.due_at,
        on_time=step.at <= tip.due_at,
        kind=enum_name("TIP_KIND", tip.kind),
        unit_code=step.actor.unit,
        received_at=tip.received_at,
    )
    return [_verified(tip, step), handled]


def _transferred(tip: Tip, step: Transition) -> Message:
    destination = step.details["destination"]
    return ev.TipTransferred(
        **_common(tip, step),
        destination=enum_name("TRANSFER_DESTINATION", destination),
        destination_agency_code=step.details.get("agency_code", ""),
        reason="TRANSFER_REASON_" + TRANSFER_REASON.get(destination, "OUTSIDE_COMPETENCE"),
        due_at=tip.deadlines.transfer_by or tip.due_at,
        on_time=tip.on_time(),
        kind=enum_name("TIP_KIND", tip.kind),
    )


def _merged(tip: Tip, step: Transition) -> Message:
    return ev.TipMerged(
        **_common(tip, step),
        into_tip_id=step.details["into"],
        reason=enum_name("MERGE_REASON", step.details.get("reason_code", "duplicate")),
    )


def _reopened(tip: Tip, step: Transition) -> Message:
    return ev.TipReopened(
        **_common(tip, step),
        reason=enum_name("REOPEN_REASON", step.details.get("reason_code", "new_information")),
        due_at=tip.due_at,
        previous_outcome=enum_name("HANDLING_OUTCOME", step.details.get("previous_outcome")),
        unit_code=step.actor.unit,
    )


def _extended(tip: Tip, step: Transition) -> Message:
    return ev.TipDeadlineExtended(
        **_common(tip, step),
        stage="TIP_STAGE_" + STAGE.get(step.to_status, "HANDLING"),
        previous_due_at=dt.datetime.fromisoformat(step.details["previous_due_at"]),
        due_at=tip.due_at,
        reason=enum_name("EXTENSION_REASON", step.details.get("reason_code", "other")),
        deadline_basis=basis(tip),
        extension_number=step.details["extension_number"],
        unit_code=step.actor.unit,
    )


def _internal(_tip: Tip, _step: Transition) -> list[Message]:
    return []


MAPPERS: dict[Action, Callable[[Tip, Transition], Message | list[Message]]] = {
    Action.RECEIVE: _received,
    Action.START_VERIFICATION: _internal,
    Action.CONFIRM: _verified,
    Action.REJECT: _unfounded_handled,
    Action.CLASSIFY: _classified,
    Action.ROUTE: _routed,
    Action.HANDLE: _handled,
    Action.TRANSFER: _transferred,
    Action.MERGE: _merged,
    Action.REOPEN: _reopened,
    Action.EXTEND: _extended,
}


def to_messages(tip: Tip, event: TipEvent) -> list[Message]:
    """The contract messages announcing one event of a tip (read after all of the use case's steps)."""
    if isinstance(event, DeadlineNoticed):
        return [deadline_notice(tip, event)]
    if not isinstance(event, Transition):
        raise UnmappedEvent(f"a tip recorded {type(event).__name__}, which maps to nothing")
    produced = MAPPERS[event.action](tip, event)
    return produced if isinstance(produced, list) else [produced]


def deadline_notice(tip: Tip, notice: DeadlineNoticed) -> Message:
    """TipDeadlineApproaching before the deadline, TipOverdue after it."""
    common: dict[str, Any] = {
        "tip_id": str(tip.id),
        "ward": tip.ward,
        "occurred_at": notice.at,
        "stage": "TIP_STAGE_" + STAGE[tip.status],
        "due_at": notice.due_at,
        "kind": enum_name("TIP_KIND", tip.kind),
        "unit_code": tip.competent_unit or "",
    }
    if notice.overdue:
        return ev.TipOverdue(**common)
    hours = int((notice.due_at - notice.at).total_seconds() // 3600)
    return ev.TipDeadlineApproaching(**common, hours_remaining=hours)
