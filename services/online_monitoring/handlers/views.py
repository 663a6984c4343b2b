"""How items read in the API: plain dicts of codes, ISO times and Vietnamese labels (no text excerpt:
that is read through its own audited endpoint)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.online_monitoring.domain.item import STATUS_VI, Item
from services.online_monitoring.domain.kinds import CATEGORY_VI, PLATFORM_VI
from services.online_monitoring.domain.takedown import BODY_VI, CHANNEL_VI, TakedownRequest
from services.online_monitoring.domain.takedown import STATUS_VI as TAKEDOWN_VI
from shared.schemas import local_time, local_time_or_none


def takedown_view(t: TakedownRequest, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": str(t.id),
        "status": t.status.value,
        "status_vi": TAKEDOWN_VI[t.status],
        "channel": t.channel.value,
        "channel_vi": CHANNEL_VI[t.channel],
        "via": t.via.value,
        "via_vi": BODY_VI[t.via],
        "legal_basis": t.legal_basis,
        "deadline_hours": t.deadline_hours,
        "deadline": local_time_or_none(t.deadline),
        "overdue": t.overdue(now),
        "escalated_to": t.escalated_to.value if t.escalated_to else None,
        "steps": [
            {"status": s.status.value, "at": local_time(s.at), "by": s.by, "note": s.note} for s in t.steps
        ],
    }


def item_view(i: Item, now: dt.datetime, *, has_text: bool = False) -> dict[str, Any]:
    c = i.classification
    return {
        "id": str(i.id),
        "ward": i.ward,
        "platform": i.platform.value,
        "platform_vi": PLATFORM_VI[i.platform],
        "space": i.space.value,
        "url": i.url or None,
        "content_hash": i.content_hash,
        "status": i.status.value,
        "status_vi": STATUS_VI[i.status],
        "reported_at": local_time(i.reported_at),
        "due_at": local_time(i.due_at),
        "overdue": i.overdue(now),
        "handled_at": local_time_or_none(i.handled_at),
        "source_tip_id": i.source_tip_id or None,
        "establishment_id": str(i.establishment_id) if i.establishment_id else None,
        "has_text": has_text,
        "reports": [
            {"id": str(r.id), "source": r.source.value, "at": local_time(r.at), "by": r.by or None}
            for r in i.reports
        ],
        "classification": None
        if c is None
        else {
            "category": c.category.value,
            "category_vi": CATEGORY_VI[c.category],
            "within_competence": c.within_competence,
            "by": c.by,
            "at": local_time(c.at),
            "proposed": c.proposed.value if c.proposed else None,
            "score": c.score,
            "model_version": c.model_version or None,
            "agrees_with_proposal": c.agrees,
        },
        "takedowns": [takedown_view(t, now) for t in i.takedowns],
        "closure_reason": i.closure_reason.value if i.closure_reason else None,
        "escalated_to": i.escalated_to.value if i.escalated_to else None,
        "reappearance_count": len(i.reappearances),
    }
