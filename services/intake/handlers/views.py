"""What the API answers about tips: plain values, built from the domain objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.intake.domain import Tip, Transition


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
        "received_at": tip.received_at.isoformat(),
        "due_at": d.due_at.isoformat(),
        "accept_by": d.accept_by.isoformat() if d.accept_by else None,
        "transfer_by": d.transfer_by.isoformat() if d.transfer_by else None,
        "overdue": tip.overdue(now),
        "category": _v(tip.category),
        "severity": _v(tip.severity),
        "competent_unit": tip.competent_unit,
        "complex": tip.complex,
        "routed_to": _v(tip.routed_to),
        "target_unit": tip.target_unit,
        "outcome": _v(tip.outcome),
        "closed_at": tip.closed_at.isoformat() if tip.closed_at else None,
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
        "at": step.at.isoformat(),
        "reason": step.reason if with_reason else "",
        "details": step.details,
    }
