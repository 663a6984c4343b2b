"""What the API answers about tips: plain values, built from the domain objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.intake.domain import Tip, Transition
from shared.schemas import local_time, local_time_or_none

# A step's details that are instants (kept as written, in UTC): answered in the ward's time.
DETAIL_INSTANTS = ("previous_due_at", "due_at")


def _details(details: dict[str, Any]) -> dict[str, Any]:
    return {
        key: local_time(dt.datetime.fromisoformat(value))
        if key in DETAIL_INSTANTS and isinstance(value, str)
        else value
        for key, value in details.items()
    }


def _v(value: Any) -> str | None:
    return None if value is None else str(value.value)


def tip_view(tip: Tip, now: dt.datetime) -> dict[str, Any]:
    d = tip.deadlines
    return {
        "id": str(tip.id),
        "ward": tip.ward,
        "kind": tip.kind.value,
        "channel": tip.channel.value,
        "subject_type": tip.subject_type.value,
        "residential_group": tip.residential_group,
        "status": tip.status.value,
        "anonymous": tip.anonymous,
        "establishment_id": str(tip.establishment_id) if tip.establishment_id else None,
        "received_at": local_time(tip.received_at),
        "due_at": local_time(d.due_at),
        "accept_by": local_time_or_none(d.accept_by),
        "transfer_by": local_time_or_none(d.transfer_by),
        "overdue": tip.overdue(now),
        "category": _v(tip.category),
        "severity": _v(tip.severity),
        "competent_unit": tip.competent_unit,
        "complex": tip.complex,
        "routed_to": _v(tip.routed_to),
        "target_unit": tip.target_unit,
        "outcome": _v(tip.outcome),
        "closed_at": local_time_or_none(tip.closed_at),
        "on_time": tip.on_time() if tip.closed_at else None,
        "merged_into": str(tip.merged_into) if tip.merged_into else None,
        "extensions": tip.extensions,
    }


def transition_view(step: Transition, *, with_reason: bool) -> dict[str, Any]:
    """A step; its free-text reason is personal data, empty unless the caller may read it."""
    return {
        "action": step.action.value,
        "from_status": _v(step.from_status),
        "to_status": step.to_status.value,
        "actor": step.actor.id,
        "unit": step.actor.unit,
        "at": local_time(step.at),
        "reason": step.reason if with_reason else "",
        "details": _details(step.details),
    }
